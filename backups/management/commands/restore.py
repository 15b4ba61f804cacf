"""`manage.py restore PATH`: restore a backup, then prove no row was lost (operators only)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader

from backups.management.commands._progress import progress_bars
from backups.services import BackupError, backup_restore, database_is_empty

NOT_EMPTY = (
    "The database {name} is not empty. Restoring replaces all of its contents with the backup; "
    "stop the application and run again with --yes to do so."
)


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into the configured database, then compare every "
        "table's row count and checksum with the manifest. Exits non-zero on any difference."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The backup file (or its .manifest.json).")
        parser.add_argument(
            "--yes", action="store_true", help="Replace the contents of a database that is not empty."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections[DEFAULT_DB_ALIAS]
        if not options["yes"] and not database_is_empty(connection=connection):
            raise CommandError(NOT_EMPTY.format(name=connection.settings_dict["NAME"]))
        # Our own connection must not hold the file or tables the restore replaces.
        connection.close()
        try:
            report = backup_restore(
                path=options["path"], database_settings=connection.settings_dict,
                progress=progress_bars(enabled=options["verbosity"] >= 1),
            )
        except BackupError as error:
            raise CommandError(f"Restore failed: {error}") from error
        if options["verbosity"] >= 2:
            for comparison in report.tables:
                self.stdout.write(f"  {comparison.describe()}")
        self.stdout.write(f"Restored {report.backup_path} ({report.engine}).")
        self.stdout.write(
            f"{report.rows_restored} of {report.rows_expected} rows in {len(report.tables)} tables: "
            f"{report.rows_lost} {'row' if report.rows_lost == 1 else 'rows'} lost."
        )
        self._migration_notice(report.migrations)
        if not report.ok:
            for comparison in report.mismatches:
                self.stderr.write(f"  MISMATCH {comparison.describe()}")
            tables = ", ".join(comparison.table for comparison in report.mismatches)
            raise CommandError(f"The restored database does not match the backup's manifest in: {tables}")
        self.stdout.write(self.style.SUCCESS("Every table matches the manifest (row counts and checksums)."))

    def _migration_notice(self, backed_up: dict[str, str]) -> None:
        """The code may be newer (or older) than the backup: say so before anyone uses the app."""
        code = dict(MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes())
        differing = sorted(app for app in code if backed_up.get(app) != code[app])
        if differing:
            self.stdout.write(
                self.style.WARNING(
                    "The backup's migration state differs from this code in: "
                    f"{', '.join(differing)}. Check `manage.py showmigrations` and run `manage.py migrate` "
                    "if the code is newer."
                )
            )
