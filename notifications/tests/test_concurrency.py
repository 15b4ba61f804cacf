"""Beat fires twice at once (two workers): each reminder still arrives once. The unique
delivery key decides on PostgreSQL, where the two runs really overlap."""

from __future__ import annotations

import pytest

from notifications import services
from notifications.models import Delivery
from notifications.tests.conftest import evening
from tests.threads import POSTGRES_ONLY, at_once

pytestmark = POSTGRES_ONLY


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_reminder_once(world, smtp):
    runs = 4

    def run(_index, start) -> int:
        start()
        return services.session_reminders_send(now=evening(world["today"]))

    counts, failures = at_once(runs, run)
    assert failures == [] and len(counts) == runs
    assert sum(counts) == 2
    assert sorted(r.to[0] for r in smtp.received) == ["jonas@example.org", "layla@example.org"]
    assert Delivery.objects.count() == 2
