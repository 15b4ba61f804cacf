"""Recording what happened in a session: attendance per meeting day (with times, reasons,
proof, signatures, the countersignature that locks the day and corrections that keep the
original), the signed paper list as a scan, and results."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_record
from accounts.models import AuditAction, User
from participants.models import Participant
from participants.services import ERROR_PARTICIPANT_ANONYMISED
from scheduling.models import Enrolment, Meeting, Session
from training import rules
from training.models import (
    Attendance,
    AttendanceCorrection,
    AttendanceDay,
    AttendanceStatus,
    Result,
    SignatureKind,
)
from vault.uploads import JPEG, PDF, PNG, stored_delete, upload_check, upload_store

ERROR_NOT_IN_SESSION = _("This participant is not enrolled in the session.")
ERROR_MEETING_IN_FUTURE = _("Attendance cannot be recorded before the meeting took place.")
ERROR_DAY_LOCKED = _("This day is countersigned and locked: change it only by a correction with a reason.")
ERROR_DAY_NOT_LOCKED = _("This day is not locked yet: change the attendance directly.")
ERROR_STATUS = _("Choose present, excused or unexcused.")
ERROR_TIMES_WHEN_ABSENT = _("Late arrival and early leave apply only to someone present.")
ERROR_ARRIVED_OUTSIDE = _("The late arrival must lie within the meeting (%(start)s–%(end)s).")
ERROR_LEFT_OUTSIDE = _("The early leave must lie within the meeting (%(start)s–%(end)s).")
ERROR_LEFT_BEFORE_ARRIVED = _("The early leave must be later than the arrival.")
ERROR_REASON_WHEN_PRESENT = _("A reason for absence applies only to an absence.")
ERROR_SIGNATURE = _("The signature could not be read. Please sign again.")
ERROR_SIGNATURE_WHEN_ABSENT = _("Only someone present signs the list.")
ERROR_COUNTERSIGNATURE_MISSING = _("Please sign as instructor to countersign the day.")
ERROR_TYPED_SIGNATURE = _("Type the full name, 2 to 150 characters.")
ERROR_TYPED_SIGNATURE_UNCONFIRMED = _("Tick the box to confirm that the typed name is the signature.")
ERROR_DAY_INCOMPLETE = _("Record the attendance of everyone enrolled before countersigning.")
ERROR_CORRECTION_REASON = _("Please give the reason for the correction.")
ERROR_CORRECTION_UNCHANGED = _("The correction changes nothing.")
ERROR_PROOF_WHEN_PRESENT = _("A proof of absence belongs to an absence.")
ERROR_REASON_TOO_LONG = _("Keep the reason for absence to 200 characters.")
ABSENCE_REASON_MAX_LENGTH = 200

PROOF_KINDS = {PDF, PNG, JPEG}
PROOF_MAX_MEGABYTES = 5
SCAN_MAX_MEGABYTES = 15
PROOF_FOLDER = "attendance/proofs"
SCAN_FOLDER = "attendance/scans"

#: SVG path data as static/js/signature.js writes it: moves and lines in a 600×200 box.
SIGNATURE_MAX_LENGTH = 30_000
_POINT = r"[ML]\d{1,3}(?:\.\d)? \d{1,3}(?:\.\d)?"
_SIGNATURE_PATTERN = re.compile(rf"^{_POINT}(?: {_POINT})*$")


@dataclass(frozen=True)
class AttendanceEntry:
    """What the instructor records for one participant on one day."""

    status: str
    arrived_at: dt.time | None = None
    left_at: dt.time | None = None
    absence_reason: str = ""
    #: SVG path data of the participant's signature (or the typed, confirmed name when
    #: `signature_kind` is typed); "" keeps any signature given earlier
    signature: str = ""
    signature_kind: str = SignatureKind.DRAWN


TYPED_SIGNATURE_MAX_LENGTH = 150


def signature_clean(value: str, kind: str = SignatureKind.DRAWN) -> str:
    """The signature path data, checked so it can be drawn into an <svg> safely; a typed
    signature is the name with its white space collapsed."""
    value = " ".join(value.split())
    if not value:
        return ""
    if kind == SignatureKind.TYPED:
        if not 2 <= len(value) <= TYPED_SIGNATURE_MAX_LENGTH or not value.isprintable():
            raise ValidationError(ERROR_TYPED_SIGNATURE, code="typed_signature")
        return value
    if kind != SignatureKind.DRAWN:
        raise ValidationError(ERROR_SIGNATURE, code="signature")
    if len(value) > SIGNATURE_MAX_LENGTH or not _SIGNATURE_PATTERN.match(value):
        raise ValidationError(ERROR_SIGNATURE, code="signature")
    return value


def _hhmm(value: dt.time) -> str:
    return value.strftime("%H:%M")


def _entry_check(*, meeting: Meeting, entry: AttendanceEntry) -> list[ValidationError]:
    errors: list[ValidationError] = []
    if entry.status not in AttendanceStatus.values:
        errors.append(ValidationError(ERROR_STATUS, code="status"))
        return errors
    window = {"start": _hhmm(meeting.starts_at), "end": _hhmm(meeting.ends_at)}
    if len(entry.absence_reason) > ABSENCE_REASON_MAX_LENGTH:
        errors.append(ValidationError(ERROR_REASON_TOO_LONG, code="reason_too_long"))
    if entry.status != AttendanceStatus.PRESENT:
        if entry.arrived_at is not None or entry.left_at is not None:
            errors.append(ValidationError(ERROR_TIMES_WHEN_ABSENT, code="times_when_absent"))
        if entry.signature:
            errors.append(ValidationError(ERROR_SIGNATURE_WHEN_ABSENT, code="signature_when_absent"))
        return errors
    if entry.absence_reason.strip():
        errors.append(ValidationError(ERROR_REASON_WHEN_PRESENT, code="reason_when_present"))
    if entry.arrived_at is not None and not meeting.starts_at <= entry.arrived_at < meeting.ends_at:
        errors.append(ValidationError(ERROR_ARRIVED_OUTSIDE, code="arrived_outside", params=window))
    if entry.left_at is not None and not meeting.starts_at < entry.left_at <= meeting.ends_at:
        errors.append(ValidationError(ERROR_LEFT_OUTSIDE, code="left_outside", params=window))
    if entry.arrived_at is not None and entry.left_at is not None and entry.left_at <= entry.arrived_at:
        errors.append(ValidationError(ERROR_LEFT_BEFORE_ARRIVED, code="left_before_arrived"))
    return errors


def _apply(*, attendance: Attendance, meeting: Meeting, entry: AttendanceEntry) -> None:
    attendance.status = entry.status
    attendance.arrived_at = entry.arrived_at
    attendance.left_at = entry.left_at
    attendance.absence_reason = entry.absence_reason.strip() if entry.status != AttendanceStatus.PRESENT else ""
    attendance.minutes_attended = rules.minutes_attended(
        status=entry.status, starts_at=meeting.starts_at, ends_at=meeting.ends_at,
        arrived_at=entry.arrived_at, left_at=entry.left_at,
    )


def attendance_day_locked(*, meeting: Meeting) -> bool:
    return AttendanceDay.objects.filter(meeting=meeting, countersigned_at__isnull=False).exists()


def _lock_meeting(meeting: Meeting) -> AttendanceDay:
    """The day's row, locked for this transaction (made on first use)."""
    AttendanceDay.objects.get_or_create(meeting=meeting)
    return AttendanceDay.objects.select_for_update().get(meeting=meeting)


