"""Restore checks: restore a backup into a scratch database beside the live one and compare.

The live database is never overwritten from the web; this proves a backup restores with
0 rows lost, which is what an auditor asks of a backup.
"""

from __future__ import annotations

import copy
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from backups.services import SQLITE_ENGINE, RestoreReport, backup_restore


@contextmanager
def _scratch_database() -> Iterator[dict[str, Any]]:
    live = connections[DEFAULT_DB_ALIAS].settings_dict
    scratch = copy.deepcopy(dict(live))
    if live["ENGINE"] == SQLITE_ENGINE:
        with tempfile.TemporaryDirectory(prefix="restore-check-") as folder:
            scratch["NAME"] = str(Path(folder) / "restore-check.sqlite3")
            yield scratch
        return
    name = f"reintegra_restore_check_{uuid.uuid4().hex[:12]}"
    scratch["NAME"] = name
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield scratch
    finally:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def backup_restore_check(*, path: Path) -> RestoreReport:
    """Restore `path` into a fresh scratch database, compare every table, drop the scratch."""
    with _scratch_database() as scratch:
        return backup_restore(path=path, database_settings=scratch)


def backup_folder() -> Path:
    return Path(settings.VAR_DIR) / "backups"
