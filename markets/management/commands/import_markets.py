"""Import a labour-market file (CSV as German Excel saves it, or XLSX). All or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from markets.importer import MarketFileError
from markets.services import market_import_file


class Command(BaseCommand):
    help = "Import labour-market demand per origin country from CSV/XLSX; a new version per country."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--illustrative", action="store_true", help="mark as demo values, not real statistics")
        parser.add_argument("--note", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        try:
            versions = market_import_file(
                acting_user=None, content=content, file_name=path.name, today=timezone.localdate(),
                illustrative=options["illustrative"], note=options["note"],
            )
        except MarketFileError as error:
            lines = [str(e) for e in error.errors]
            if error.total > len(lines):
                lines.append(f"… and {error.total - len(lines)} more")
            raise CommandError("Nothing was imported:\n  " + "\n  ".join(lines)) from error
        self.stdout.write(self.style.SUCCESS(
            "Imported " + ", ".join(f"{v.profile.country} v{v.version} ({v.demands.count()} rows)" for v in versions)
        ))
