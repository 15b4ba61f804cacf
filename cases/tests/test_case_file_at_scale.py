"""The case file in a fixed number of queries, however many sessions, notes and consents the
person has (a long stay collects dozens of each)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from catalogue.tests.factories import ModuleFactory
from participants.models import ConsentPurpose, ContactKind
from participants.services import consent_record, contact_note_add
from scheduling import services as scheduling_services
from scheduling.tests.factories import make_session
from scheduling.tests.test_services import planned_participant

pytestmark = pytest.mark.django_db


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_case_file_queries_do_not_grow_with_the_record(client_for, manager, site_a, instructor_a, counsellor_a):
    module = ModuleFactory(code="ELE-201")
    person = planned_participant(counsellor_a, module, departure_in_days=400)
    today = timezone.localdate()
    url = reverse("participants:case_file", args=[person.pk])
    client = client_for(counsellor_a)

    def grow(number):
        for n in range(number):
            session = make_session(manager=manager, module=module, site=site_a, instructor=instructor_a,
                                   starts_on=today + dt.timedelta(days=3 + 7 * n + 30 * number), days=2)
            scheduling_services.session_enrol(acting_user=counsellor_a, session=session, participant=person)
            contact_note_add(acting_user=counsellor_a, participant=person, kind=ContactKind.PARTICIPANT,
                             contacted_on=today, text=f"call {n}")
            consent_record(acting_user=counsellor_a, participant=person, purpose=ConsentPurpose.PHOTO, given_on=today)

    grow(1)
    small = _queries(client, url)
    grow(6)
    assert _queries(client, url) == small
