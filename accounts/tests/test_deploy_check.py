"""Production settings pass `manage.py check --deploy` without a single warning."""

from __future__ import annotations

import os
import secrets
import string
import subprocess  # noqa: S404 - runs our own manage.py with a fixed argument list
import sys
from pathlib import Path

from cryptography.fernet import Fernet
from django.conf import settings


def test_check_deploy_is_clean_with_production_settings(tmp_path: Path):
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "REINTEGRA_", "SECURE_", "SESSION_", "AXES_", "DATABASE_"))
    }
    env.update(
        {
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "".join(secrets.choice(alphabet) for _ in range(50)),
            "SECURE_SSL_REDIRECT": "1",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'reintegra.sqlite3'}",
            "REINTEGRA_VAR_DIR": str(tmp_path),
            "REINTEGRA_FIELD_KEYS": Fernet.generate_key().decode(),
        }
    )
    result = subprocess.run(  # noqa: S603 - fixed command, our own interpreter
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