@transaction.atomic
def attendance_record(
    *,
    acting_user: User,
    meeting: Meeting,
    today: dt.date,
    statuses: dict[int, str] | None = None,
    entries: dict[int, AttendanceEntry] | None = None,
) -> list[Attendance]:
    """Record attendance for one meeting day: `entries` (or plain `statuses`) map enrolment id
    → what happened. Refused once the day is countersigned (then: `attendance_correct`).
    Errors are keyed by enrolment id, so a form can show them on the right row."""
    if meeting.date > today:
        raise ValidationError(ERROR_MEETING_IN_FUTURE, code="future")
    entries = dict(entries or {})
    for enrolment_id, status in (statuses or {}).items():
        entries.setdefault(enrolment_id, AttendanceEntry(status=status))
    day = _lock_meeting(meeting)
    if day.locked:
        raise ValidationError(ERROR_DAY_LOCKED, code="locked")
    enrolments = {e.pk: e for e in Enrolment.objects.filter(session_id=meeting.session_id)}
    errors: dict[str, list[ValidationError]] = {}
    cleaned: dict[int, AttendanceEntry] = {}
    for enrolment_id, entry in entries.items():
        if enrolment_id not in enrolments:
            raise ValidationError(ERROR_NOT_IN_SESSION, code="not_in_session")
        row_errors = _entry_check(meeting=meeting, entry=entry)
        try:
            signature = signature_clean(entry.signature, entry.signature_kind)
        except ValidationError as error:
            row_errors.append(error)
            signature = ""
        if row_errors:
            errors[str(enrolment_id)] = row_errors
        cleaned[enrolment_id] = AttendanceEntry(
            status=entry.status, arrived_at=entry.arrived_at, left_at=entry.left_at,
            absence_reason=entry.absence_reason, signature=signature, signature_kind=entry.signature_kind,
        )
    if errors:
        raise ValidationError(errors)
    existing = {a.enrolment_id: a for a in Attendance.objects.select_for_update().filter(meeting=meeting)}
    saved = []
    now = timezone.now()
    for enrolment_id, entry in cleaned.items():
        attendance = existing.get(enrolment_id) or Attendance(meeting=meeting, enrolment_id=enrolment_id)
        _apply(attendance=attendance, meeting=meeting, entry=entry)
        attendance.recorded_by = acting_user
        if entry.signature:
            attendance.signature = entry.signature
            attendance.signature_kind = entry.signature_kind
            attendance.signed_at = now
        elif entry.status != AttendanceStatus.PRESENT:
            attendance.signature = ""
            attendance.signature_kind = SignatureKind.DRAWN
            attendance.signed_at = None
        attendance.full_clean()
        attendance.save()
        saved.append(attendance)
    signed = [e for e in cleaned.values() if e.signature]
    audit_record(actor=acting_user, action=AuditAction.ATTENDANCE_RECORD, target=meeting,
                 detail={"entries": len(saved), "signed": len(signed),
                         "typed": sum(1 for e in signed if e.signature_kind == SignatureKind.TYPED)})
    return saved


