"""A running session at site A (meetings 09:00–13:00 daily) with one participant enrolled."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from catalogue.tests.factories import ModuleFactory
from scheduling import services as scheduling_services
from scheduling.tests.factories import make_session
from scheduling.tests.test_services import planned_participant
from tests.browser import phone_page

SIGNATURE = "M10 20 L30 40 L50 45.5 M60 60 L90 80"


@pytest.fixture
def running(manager, site_a, instructor_a, counsellor_a):
    module = ModuleFactory(code="COO-101")
    participant = planned_participant(counsellor_a, module)
    session = make_session(
        manager=manager,
        module=module,
        site=site_a,
        instructor=instructor_a,
        starts_on=timezone.localdate() - dt.timedelta(days=2),
    )
    enrolment = scheduling_services.session_enrol(acting_user=counsellor_a, session=session, participant=participant)
    return session, enrolment


@pytest.fixture
def phone(live_server):
    """A 390 px phone in English (the offline page's texts are asserted in English)."""
    with phone_page(locale="en-GB") as page:
        yield page
