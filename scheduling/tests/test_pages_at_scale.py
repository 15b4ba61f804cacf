"""The session list and the enrolment page at scale: the same sessions in the same order as the
plain definition, and a number of queries that does not grow with the sessions or enrolments."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from catalogue.tests.factories import ModuleFactory
from scheduling import services
from scheduling.models import Session
from scheduling.selectors import session_list_page, session_options_for_participant
from scheduling.tests.factories import make_session
from scheduling.tests.test_services import planned_participant

pytestmark = pytest.mark.django_db


def _sessions(count, *, manager, module, site, instructor, first, capacity=8):
    return [
        make_session(manager=manager, module=module, site=site, instructor=instructor,
                     starts_on=first + dt.timedelta(days=7 * n), days=2, capacity=capacity)
        for n in range(count)
    ]


def test_session_pages_list_every_current_session_once_in_date_order(manager, site_a, instructor_a):
    today = timezone.localdate()
    module, other = ModuleFactory(code="ELE-101"), ModuleFactory(code="AAA-101")
    past = make_session(manager=manager, module=module, site=site_a, instructor=instructor_a,
                        starts_on=today - dt.timedelta(days=30), days=2)
    current = _sessions(4, manager=manager, module=module, site=site_a, instructor=instructor_a, first=today)
    current += _sessions(3, manager=manager, module=other, site=site_a, instructor=instructor_a, first=today)
    expected = sorted(current, key=lambda s: (s.starts_on, s.module.code, s.pk))
    seen = []
    for number in (1, 2, 3):
        page = session_list_page(user=manager, from_date=today, page=number, per_page=3)
        assert page.paginator.count == 7
        seen += list(page.object_list)
    assert [s.pk for s in seen] == [s.pk for s in expected] and past.pk not in {s.pk for s in seen}
    assert all(s.seats_taken == 0 for s in seen)
    everything = session_list_page(user=manager, from_date=None, per_page=50)
    assert everything.paginator.count == 8


def test_seats_taken_counts_each_sessions_enrolments(manager, site_a, instructor_a, counsellor_a):
    module = ModuleFactory(code="ELE-104")
    start = timezone.localdate() + dt.timedelta(days=3)
    full, empty = _sessions(2, manager=manager, module=module, site=site_a, instructor=instructor_a, first=start)
    for _ in range(3):
        person = planned_participant(counsellor_a, module)
        services.session_enrol(acting_user=counsellor_a, session=full, participant=person)
    rows = {s.pk: s.seats_taken for s in session_list_page(user=manager, from_date=start).object_list}
    assert rows == {full.pk: 3, empty.pk: 0}


def test_enrolment_offers_the_next_sessions_per_module_own_site_first(
    manager, site_a, site_b, instructor_a, counsellor_a
):
    today = timezone.localdate()
    module = ModuleFactory(code="ELE-105")
    person = planned_participant(counsellor_a, module, departure_in_days=400)
    elsewhere = _sessions(3, manager=manager, module=module, site=site_b, instructor=instructor_a,
                          first=today + dt.timedelta(days=1))
    own = _sessions(3, manager=manager, module=module, site=site_a, instructor=instructor_a,
                    first=today + dt.timedelta(days=60))
    options = session_options_for_participant(participant=person, today=today, per_module=4)
    shown = {option.session.pk for option in options}
    assert shown == {s.pk for s in own} | {elsewhere[0].pk}  # own site first, then the next to start
    # one the person is enrolled in is always shown, though beyond the first four
    services.session_enrol(acting_user=counsellor_a, session=elsewhere[2], participant=person)
    options = session_options_for_participant(participant=person, today=today, per_module=4)
    enrolled = [option for option in options if option.already_enrolled]
    assert [option.session.pk for option in enrolled] == [elsewhere[2].pk]
    assert enrolled[0].seats_free == elsewhere[2].capacity - 1 and not enrolled[0].can_enrol


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_sessions_or_enrolments(
    client_for, manager, site_a, instructor_a, counsellor_a
):
    module = ModuleFactory(code="ELE-106")
    person = planned_participant(counsellor_a, module, departure_in_days=400)
    first = timezone.localdate() + dt.timedelta(days=2)
    _sessions(2, manager=manager, module=module, site=site_a, instructor=instructor_a, first=first)
    counsellor, boss = client_for(counsellor_a), client_for(manager)
    enrol = reverse("scheduling:enrol", args=[person.pk])
    listing = reverse("scheduling:session_list")
    small = (_queries(counsellor, enrol), _queries(boss, listing))
    more = _sessions(12, manager=manager, module=module, site=site_a, instructor=instructor_a,
                     first=first + dt.timedelta(days=30), capacity=20)
    for session in more[:3]:
        for _ in range(2):
            services.session_enrol(acting_user=counsellor_a, session=session,
                                   participant=planned_participant(counsellor_a, module, departure_in_days=400))
    assert Session.objects.count() == 14
    assert (_queries(counsellor, enrol), _queries(boss, listing)) == small
