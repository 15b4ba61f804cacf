"""Which backups exist, read from their manifests (no database access)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from backups.services import MANIFEST_SUFFIX, BackupError, manifest_read


@dataclass(frozen=True)
class BackupEntry:
    name: str  # the manifest's file name: the handle used in URLs
    backup_path: Path
    created_at: dt.datetime
    engine: str
    size_bytes: int
    rows: int
    tables: int


def backup_list(*, folder: Path) -> list[BackupEntry]:
    if not folder.is_dir():
        return []
    entries = []
    for manifest_path in sorted(folder.glob(f"*{MANIFEST_SUFFIX}"), reverse=True):
        try:
            backup_path, manifest = manifest_read(manifest_path)
        except BackupError:
            continue
        entries.append(
            BackupEntry(
                name=manifest_path.name,
                backup_path=backup_path,
                created_at=dt.datetime.fromisoformat(manifest["created_at"]),
                engine=manifest["engine"],
                size_bytes=int(manifest["backup"].get("bytes", 0)),
                rows=sum(int(entry["rows"]) for entry in manifest["tables"].values()),
                tables=len(manifest["tables"]),
            )
        )
    return entries


def backup_get(*, folder: Path, name: str) -> BackupEntry | None:
    """Only a name that is in the listing: never a path built from user input."""
    return next((entry for entry in backup_list(folder=folder) if entry.name == name), None)
