"""`manage.py backup`: a consistent backup of the database plus its manifest (operators only)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from backups.management.commands._progress import progress_bars
from backups.services import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite online backup or pg_dump) with a manifest of per-table row counts "
        "and checksums. The files hold personal data: store and encrypt them accordingly."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", type=Path, default=None,
            help="Folder for the backup and its manifest (default: VAR_DIR/backups).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output_dir: Path = options["output"] or Path(settings.VAR_DIR) / "backups"
        verbosity: int = options["verbosity"]
        try:
            result = backup_create(output_dir=output_dir, progress=progress_bars(enabled=verbosity >= 1))
        except BackupError as error:
            raise CommandError(f"Backup failed: {error}") from error
        if verbosity >= 2:
            for table, digest in result.tables.items():
                self.stdout.write(f"  {table:<45} {digest.rows:>9} rows  sha256 {digest.sha256[:16]}…")
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written: {result.backup_path} ({result.size_bytes / 1_000_000:.1f} MB, {result.engine})"
            )
        )
        self.stdout.write(f"Manifest: {result.manifest_path}")
        self.stdout.write(f"{len(result.tables)} tables, {result.rows} rows, checksums recorded.")
        self.stdout.write("The backup contains personal data: keep it encrypted and access-restricted.")
