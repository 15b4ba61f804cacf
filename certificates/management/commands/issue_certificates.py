"""Bulk issue for a session from the terminal, with a progress bar (tqdm).

Issuing is an explicit act by a person: --by names the counsellor or manager in whose
name the certificates are issued and audited; they see only participants they may see.
--pdfs FILE.zip also prints the issued certificates into one ZIP (a second bar), each PDF
beside its signed credential, each download audited in the same name.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404
from tqdm import tqdm

from accounts.audit import AuditItem, audit_record_many
from accounts.models import Role, User
from certificates.access import certificate_batch_issued, session_get_for_user
from certificates.archive import print_run_entries
from certificates.selectors import certificate_batch_progress
from certificates.services import certificate_batch_start, certificate_batch_step

#: certificates issued per step (one transaction each); the bar moves by as many
STEP = 25


class Command(BaseCommand):
    help = "Issue certificates to everyone who finished a session (and may get one now)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--session", type=int, required=True, help="session id")
        parser.add_argument("--by", required=True, help="username of the issuing counsellor or manager")
        parser.add_argument(
            "--attendance", action="store_true", help="also issue certificates of attendance to partial completers"
        )
        parser.add_argument("--pdfs", type=Path, help="write the issued certificates' PDFs into this ZIP file")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(username=options["by"], is_active=True, role__in=[Role.MANAGER, Role.COUNSELLOR])
        except User.DoesNotExist as error:
            raise CommandError("--by must name an active counsellor or manager") from error
        try:
            session = session_get_for_user(user=user, pk=options["session"])
        except Http404 as error:
            raise CommandError("no such session, or not one of this user's site") from error
        try:
            batch = certificate_batch_start(
                acting_user=user, session=session, include_attendance=options["attendance"]
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        progress = certificate_batch_progress(batch=batch)
        # The raw stream: Django's OutputWrapper would end every bar redraw with a newline.
        stream = getattr(self.stderr, "_out", sys.stderr)
        with tqdm(total=progress.total, unit="certificate", file=stream, disable=options["verbosity"] == 0) as bar:
            while batch.finished_at is None:
                certificate_batch_step(batch=batch, max_items=STEP)
                bar.update(min(STEP, progress.total - bar.n))
        progress = certificate_batch_progress(batch=batch)
        for item in progress.items:
            if item.certificate is None:
                self.stderr.write(f"{item.participant.case_number}: {item.error}")
        self.stdout.write(self.style.SUCCESS(f"{progress.issued} of {progress.total} issued."))
        if options["pdfs"] is not None:
            self._print(batch=batch, user=user, target=options["pdfs"], stream=stream, quiet=options["verbosity"] == 0)

    def _print(self, *, batch: Any, user: User, target: Path, stream: Any, quiet: bool) -> None:
        certificates = certificate_batch_issued(batch=batch, user=user)
        with (
            zipfile.ZipFile(target, mode="w", compression=zipfile.ZIP_STORED) as archive,
            tqdm(total=len(certificates), unit="PDF", file=stream, disable=quiet) as bar,
        ):
            for _certificate, name, content in print_run_entries(certificates):
                archive.writestr(name, content)
                if name.endswith(".pdf"):
                    bar.update(1)
        audit_record_many(actor=user, action="certificate.download", items=[
            AuditItem(target=certificate, participant_id=certificate.participant_id, detail={"batch": batch.pk})
            for certificate in certificates
        ])
        self.stdout.write(self.style.SUCCESS(f"{len(certificates)} PDFs written to {target}."))
