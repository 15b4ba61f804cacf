"""Moving and cancelling one meeting: refused once it has begun, audited, announced to the
floors above only after the commit (scheduling/signals.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import AuditEntry
from catalogue.tests.factories import ModuleFactory
from scheduling import services
from scheduling.models import Meeting
from scheduling.signals import meeting_changed
from scheduling.tests.factories import make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(manager, instructor_a, site_a):
    return make_session(manager=manager, module=ModuleFactory(), site=site_a, instructor=instructor_a,
                        starts_on=timezone.localdate() + dt.timedelta(days=2), days=3)


@pytest.fixture
def heard():
    calls: list[dict] = []

    def listener(sender, **kwargs):
        calls.append(kwargs)

    meeting_changed.connect(listener, dispatch_uid="test-listener")
    yield calls
    meeting_changed.disconnect(dispatch_uid="test-listener")


def test_a_move_is_saved_audited_and_announced_after_commit(session, manager, heard,
                                                            django_capture_on_commit_callbacks):
    meeting = session.meetings.order_by("date").first()
    before = (meeting.date, meeting.starts_at, meeting.ends_at)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.meeting_move(acting_user=manager, meeting=meeting, date=meeting.date + dt.timedelta(days=7),
                              starts_at=dt.time(14), ends_at=dt.time(17))
    assert heard == []  # not before the commit
    for callback in callbacks:
        callback()
    assert heard[0]["change"] == "moved" and heard[0]["before"] == before
    assert heard[0]["after"] == (meeting.date + dt.timedelta(days=7), dt.time(14), dt.time(17))
    meeting.refresh_from_db()
    assert meeting.starts_at == dt.time(14)
    assert AuditEntry.objects.filter(action="meeting.move").count() == 1


def test_a_cancel_deletes_the_meeting_and_announces_it(session, manager, heard, django_capture_on_commit_callbacks):
    meeting = session.meetings.order_by("date").first()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(acting_user=manager, meeting=meeting)
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    assert heard[0]["change"] == "cancelled" and heard[0]["after"] is None and heard[0]["meeting_id"] is None


def test_a_begun_meeting_stays(session, manager):
    meeting = session.meetings.order_by("date").first()
    later = dt.datetime.combine(meeting.date, dt.time(10), tzinfo=timezone.get_current_timezone())
    with pytest.raises(ValidationError):
        services.meeting_cancel(acting_user=manager, meeting=meeting, now=later)
    with pytest.raises(ValidationError):
        services.meeting_move(acting_user=manager, meeting=meeting, date=meeting.date, starts_at=dt.time(15),
                              ends_at=dt.time(16), now=later)


def test_a_move_onto_another_meeting_of_the_session_is_refused(session, manager):
    first, second = list(session.meetings.order_by("date")[:2])
    with pytest.raises(ValidationError):
        services.meeting_move(acting_user=manager, meeting=first, date=second.date, starts_at=second.starts_at,
                              ends_at=second.ends_at)
    with pytest.raises(ValidationError):
        services.meeting_move(acting_user=manager, meeting=first, date=first.date, starts_at=dt.time(12),
                              ends_at=dt.time(11))
