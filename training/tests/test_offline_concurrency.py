"""The same sync sent four times at once (a phone retrying on a flaky line): the day's row
lock lets one write and the others repeat its answer."""

from __future__ import annotations

import uuid

import pytest

from accounts.models import AuditEntry
from tests.threads import POSTGRES_ONLY, at_once
from training.models import Attendance, OfflineSync
from training.offline_services import AttendanceEntry, SyncResult, offline_sync_apply
from training.tests.conftest import SIGNATURE

pytestmark = POSTGRES_ONLY


@pytest.mark.django_db(transaction=True)
def test_concurrent_copies_of_one_sync_write_once(running, instructor_a):
    session, enrolment = running
    meeting = session.meetings.order_by("date").first()
    key = uuid.uuid4()
    copies = 4

    def send(_index, start) -> SyncResult:
        start()
        return offline_sync_apply(
            acting_user=instructor_a, device=None, meeting=meeting, idempotency_key=key,
            entries={enrolment.pk: AttendanceEntry(status="present", signature=SIGNATURE)},
            recorded_offline_at=None, today=meeting.date,
        )

    results, failures = at_once(copies, send)
    assert failures == []
    assert len(results) == copies
    assert sorted(result.replayed for result in results) == [False] + [True] * (copies - 1)
    assert len({result.sync.pk for result in results}) == 1
    assert OfflineSync.objects.count() == 1 and Attendance.objects.count() == 1
    assert AuditEntry.objects.filter(action="attendance.record").count() == 1
