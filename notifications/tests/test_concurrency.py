"""Beat fires twice at once (two workers): each reminder still arrives once. The unique
delivery key decides on PostgreSQL, where the two runs really overlap."""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.db import connection

from notifications import services
from notifications.models import Delivery
from notifications.tests.conftest import evening

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="needs PostgreSQL (DATABASE_URL=postgres://…): SQLite serialises writers anyway",
    ),
]


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_reminder_once(world, smtp):
    runs = 4
    start = threading.Barrier(runs)
    counts: list[int] = []
    lock = threading.Lock()

    def run() -> None:
        try:
            start.wait()
            sent = services.session_reminders_send(now=evening(world["today"]))
        finally:
            connection.close()
        with lock:
            counts.append(sent)

    threads = [threading.Thread(target=run) for _ in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(counts) == 2
    assert sorted(r.to[0] for r in smtp.received) == ["jonas@example.org", "layla@example.org"]
    assert Delivery.objects.count() == 2
