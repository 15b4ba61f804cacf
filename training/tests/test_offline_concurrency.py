"""The same sync sent four times at once (a phone retrying on a flaky line): the day's row
lock lets one write and the others repeat its answer."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.conf import settings
from django.db import connection

from accounts.models import AuditEntry
from training.models import Attendance, OfflineSync
from training.offline_services import AttendanceEntry, SyncResult, offline_sync_apply
from training.tests.conftest import SIGNATURE

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="needs PostgreSQL (DATABASE_URL=postgres://…): SQLite serialises writers anyway",
    ),
]


@pytest.mark.django_db(transaction=True)
def test_concurrent_copies_of_one_sync_write_once(running, instructor_a):
    session, enrolment = running
    meeting = session.meetings.order_by("date").first()
    key = uuid.uuid4()
    copies = 4
    start = threading.Barrier(copies)
    results: list[SyncResult] = []
    lock = threading.Lock()

    def send():
        try:
            start.wait()
            result = offline_sync_apply(
                acting_user=instructor_a, device=None, meeting=meeting, idempotency_key=key,
                entries={enrolment.pk: AttendanceEntry(status="present", signature=SIGNATURE)},
                recorded_offline_at=None, today=meeting.date,
            )
        finally:
            connection.close()
        with lock:
            results.append(result)

    threads = [threading.Thread(target=send) for _ in range(copies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == copies
    assert sorted(result.replayed for result in results) == [False] + [True] * (copies - 1)
    assert len({result.sync.pk for result in results}) == 1
    assert OfflineSync.objects.count() == 1 and Attendance.objects.count() == 1
    assert AuditEntry.objects.filter(action="attendance.record").count() == 1
