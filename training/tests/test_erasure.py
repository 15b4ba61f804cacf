"""Anonymising a person also removes what their attendance rows say about them."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from participants.services import ERROR_PARTICIPANT_ANONYMISED
from privacy.services import ANONYMISED_NAME, ErasureReason, participant_anonymise
from scheduling import services as scheduling_services
from scheduling.tests.test_services import planned_participant
from training import services
from training.models import Attendance, AttendanceCorrection, OfflineSync
from training.offline_services import offline_sync_apply
from training.services import AttendanceEntry
from training.tests.conftest import SIGNATURE

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_anonymising_removes_signatures_reasons_and_proof_files_but_keeps_the_units(
    running, instructor_a, manager, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    session, enrolment = running
    first, second = session.meetings.order_by("date")[:2]
    [absent] = services.attendance_record(
        acting_user=instructor_a, meeting=first, today=timezone.localdate(),
        entries={enrolment.pk: AttendanceEntry(status="excused", absence_reason="Arzttermin Kardiologie")},
    )
    absent = services.attendance_proof_attach(acting_user=instructor_a, attendance=absent, name="note.png", content=PNG)
    proof = Path(tmp_path) / absent.proof_path
    assert proof.exists()
    [present] = services.attendance_record(
        acting_user=instructor_a, meeting=second, today=timezone.localdate(),
        entries={enrolment.pk: AttendanceEntry(status="present", signature=SIGNATURE)},
    )
    services.attendance_day_countersign(acting_user=instructor_a, meeting=second, signature=SIGNATURE)
    services.attendance_correct(acting_user=instructor_a, attendance=present,
                                entry=AttendanceEntry(status="excused", absence_reason="Krankheit"),
                                reason="Bescheinigung nachgereicht")
    minutes_before = sorted(Attendance.objects.filter(enrolment=enrolment).values_list("minutes_attended", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        participant_anonymise(acting_user=manager, participant=enrolment.participant, reason=ErasureReason.REQUEST)

    rows = Attendance.objects.filter(enrolment=enrolment)
    assert all(row.signature == "" and row.absence_reason == "" and row.proof_path == "" for row in rows)
    assert not proof.exists()
    correction = AttendanceCorrection.objects.get(attendance__enrolment=enrolment)
    assert correction.reason == ANONYMISED_NAME and correction.absence_reason_after == ""
    # what the figures count stays
    assert sorted(rows.values_list("minutes_attended", flat=True)) == minutes_before
    assert rows.count() == 2


def test_no_proof_is_stored_for_an_erased_person(running, instructor_a, manager, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    session, enrolment = running
    [absent] = services.attendance_record(
        acting_user=instructor_a, meeting=session.meetings.order_by("date").first(), today=timezone.localdate(),
        entries={enrolment.pk: AttendanceEntry(status="excused")},
    )
    participant_anonymise(acting_user=manager, participant=enrolment.participant, reason=ErasureReason.REQUEST)
    with pytest.raises(ValidationError) as refused:
        services.attendance_proof_attach(acting_user=instructor_a, attendance=absent, name="note.png", content=PNG)
    assert refused.value.message_dict["proof"] == [str(ERROR_PARTICIPANT_ANONYMISED)]
    assert not [path for path in Path(tmp_path).rglob("*") if path.is_file()]


def test_anonymising_removes_the_person_from_offline_proposals(running, instructor_a, manager, counsellor_a):
    session, enrolment = running
    other = scheduling_services.session_enrol(
        acting_user=counsellor_a, session=session, participant=planned_participant(counsellor_a, session.module)
    )
    meeting = session.meetings.order_by("date").first()
    services.attendance_record(acting_user=instructor_a, meeting=meeting, today=meeting.date,
                               statuses={enrolment.pk: "present", other.pk: "present"})
    services.attendance_day_countersign(acting_user=instructor_a, meeting=meeting, signature=SIGNATURE)
    offline_sync_apply(
        acting_user=instructor_a, device=None, meeting=meeting, idempotency_key=uuid.uuid4(), today=meeting.date,
        entries={enrolment.pk: AttendanceEntry(status="present", signature=SIGNATURE),
                 other.pk: AttendanceEntry(status="excused", absence_reason="Arzttermin")},
        recorded_offline_at=None,
    )
    participant_anonymise(acting_user=manager, participant=enrolment.participant, reason=ErasureReason.REQUEST)
    kept = json.loads(OfflineSync.objects.get().proposal)
    assert [entry["enrolment"] for entry in kept] == [other.pk]
