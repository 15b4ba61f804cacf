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
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_record
from accounts.models import User
from assessments.models import Assessment, SkillRating, TryOut, WorkExperience
from certificates.models import Certificate, CertificateStatus
from participants.models import ContactNote, EligibilityCheck, Participant
from plans.models import Plan
from privacy.pdf import participant_export_pdf
from privacy.selectors import (
    AuditFilters,
    RetentionDue,
    audit_entry_search,
    participant_export_data,
    retention_due_list,
)
from privacy.spreadsheet import neutralise_row
from returns.models import Return
from training.models import Attendance, AttendanceCorrection
from vault.fields import EncryptedTextField

#: what replaces the first name; the last name becomes the (pseudonymous) case number
#: so that anonymised rows never collide on the unique (name, date of birth) constraint
ANONYMISED_NAME = "—"

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
def participant_anonymise(*, acting_user: User | None, participant: Participant, reason: str) -> Participant:
    """Remove what identifies the person; keep what the programme figures count.

    Names, free text, health data, languages and the work history and skills are
    removed; the date of birth keeps only its year (age bands). Origin country,
    gender, site, every date, plans, enrolments, attendance, results, certificate
    rows, consents and the return status stay, as does the pseudonymous case number.
    """
    if reason not in ErasureReason.values:
        raise ValidationError({"reason": ERROR_UNKNOWN_REASON})
    person = Participant.objects.select_for_update().get(pk=participant.pk)
    if person.anonymised_at is not None:
        raise ValidationError(ERROR_ALREADY_ANONYMISED)
    person.first_name = ANONYMISED_NAME
    person.last_name = person.case_number
    person.date_of_birth = dt.date(person.date_of_birth.year, 1, 1)
    person.languages = []
    person.has_health_limits = False
    person.health_notes = ""
    person.needs_notes = ""
    person.anonymised_at = timezone.now()
    # An empty language list is what anonymisation means, though intake requires one.
    person.full_clean(exclude=["languages"])
    person.save(
        update_fields=[
            "first_name", "last_name", "date_of_birth", "languages", "has_health_limits",
            "health_notes", "needs_notes", "anonymised_at", "updated_at",
        ]
    )
    assessments = Assessment.objects.filter(participant=person)
    assessments.update(notes="", languages=[])
    # The work history and skills describe a life in detail and no figure counts them.
    WorkExperience.objects.filter(assessment__in=assessments).delete()
    SkillRating.objects.filter(assessment__in=assessments).delete()
    TryOut.objects.filter(participant=person).update(notes="")
    # The counselling log is free text about a life; counts need only that eligibility was checked.
    ContactNote.objects.filter(participant=person).delete()
    EligibilityCheck.objects.filter(participant=person).exclude(note="").update(note=ANONYMISED_NAME)
    _attendance_anonymise(person)
    Plan.objects.filter(participant=person).update(reason="")
    Return.objects.filter(participant=person).update(reason="")
    certificates = Certificate.objects.filter(participant=person)
    # The stored copy of the signed credential names the person; the copy the person holds
    # still verifies against the published issuer key and status list.
    certificates.update(credential={})
    # Shown on the public verification page; a revoked certificate must keep some reason.
    certificates.filter(status=CertificateStatus.REVOKED).update(revocation_reason=ANONYMISED_NAME)
    audit_record(
        actor=acting_user,
        action="participant.anonymise",
        target=person,
        participant_id=person.pk,
        detail={"reason": reason},
    )
    return person


def _attendance_anonymise(person: Participant) -> None:
    """Signatures, absence reasons and proofs identify or describe the person; the day's status
    and units attended stay, so attendance rates and hours delivered still add up."""
    attendances = Attendance.objects.filter(enrolment__participant=person)
    proof_paths = [path for path in attendances.exclude(proof_path="").values_list("proof_path", flat=True)]
    attendances.update(signature="", absence_reason="", proof_path="", proof_name="")
    AttendanceCorrection.objects.filter(attendance__in=attendances).update(
        absence_reason_before="", absence_reason_after="", reason=ANONYMISED_NAME
    )

    def remove_files() -> None:
        root = Path(settings.MEDIA_ROOT).resolve()
        for relative in proof_paths:
            path = (root / relative).resolve()
            if path.is_relative_to(root):
                path.unlink(missing_ok=True)

    # Files go only once the rows are committed: a rolled-back erasure keeps its evidence.
    transaction.on_commit(remove_files)


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
            participant_anonymise(acting_user=None, participant=participant, reason=ErasureReason.RETENTION)
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
