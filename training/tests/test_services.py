"""Attendance services: times → units, signatures, the lock, corrections keeping the original, uploads."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from accounts.models import AuditEntry
from training import services
from training.models import Attendance, AttendanceCorrection, AttendanceDay
from training.services import AttendanceEntry
from training.tests.conftest import SIGNATURE

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _past(session):
    return session.meetings.order_by("date").first()


def test_units_attended_follow_late_arrival_and_early_leave(running, instructor_a):
    session, enrolment = running
    meeting = _past(session)
    [row] = services.attendance_record(
        acting_user=instructor_a, meeting=meeting, today=timezone.localdate(),
        entries={enrolment.pk: AttendanceEntry(status="present", arrived_at=dt.time(9, 45), left_at=dt.time(12, 0),
                                               signature=SIGNATURE)},
    )
    assert row.minutes_attended == 135
    assert row.units_attended == Decimal("3.0")
    assert row.signature == SIGNATURE and row.signed_at is not None


def test_entry_errors_are_keyed_by_enrolment_and_nothing_is_saved(running, instructor_a):
    session, enrolment = running
    meeting = _past(session)
    with pytest.raises(ValidationError) as refused:
        services.attendance_record(
            acting_user=instructor_a, meeting=meeting, today=timezone.localdate(),
            entries={enrolment.pk: AttendanceEntry(status="excused", arrived_at=dt.time(10))},
        )
    assert refused.value.message_dict == {str(enrolment.pk): [str(services.ERROR_TIMES_WHEN_ABSENT)]}
    with pytest.raises(ValidationError) as outside:
        services.attendance_record(
            acting_user=instructor_a, meeting=meeting, today=timezone.localdate(),
            entries={enrolment.pk: AttendanceEntry(status="present", left_at=dt.time(14))},
        )
    assert "09:00–13:00" in outside.value.message_dict[str(enrolment.pk)][0]
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("bad", ["<script>", "M10 20 L30", 'M10 20"/><svg onload=x', "M1000 20"])
def test_signatures_must_be_plain_path_data(bad):
    with pytest.raises(ValidationError):
        services.signature_clean(bad)
    assert services.signature_clean("  M1 2   L3.5 4 ") == "M1 2 L3.5 4"


def test_countersignature_locks_the_day(running, instructor_a):
    session, enrolment = running
    meeting = _past(session)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as incomplete:
        services.attendance_day_countersign(acting_user=instructor_a, meeting=meeting, signature=SIGNATURE)
    assert incomplete.value.messages == [str(services.ERROR_DAY_INCOMPLETE)]
    services.attendance_record(acting_user=instructor_a, meeting=meeting, today=today,
                               statuses={enrolment.pk: "present"})
    with pytest.raises(ValidationError):
        services.attendance_day_countersign(acting_user=instructor_a, meeting=meeting, signature="")
    day = services.attendance_day_countersign(acting_user=instructor_a, meeting=meeting, signature=SIGNATURE)
    assert day.locked and day.countersigned_by == instructor_a
    with pytest.raises(ValidationError) as locked:
        services.attendance_record(acting_user=instructor_a, meeting=meeting, today=today,
                                   statuses={enrolment.pk: "unexcused"})
    assert locked.value.messages == [str(services.ERROR_DAY_LOCKED)]
    assert Attendance.objects.get().status == "present"
    with pytest.raises(ValidationError):
        services.attendance_day_countersign(acting_user=instructor_a, meeting=meeting, signature=SIGNATURE)
    assert AuditEntry.objects.filter(action="attendance.countersign").count() == 1


def test_correction_keeps_the_original(running, instructor_a):
    session, enrolment = running
    meeting = _past(session)
    [row] = services.attendance_record(
        acting_user=instructor_a, meeting=meeting, today=timezone.localdate(),
        entries={enrolment.pk: AttendanceEntry(status="present", signature=SIGNATURE)},
    )
    with pytest.raises(ValidationError) as not_locked:
        services.attendance_correct(acting_user=instructor_a, attendance=row,
                                    entry=AttendanceEntry(status="excused"), reason="x")
    assert not_locked.value.messages == [str(services.ERROR_DAY_NOT_LOCKED)]
    services.attendance_day_countersign(acting_user=instructor_a, meeting=meeting, signature=SIGNATURE)
    with pytest.raises(ValidationError) as no_reason:
        services.attendance_correct(acting_user=instructor_a, attendance=row,
                                    entry=AttendanceEntry(status="present", arrived_at=dt.time(9, 30)), reason=" ")
    assert no_reason.value.message_dict["reason"] == [str(services.ERROR_CORRECTION_REASON)]

    correction = services.attendance_correct(
        acting_user=instructor_a, attendance=row,
        entry=AttendanceEntry(status="present", arrived_at=dt.time(9, 30)), reason="Gate log says 9:30",
    )
    row.refresh_from_db()
    assert row.minutes_attended == 210 and row.arrived_at == dt.time(9, 30)
    assert row.signature == SIGNATURE  # the signature given that day stays
    assert correction.before == {"status": "present", "arrived_at": None, "left_at": None, "minutes_attended": 240}
    assert correction.after["minutes_attended"] == 210 and correction.after["arrived_at"] == "09:30"
    assert AttendanceDay.objects.get(meeting=meeting).locked
    # a second correction stacks on the first; both stay
    services.attendance_correct(acting_user=instructor_a, attendance=row,
                                entry=AttendanceEntry(status="excused", absence_reason="Arzt"), reason="Sick note")
    corrections = AttendanceCorrection.objects.all()
    assert [(c.before["status"], c.after["status"], c.absence_reason_after) for c in corrections] == [
        ("present", "present", ""), ("present", "excused", "Arzt"),
    ]
    # the reasons may name an illness: not readable in the database
    with connection.cursor() as cursor:
        cursor.execute("SELECT absence_reason FROM training_attendance")
        [(stored,)] = cursor.fetchall()
    assert stored != "Arzt" and stored.startswith("gAAAA")
    with pytest.raises(ValidationError) as unchanged:
        services.attendance_correct(acting_user=instructor_a, attendance=row,
                                    entry=AttendanceEntry(status="excused", absence_reason="Arzt"), reason="again")
    assert unchanged.value.messages == [str(services.ERROR_CORRECTION_UNCHANGED)]


def test_proof_is_checked_and_stored_outside_the_web_root(running, instructor_a, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    session, enrolment = running
    meeting = _past(session)
    [row] = services.attendance_record(acting_user=instructor_a, meeting=meeting, today=timezone.localdate(),
                                       statuses={enrolment.pk: "excused"})
    with pytest.raises(ValidationError) as refused:
        services.attendance_proof_attach(acting_user=instructor_a, attendance=row, name="note.html",
                                         content=b"<html><script>alert(1)</script></html>")
    assert "proof" in refused.value.message_dict
    row = services.attendance_proof_attach(acting_user=instructor_a, attendance=row, name="sick-note.png", content=PNG)
    stored = Path(tmp_path) / row.proof_path
    assert stored.read_bytes() == PNG and row.proof_name == "sick-note.png"
    assert "sick-note" not in row.proof_path  # stored under a random name
    assert not str(stored).startswith(str(settings.STATIC_ROOT))


def test_a_replaced_proof_is_deleted_once_the_new_one_is_committed(
    running, instructor_a, tmp_path, settings, django_capture_on_commit_callbacks
):
    """27 uploads against one day used to leave 26 files nobody named (issue 15)."""
    settings.MEDIA_ROOT = tmp_path
    session, enrolment = running
    [row] = services.attendance_record(acting_user=instructor_a, meeting=_past(session), today=timezone.localdate(),
                                       statuses={enrolment.pk: "excused"})
    for _ in range(27):
        with django_capture_on_commit_callbacks(execute=True):
            row = services.attendance_proof_attach(acting_user=instructor_a, attendance=row, name="n.png", content=PNG)
    stored = [path for path in Path(tmp_path).rglob("*") if path.is_file()]
    assert stored == [Path(tmp_path) / row.proof_path]
    # a replacement that does not commit keeps the proof it would have replaced
    with django_capture_on_commit_callbacks(execute=False):
        services.attendance_proof_attach(acting_user=instructor_a, attendance=row, name="n.png", content=PNG)
    assert (Path(tmp_path) / row.proof_path).exists()


def test_scan_of_the_paper_list(running, instructor_a, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    session, _enrolment = running
    day = services.attendance_scan_attach(acting_user=instructor_a, meeting=_past(session), name="list.pdf",
                                          content=b"%PDF-1.4\n%fake\n")
    assert day.scan_name == "list.pdf" and (Path(tmp_path) / day.scan_path).exists()
    assert day.scan_uploaded_by == instructor_a


def test_media_root_is_not_static_root():
    assert Path(settings.MEDIA_ROOT) != Path(settings.STATIC_ROOT)


def test_signature_clean_keeps_a_typed_name_and_refuses_what_is_not_one():
    signature_clean = services.signature_clean
    assert signature_clean("  Amina   Haddad ", "typed") == "Amina Haddad"
    assert signature_clean("", "typed") == ""
    for bad in ("A", "x" * 151, "Amina\x00"):
        with pytest.raises(ValidationError):
            signature_clean(bad, "typed")
    # a typed name is never taken for path data, nor the other way round
    with pytest.raises(ValidationError):
        signature_clean("Amina Haddad")
    with pytest.raises(ValidationError):
        signature_clean("M10 20", "scribbled")
