"""Loaded by pytest (`-p reintegra.pytest_env`) before Django starts: mark the run as a test run."""

import os

os.environ.setdefault("REINTEGRA_TESTING", "1")