@transaction.atomic
def attendance_day_countersign(
    *, acting_user: User, meeting: Meeting, signature: str, signature_kind: str = SignatureKind.DRAWN
) -> AttendanceDay:
    """The instructor's countersignature (drawn, or the typed and confirmed name): the day is
    locked from now on."""
    day = _lock_meeting(meeting)
    if day.locked:
        raise ValidationError(ERROR_DAY_LOCKED, code="locked")
    signature = signature_clean(signature, signature_kind)
    if not signature:
        raise ValidationError({"signature": ERROR_COUNTERSIGNATURE_MISSING}, code="countersignature_missing")
    enrolled = set(Enrolment.objects.filter(session_id=meeting.session_id).values_list("pk", flat=True))
    recorded = set(Attendance.objects.filter(meeting=meeting).values_list("enrolment_id", flat=True))
    if not enrolled or enrolled - recorded:
        raise ValidationError(ERROR_DAY_INCOMPLETE, code="incomplete")
    day.countersignature = signature
    day.countersignature_kind = signature_kind
    day.countersigned_by = acting_user
    day.countersigned_at = timezone.now()
    day.full_clean()
    day.save()
    audit_record(actor=acting_user, action=AuditAction.ATTENDANCE_COUNTERSIGN, target=meeting,
                 detail={"entries": len(recorded), "signature_kind": signature_kind})
    return day


def _snapshot(attendance: Attendance) -> dict[str, object]:
    return {
        "status": attendance.status,
        "arrived_at": _hhmm(attendance.arrived_at) if attendance.arrived_at else None,
        "left_at": _hhmm(attendance.left_at) if attendance.left_at else None,
        "minutes_attended": attendance.minutes_attended,
    }


def _changed(before: dict[str, object], after: dict[str, object], reason_changed: bool) -> list[str]:
    fields = [key for key in after if before.get(key) != after[key]]
    return sorted([*fields, "absence_reason"] if reason_changed else fields)


@transaction.atomic
def attendance_correct(
    *, acting_user: User, attendance: Attendance, entry: AttendanceEntry, reason: str
) -> AttendanceCorrection:
    """Change a row of a locked day. The earlier values stay in the correction record (and
    the participant's signature stays as given); the day stays locked."""
    meeting = attendance.meeting
    day = _lock_meeting(meeting)
    if not day.locked:
        raise ValidationError(ERROR_DAY_NOT_LOCKED, code="not_locked")
    reason = reason.strip()
    errors: dict[str, list[ValidationError]] = {}
    if not reason:
        errors["reason"] = [ValidationError(ERROR_CORRECTION_REASON, code="reason_required")]
    if entry.signature:
        errors.setdefault("status", []).append(ValidationError(ERROR_SIGNATURE, code="signature"))
    row_errors = _entry_check(meeting=meeting, entry=entry)
    if row_errors:
        errors.setdefault("status", []).extend(row_errors)
    if errors:
        raise ValidationError(errors)
    if len(entry.absence_reason) > ABSENCE_REASON_MAX_LENGTH:
        raise ValidationError({"absence_reason": ERROR_REASON_TOO_LONG}, code="reason_too_long")
    attendance = Attendance.objects.select_for_update().get(pk=attendance.pk)
    before, reason_before = _snapshot(attendance), attendance.absence_reason
    _apply(attendance=attendance, meeting=meeting, entry=entry)
    after, reason_after = _snapshot(attendance), attendance.absence_reason
    if before == after and reason_before == reason_after:
        raise ValidationError(ERROR_CORRECTION_UNCHANGED, code="unchanged")
    if attendance.status != AttendanceStatus.PRESENT and attendance.signature:
        # absent after all: the signature given that day stays on record in the correction
        before["signature"] = attendance.signature
        attendance.signature = ""
        attendance.signed_at = None
    attendance.full_clean()
    attendance.save()
    correction = AttendanceCorrection(
        attendance=attendance, before=before, after=after, absence_reason_before=reason_before,
        absence_reason_after=reason_after, reason=reason, corrected_by=acting_user,
    )
    correction.full_clean()
    correction.save()
    audit_record(
        actor=acting_user, action=AuditAction.ATTENDANCE_CORRECT, target=attendance,
        participant_id=attendance.enrolment.participant_id,
        # the reason is free text and may name people: only which fields changed
        detail={"correction": correction.pk, "fields": _changed(before, after, reason_before != reason_after)},
    )
    return correction


