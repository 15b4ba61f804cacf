"""Load occupations and skills from the official ESCO CSV download (English files).

    manage.py import_esco /path/to/ESCO-dataset-v1.x-classification-en-csv
    manage.py import_esco --programme-subset      # reload assessments/data/esco_subset.json

All or nothing: every file is checked completely first; any error names file, row and
field, and nothing is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessments.esco_import import EscoImportError, esco_read
from assessments.models import ESCO_CREDIT
from assessments.taxonomy import esco_store, esco_subset_load


class Command(BaseCommand):
    help = "Import ESCO occupations and skills from the official CSV download (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", nargs="?", type=Path, help="folder with occupations_en.csv / skills_en.csv")
        parser.add_argument("--programme-subset", action="store_true", help="reload the shipped programme subset")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["programme_subset"]:
            counts = esco_subset_load()
            self.stdout.write(self.style.SUCCESS(
                f"Programme subset loaded: {counts['occupations']} occupations, {counts['skills']} skills. "
                f"Source: {ESCO_CREDIT}."
            ))
            return
        if options["directory"] is None:
            raise CommandError("Give the ESCO CSV folder, or --programme-subset.")
        try:
            data = esco_read(options["directory"])
        except EscoImportError as error:
            raise CommandError(
                "Nothing was imported. The ESCO files have errors:\n  " + "\n  ".join(error.problems)
            ) from error
        counts = esco_store(data=data)
        self.stdout.write(self.style.SUCCESS(
            "ESCO imported from {files}: {occupations_new} new and {occupations_updated} updated occupations, "
            "{skills_new} new and {skills_updated} updated skills. Source: {credit}.".format(
                files=", ".join(data.files), credit=ESCO_CREDIT, **counts
            )
        ))
