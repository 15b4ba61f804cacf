"""Fifty people try to take ten seats at once: the session row lock lets exactly ten in."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from catalogue.tests.factories import ModuleFactory
from scheduling.models import Enrolment
from scheduling.services import session_enrol
from scheduling.tests.factories import make_session
from scheduling.tests.test_services import planned_participant

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="needs PostgreSQL (DATABASE_URL=postgres://…): SQLite serialises writers anyway",
    ),
]


@pytest.mark.django_db(transaction=True)
def test_concurrent_enrolments_never_overbook(manager, counsellor_a, site_a, instructor_a):
    module = ModuleFactory(code="CON-101")
    session = make_session(
        manager=manager, module=module, site=site_a, instructor=instructor_a,
        starts_on=timezone.localdate() + dt.timedelta(days=5), capacity=10,
    )
    people = [planned_participant(counsellor_a, module) for _ in range(50)]
    start = threading.Barrier(len(people))
    outcomes: list[str] = []
    lock = threading.Lock()

    def enrol(person):
        try:
            start.wait()
            session_enrol(acting_user=manager, session=session, participant=person)
            result = "ok"
        except ValidationError:
            result = "full"
        finally:
            connection.close()  # each thread had its own connection
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=enrol, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 10 and outcomes.count("full") == 40
    assert Enrolment.objects.filter(session=session).count() == 10
