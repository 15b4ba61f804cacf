"""Anonymise participants whose retention ended, per funding line (privacy/README.md, "Retention").

Scheduled daily in production (Celery beat, `CELERY_BEAT_SCHEDULE` in settings; or cron).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from tqdm import tqdm

from privacy.selectors import RetentionDue
from privacy.services import retention_run


class Command(BaseCommand):
    help = (
        "Anonymise participants whose retention ended: for a funding line, its retention years after its "
        "final report; without a line, REINTEGRA_RETENTION_YEARS after the end of the year of the return or "
        "last activity. --dry-run lists case number, line and reason, and changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="list who is due, change nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        years = settings.REINTEGRA_RETENTION_YEARS
        dry_run = options["dry_run"]

        def bar(rows: Iterable[RetentionDue]) -> Iterable[RetentionDue]:
            # Drawn on a terminal only (disable=None), so cron and Celery logs stay clean.
            return tqdm(rows, desc="Anonymising", unit="participant", file=sys.stderr, disable=None)

        due = retention_run(today=timezone.localdate(), years=years, dry_run=dry_run, progress=bar)
        # Case numbers are pseudonymous; names never appear in this output.
        for row in due:
            line = row.project_number or "-"
            self.stdout.write(f"{row.case_number}\t{line}\t{row.reason}\tkept until {row.kept_until.isoformat()}")
        verb = "Due for anonymisation" if dry_run else "Anonymised"
        self.stdout.write(self.style.SUCCESS(f"{verb}: {len(due)} participant(s)."))
