"""Delete stored files no row names any more (e.g. proofs replaced before replacing deleted them)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from privacy.services import orphaned_files, orphaned_files_remove


class Command(BaseCommand):
    help = (
        "Delete uploaded files that no record names any more (older than an hour); erasure and the "
        "retention run do this too. --dry-run only counts them (see privacy/README.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count the files, delete nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["dry_run"]:
            self.stdout.write(f"{len(orphaned_files())} orphaned files (nothing deleted).")
            return
        self.stdout.write(self.style.SUCCESS(f"Deleted {orphaned_files_remove()} orphaned files."))
