"""Write everything held about one participant to a file (JSON or PDF)."""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from participants.models import Participant
from privacy.services import ExportFormat, participant_export


class Command(BaseCommand):
    help = "Export all data held about one participant (Art. 15/20 GDPR). The export is audited."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("case_number")
        parser.add_argument("--format", choices=ExportFormat.values, default=ExportFormat.JSON)
        parser.add_argument("--output", required=True, help="file to write; created readable by its owner only")

    def handle(self, *args: Any, **options: Any) -> None:
        case_number = options["case_number"].strip().upper()
        try:
            participant = Participant.objects.get(case_number=case_number)
        except Participant.DoesNotExist as exc:
            raise CommandError(f"No participant has the case number {case_number}.") from exc
        export = participant_export(
            acting_user=None, participant=participant, export_format=options["format"], channel="cli"
        )
        # 0600: the file holds health data; nobody else on the machine should read it.
        descriptor = os.open(options["output"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(export.content)
        self.stdout.write(self.style.SUCCESS(f"Wrote {export.filename} for {case_number} to {options['output']}."))
