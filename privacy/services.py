"""Every write for data subject rights: export, anonymisation, retention, key rotation.

Each writes one audit entry with ids and codes only: never a name, never the reason
typed by a person (erasure reasons are codes from ErasureReason for that reason).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_record
from accounts.models import User
from participants.models import Participant
from privacy.pdf import participant_export_pdf
from privacy.selectors import (
    AuditFilters,
    RetentionDue,
    audit_entry_search,
    participant_export_data,
    retention_due_list,
)
from privacy.spreadsheet import neutralise_row
from vault.fields import EncryptedTextField
from vault.registry import ANONYMISED_NAME as ANONYMISED_NAME  # re-exported for callers
from vault.registry import Erasure, contributions
from vault.uploads import stored_delete

ERROR_ALREADY_ANONYMISED = _("This participant has been anonymised already.")
ERROR_UNKNOWN_REASON = _("Choose a reason for the erasure.")
ERROR_UNKNOWN_FORMAT = _("Unknown export format.")


class ErasureReason(models.TextChoices):
    REQUEST = "request", _("Request of the person (Art. 17 GDPR)")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn, no other legal basis")
    NO_LONGER_NEEDED = "no_longer_needed", _("No longer needed for the programme")
    UNLAWFUL = "unlawful", _("Processed unlawfully")
    RETENTION = "retention", _("Retention period ended")


class ExportFormat(models.TextChoices):
    JSON = "json", "JSON"
    PDF = "pdf", "PDF"


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content_type: str
    content: bytes


def participant_export(
    *, acting_user: User | None, participant: Participant, export_format: str, channel: str = "web"
) -> ExportFile:
    """Everything held about the participant as JSON or PDF; audited as "participant.export".

    Not one transaction on purpose: rendering a PDF takes a moment and SQLite's
    IMMEDIATE transactions would hold the write lock meanwhile. The audit entry is
    written once the file exists (audit_record is atomic itself).
    """
    if export_format not in ExportFormat.values:
        raise ValidationError(ERROR_UNKNOWN_FORMAT)
    data = participant_export_data(participant=participant, generated_at=timezone.now())
    stem = f"{participant.case_number}-data-export"
    if export_format == ExportFormat.PDF:
        export = ExportFile(f"{stem}.pdf", "application/pdf", participant_export_pdf(data=data))
    else:
        content = json.dumps(data, ensure_ascii=False, indent=2).encode()
        export = ExportFile(f"{stem}.json", "application/json", content)
    audit_record(
        actor=acting_user,
        action="participant.export",
        target=participant,
        participant_id=participant.pk,
        detail={"format": export_format, "channel": channel},
    )
    return export


@transaction.atomic
def participant_anonymise(
    *, acting_user: User | None, participant: Participant, reason: str, sweep_orphans: bool = True
) -> Participant:
    """Remove what identifies the person; keep what the programme figures count.

    Every app removes what it holds (its `personal_data` module, vault/registry.py): names,
    free text, health data, languages, work history and skills, survey answers, signatures
    and proofs; the date of birth keeps only its year (age bands); the portal account is
    closed. Origin country, gender, site, every date, plans, enrolments, attendance, results,
    certificate rows, consents and the return status stay, as does the pseudonymous case
    number. Files that hold something about the person are deleted once this commits, and
    with them stored files no row names any more (`sweep_orphans`; a retention run sweeps
    once at its end instead of once per person).
    """
    if reason not in ErasureReason.values:
        raise ValidationError({"reason": ERROR_UNKNOWN_REASON})
    person = Participant.objects.select_for_update().get(pk=participant.pk)
    if person.anonymised_at is not None:
        raise ValidationError(ERROR_ALREADY_ANONYMISED)
    erasure = Erasure(participant=person, acting_user=acting_user, reason=reason)
    for contribution in contributions():
        if contribution.erase is not None:
            contribution.erase(erasure)
    if sweep_orphans:
        erasure.files.extend(orphaned_files())
    audit_record(
        actor=acting_user,
        action="participant.anonymise",
        target=person,
        participant_id=person.pk,
        detail={"reason": reason},
    )
    # Files go only once the rows are committed: a rolled-back erasure keeps its evidence.
    transaction.on_commit(partial(_files_remove, sorted(set(erasure.files))))
    return person


def orphaned_files() -> list[str]:
    """Stored files no row names any more, from every app that stores files (relative paths)."""
    return [path for c in contributions() if c.orphans is not None for path in c.orphans()]


def orphaned_files_remove() -> int:
    """Delete the orphaned files now (outside any erasure); return how many there were."""
    found = orphaned_files()
    _files_remove(found)
    return len(found)


def _files_remove(names: list[str]) -> None:
    """Delete stored files (storage names; a name outside the file storage is left)."""
    for name in names:
        stored_delete(name)


def retention_apply(*, today: dt.date, years: int, dry_run: bool = False) -> list[str]:
    """Anonymise everyone whose retention ended; return their case numbers (see `retention_run`)."""
    return [row.case_number for row in retention_run(today=today, years=years, dry_run=dry_run)]


def retention_run(
    *,
    today: dt.date,
    years: int,
    dry_run: bool = False,
    progress: Callable[[Iterable[RetentionDue]], Iterable[RetentionDue]] | None = None,
) -> list[RetentionDue]:
    """Anonymise everyone whose retention ended (per funding line, else the programme rule).

    One transaction per person, so an interrupted run keeps what it finished and the
    next run picks up the rest. Counts stay intact: anonymisation keeps every row the
    figures count. `progress` wraps the loop (the command's progress bar).
    """
    due = retention_due_list(today=today, years=years)
    if not dry_run:
        for row in progress(due) if progress is not None else due:
            participant = Participant.objects.get(pk=row.participant_id)
            participant_anonymise(
                acting_user=None, participant=participant, reason=ErasureReason.RETENTION, sweep_orphans=False
            )
        if due:
            orphaned_files_remove()
    return due


def _encrypted_fields() -> list[tuple[type[models.Model], list[str]]]:
    found = []
    for model in apps.get_models():
        names = [field.name for field in model._meta.concrete_fields if isinstance(field, EncryptedTextField)]
        if names:
            found.append((model, names))
    return found


@transaction.atomic
def field_keys_rotate(*, batch_size: int = 500) -> int:
    """Encrypt every encrypted value again with the first key; return the rows rewritten.

    Values are read with any configured key and written with the first, so once this
    has run the old keys can be removed from REINTEGRA_FIELD_KEYS.
    """
    rewritten = 0
    for model, names in _encrypted_fields():
        batch: list[models.Model] = []
        for row in model._default_manager.only("pk", *names).order_by("pk").iterator(chunk_size=batch_size):
            if not any(getattr(row, name) for name in names):
                continue
            batch.append(row)
            if len(batch) >= batch_size:
                model._default_manager.bulk_update(batch, names)
                rewritten += len(batch)
                batch = []
        if batch:
            model._default_manager.bulk_update(batch, names)
            rewritten += len(batch)
    audit_record(actor=None, action="field_keys.rotate", detail={"rows": rewritten})
    return rewritten


AUDIT_CSV_HEADER = ["when_utc", "who", "role", "action", "object_type", "object_id", "from_where", "request_id"]


def audit_access_export(*, acting_user: User, participant_ref: int) -> str:
    """Who accessed or changed participant `participant_ref`, as CSV (oldest first).

    The answer to "whose data was seen, by whom" within the 72 hours of Art. 33 GDPR.
    Every cell is neutralised against formula injection.
    """
    entries = audit_entry_search(filters=AuditFilters(participant_ref=participant_ref)).order_by("id")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(AUDIT_CSV_HEADER)
    for entry in entries:
        writer.writerow(
            neutralise_row(
                [
                    entry.at.astimezone(dt.UTC).isoformat(timespec="seconds"),
                    entry.actor.username if entry.actor else "",
                    entry.actor.role if entry.actor else "",
                    entry.action,
                    entry.object_type,
                    entry.object_id,
                    entry.remote_addr or "",
                    entry.request_id,
                ]
            )
        )
    audit_record(actor=acting_user, action="audit.export", participant_id=participant_ref, detail={"format": "csv"})
    return buffer.getvalue()
