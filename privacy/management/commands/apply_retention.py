"""Anonymise participants whose retention period has ended (privacy/README.md).

The older name of `retention_run`, kept for existing cron entries; the same rules apply."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from privacy.services import retention_apply


class Command(BaseCommand):
    help = (
        "Anonymise participants whose retention ended (as retention_run): on a funding line, its retention years "
        "after its final report; otherwise REINTEGRA_RETENTION_YEARS after the end of the year of their return "
        "status date, or of their last activity if there is no return."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="list who is due, change nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        years = settings.REINTEGRA_RETENTION_YEARS
        case_numbers = retention_apply(today=timezone.localdate(), years=years, dry_run=options["dry_run"])
        verb = "Due for anonymisation" if options["dry_run"] else "Anonymised"
        for case_number in case_numbers:
            self.stdout.write(case_number)
        self.stdout.write(self.style.SUCCESS(f"{verb}: {len(case_numbers)} participant(s), retention {years} years."))
