"""Leaving the programme early: a dated, coded record that frees future places, is audited,
can be corrected or undone, and travels with the person's data export."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry
from cases import services
from certificates.tests.factories import EnrolmentFactory, ResultFactory, SessionFactory
from participants.models import ExitReason, ProgrammeExit
from participants.tests.factories import ParticipantFactory
from privacy.selectors import participant_export_data
from returns.models import Return, ReturnStatus
from scheduling.models import Enrolment

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def karim(counsellor_a):
    return ParticipantFactory(
        first_name="Karim", last_name="Nazari", site=counsellor_a.site, counsellor=counsellor_a,
        intake_date=TODAY - dt.timedelta(days=60),
    )


@pytest.fixture
def enrolments(karim, instructor_a):
    """A finished session with a result, and one that starts next week."""
    finished = SessionFactory(site=karim.site, instructor=instructor_a, starts_on=TODAY - dt.timedelta(days=30),
                              ends_on=TODAY - dt.timedelta(days=25))
    ResultFactory(enrolment=EnrolmentFactory(session=finished, participant=karim))
    upcoming = SessionFactory(site=karim.site, instructor=instructor_a, starts_on=TODAY + dt.timedelta(days=7),
                              ends_on=TODAY + dt.timedelta(days=11))
    EnrolmentFactory(session=upcoming, participant=karim)
    return finished, upcoming


def test_recording_an_exit_cancels_only_sessions_not_yet_started(karim, enrolments, counsellor_a):
    finished, upcoming = enrolments
    record = services.programme_exit_record(
        acting_user=counsellor_a, participant=karim, left_on=TODAY - dt.timedelta(days=2), reason=ExitReason.HEALTH
    )
    assert record.reason == "health" and record.recorded_by == counsellor_a
    assert list(Enrolment.objects.filter(participant=karim).values_list("session_id", flat=True)) == [finished.pk]
    entry = AuditEntry.objects.get(action="participant.exit")
    assert entry.participant_ref == karim.pk
    assert entry.detail == {"reason": "health", "left_on": (TODAY - dt.timedelta(days=2)).isoformat(),
                            "enrolments_cancelled": [upcoming.pk]}


def test_a_correction_keeps_one_record_and_is_audited_as_such(karim, counsellor_a):
    services.programme_exit_record(acting_user=counsellor_a, participant=karim, left_on=TODAY, reason="other")
    services.programme_exit_record(
        acting_user=counsellor_a, participant=karim, left_on=TODAY - dt.timedelta(days=1), reason="moved"
    )
    assert ProgrammeExit.objects.get().reason == "moved"
    assert AuditEntry.objects.filter(action="participant.exit_correct").count() == 1


@pytest.mark.parametrize(
    ("left_on", "reason", "fields"),
    [
        (TODAY + dt.timedelta(days=1), "health", {"left_on"}),
        (TODAY - dt.timedelta(days=400), "health", {"left_on"}),  # before the intake
        (TODAY, "bored", {"reason"}),
        (TODAY + dt.timedelta(days=1), "bored", {"left_on", "reason"}),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(karim, counsellor_a, left_on, reason, fields):
    with pytest.raises(ValidationError) as caught:
        services.programme_exit_record(acting_user=counsellor_a, participant=karim, left_on=left_on, reason=reason)
    assert set(caught.value.message_dict) == fields
    assert not ProgrammeExit.objects.exists() and not AuditEntry.objects.filter(action__startswith="participant.exit")


def test_leaving_must_come_before_the_departure(karim, counsellor_a):
    """Someone may leave the training early and still return; not leave it after departing."""
    departed = TODAY - dt.timedelta(days=5)
    Return.objects.create(participant=karim, status=ReturnStatus.RETURNED, actual_departure=departed,
                          status_date=departed, recorded_by=counsellor_a)
    with pytest.raises(ValidationError) as caught:
        services.programme_exit_record(acting_user=counsellor_a, participant=karim, left_on=TODAY, reason="other")
    assert set(caught.value.message_dict) == {"left_on"}
    services.programme_exit_record(
        acting_user=counsellor_a, participant=karim, left_on=departed - dt.timedelta(days=10), reason="family"
    )
    assert ProgrammeExit.objects.get().reason == "family"


def test_undo_removes_the_exit_and_says_what_it_was(karim, counsellor_a):
    services.programme_exit_record(acting_user=counsellor_a, participant=karim, left_on=TODAY, reason="family")
    services.programme_exit_undo(acting_user=counsellor_a, participant=karim)
    assert not ProgrammeExit.objects.exists()
    assert AuditEntry.objects.get(action="participant.exit_undo").detail == {
        "reason": "family", "left_on": TODAY.isoformat()
    }
    services.programme_exit_undo(acting_user=counsellor_a, participant=karim)  # nothing left: no error, no entry
    assert AuditEntry.objects.filter(action="participant.exit_undo").count() == 1


def test_the_export_carries_the_exit(karim, counsellor_a):
    assert participant_export_data(participant=karim, generated_at=timezone.now())["programme_exit"] is None
    services.programme_exit_record(acting_user=counsellor_a, participant=karim, left_on=TODAY, reason="work")
    assert participant_export_data(participant=karim, generated_at=timezone.now())["programme_exit"] == {
        "left_on": TODAY.isoformat(), "reason": "work"
    }


# Pages ----------------------------------------------------------------------------------


def test_case_file_records_and_shows_the_exit(client_for, karim, counsellor_a):
    client = client_for(counsellor_a)
    response = client.post(reverse("participants:exit_record", args=[karim.pk]),
                           {"left_on": TODAY.isoformat(), "reason": "unreachable"})
    assert response.status_code == 302 and response.url.endswith("#exit")
    body = client.get(reverse("participants:case_file", args=[karim.pk])).content.decode()
    assert "left the programme on" in body and "No longer reachable" in body
    caseload = client.get(reverse("participants:caseload")).content.decode()
    assert "left on" in caseload
    client.post(reverse("participants:exit_undo", args=[karim.pk]))
    assert not ProgrammeExit.objects.exists()


def test_a_bad_form_comes_back_with_what_was_typed_and_the_error(client_for, karim, counsellor_a):
    future = (TODAY + dt.timedelta(days=3)).isoformat()
    response = client_for(counsellor_a).post(
        reverse("participants:exit_record", args=[karim.pk]), {"left_on": future, "reason": "family"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "The day of leaving lies in the future." in body
    assert f'value="{future}"' in body and '<details open' in body


def test_other_site_and_other_roles_cannot_record(client_for, karim, counsellor_b, instructor_a):
    data = {"left_on": TODAY.isoformat(), "reason": "other"}
    assert client_for(counsellor_b).post(reverse("participants:exit_record", args=[karim.pk]), data).status_code == 404
    assert client_for(instructor_a).post(reverse("participants:exit_record", args=[karim.pk]), data).status_code == 403
    assert not ProgrammeExit.objects.exists()