@transaction.atomic
def attendance_proof_attach(*, acting_user: User, attendance: Attendance, name: str, content: bytes) -> Attendance:
    """Attach the proof of an absence (a sick note, …): PDF, PNG or JPEG up to 5 MB, checked
    by its content, stored outside the web root. Allowed after the lock too: proofs come late."""
    attendance = Attendance.objects.select_for_update(of=("self",)).select_related("enrolment").get(pk=attendance.pk)
    # A query of its own after the row lock (a joined row would be read as of before the wait):
    # an erasure that held the lock has committed by now; one that comes later waits for this
    # upload and then deletes its file.
    if Participant.objects.filter(pk=attendance.enrolment.participant_id, anonymised_at__isnull=False).exists():
        raise ValidationError({"proof": ERROR_PARTICIPANT_ANONYMISED}, code="anonymised")
    if attendance.status == AttendanceStatus.PRESENT:
        raise ValidationError({"proof": ERROR_PROOF_WHEN_PRESENT}, code="proof_when_present")
    try:
        upload = upload_check(name=name, content=content, allowed=PROOF_KINDS, max_megabytes=PROOF_MAX_MEGABYTES)
    except ValidationError as error:
        raise ValidationError({"proof": error.messages}) from error
    previous = attendance.proof_path
    attendance.proof_path = upload_store(upload=upload, folder=PROOF_FOLDER)
    attendance.proof_name = upload.display_name
    attendance.save(update_fields=["proof_path", "proof_name"])
    if previous:
        # The replaced proof is named by nothing any more: it goes once the new one is committed
        # (a rolled-back replacement keeps it), so no sick note lingers on disk unreferenced.
        transaction.on_commit(partial(_stored_file_remove, previous))
    audit_record(actor=acting_user, action=AuditAction.ATTENDANCE_PROOF_ATTACH, target=attendance,
                 participant_id=attendance.enrolment.participant_id,
                 detail={"kind": upload.kind, "replaced": bool(previous)})
    return attendance


@transaction.atomic
def attendance_scan_attach(*, acting_user: User, meeting: Meeting, name: str, content: bytes) -> AttendanceDay:
    """Keep the signed paper list of a day (PDF, PNG or JPEG up to 15 MB). A newer scan
    replaces the reference; the earlier file stays on disk and in the audit trail."""
    day = _lock_meeting(meeting)
    try:
        upload = upload_check(name=name, content=content, allowed=PROOF_KINDS, max_megabytes=SCAN_MAX_MEGABYTES)
    except ValidationError as error:
        raise ValidationError({"scan": error.messages}) from error
    stored = upload_store(upload=upload, folder=SCAN_FOLDER)
    previous = day.scan_path
    day.scan_path = stored
    day.scan_name = upload.display_name
    day.scan_uploaded_by = acting_user
    day.scan_uploaded_at = timezone.now()
    day.full_clean()
    day.save()
    audit_record(actor=acting_user, action=AuditAction.ATTENDANCE_SCAN_ATTACH, target=meeting,
                 detail={"kind": upload.kind, "previous": previous})
    return day


def _stored_file_remove(name: str) -> None:
    stored_delete(name)  # a name outside the file storage is never ours to delete


@transaction.atomic
def result_record(
    *, acting_user: User, session: Session, outcomes: dict[int, str], recorded_on: dt.date
) -> list[Result]:
    """Record the practical result per enrolment: `outcomes` maps enrolment id → passed/failed."""
    enrolments = {e.pk: e for e in Enrolment.objects.filter(session=session)}
    saved = []
    for enrolment_id, outcome in outcomes.items():
        enrolment = enrolments.get(enrolment_id)
        if enrolment is None:
            raise ValidationError(ERROR_NOT_IN_SESSION)
        result, _created = Result.objects.update_or_create(
            enrolment=enrolment,
            defaults={"outcome": outcome, "recorded_by": acting_user, "recorded_on": recorded_on},
        )
        result.full_clean()
        saved.append(result)
        audit_record(actor=acting_user, action=AuditAction.RESULT_RECORD, target=result,
                     participant_id=enrolment.participant_id, detail={"outcome": outcome})
    return saved
