"""Re-planning one person after the departure moved: the pure search and the confirm step."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from accounts.models import AuditEntry
from catalogue.tests.factories import ModuleFactory
from returns.services import departure_move
from scheduling import services, solver
from scheduling.models import Enrolment, PlanRisk
from scheduling.solver.replan import Holder, replan
from scheduling.tests.factories import make_session
from scheduling.tests.test_services import planned_participant

MODULE = solver.Module(1, "MET-201", 40.0)


def session(sid: int, day: int, capacity: int = 1, site: int = 1) -> solver.Session:
    return solver.Session(sid, 1, site, (solver.Meeting(day, 540, 780), solver.Meeting(day + 2, 540, 780)), capacity)


def person(pid: int, departure: int, pins: tuple[int, ...] = (), sites: frozenset[int] = frozenset({1})):
    return solver.Participant(pid, (1,), departure, sites, earliest_start=700, pins=pins)


def test_a_free_seat_is_taken_and_a_seat_ending_too_late_given_up():
    me = person(1, departure=820, pins=(3,))
    found = replan(me, [session(2, 800), session(3, 900)], [MODULE], {2: 0, 3: 1})
    assert (found.take, found.release, found.moves, found.missing) == ((2,), (3,), (), ())


def test_a_promised_seat_is_taken_only_by_moving_its_holder_somewhere_that_fits_them():
    me = person(1, departure=820)
    other = person(2, departure=1000, pins=(2,))
    sessions = [session(2, 800), session(3, 900)]
    found = replan(me, sessions, [MODULE], {2: 1, 3: 0}, {2: [Holder(other)]})
    assert found.take == (2,) and [(m.participant, m.from_session, m.to_session) for m in found.moves] == [(2, 2, 3)]
    # the holder leaves before the other session ends: nobody is moved, the module stays missing
    leaving_soon = person(2, departure=850, pins=(2,))
    found = replan(me, sessions, [MODULE], {2: 1, 3: 0}, {2: [Holder(leaving_soon)]})
    assert (found.take, found.moves, found.missing) == ((), (), (1,))
    # without being told who holds the seat, it is never taken
    assert replan(me, sessions, [MODULE], {2: 1, 3: 0}).missing == (1,)


@settings(max_examples=150, deadline=None)
@given(
    capacities=st.lists(st.integers(1, 2), min_size=1, max_size=5),
    days=st.lists(st.integers(760, 900), min_size=5, max_size=5),
    departures=st.lists(st.integers(780, 950), min_size=6, max_size=6),
    holds=st.lists(st.integers(0, 4), min_size=0, max_size=6),
)
def test_no_session_ends_over_capacity_and_everyone_moved_still_fits(capacities, days, departures, holds):
    sessions = [session(i, days[i], capacities[i]) for i in range(len(capacities))]
    seats: Counter[int] = Counter()
    holders: dict[int, list[Holder]] = {}
    others = []
    for n, sid in enumerate(holds):
        if sid < len(sessions) and seats[sid] < sessions[sid].capacity:
            seats[sid] += 1
            other = person(10 + n, departure=max(departures[n], sessions[sid].last_day), pins=(sid,))
            holders.setdefault(sid, []).append(Holder(other))
            others.append(other)
    me = person(1, departure=departures[-1])
    found = replan(me, sessions, [MODULE], dict(seats), holders)
    after = Counter(seats)
    by_id = {s.id: s for s in sessions}
    people = {o.id: o for o in others}
    for move in found.moves:
        after[move.from_session] -= 1
        after[move.to_session] += 1
        target = by_id[move.to_session]
        assert target.last_day <= people[move.participant].departure  # still fits them
    for sid in found.take:
        after[sid] += 1
        assert by_id[sid].last_day <= me.departure
    assert all(after[s.id] <= s.capacity for s in sessions)
    # complete whenever a session fits with a free seat
    if any(s.last_day <= me.departure and seats[s.id] < s.capacity for s in sessions):
        assert found.completes and not found.moves


@pytest.mark.django_db
def test_moving_the_departure_proposes_a_re_plan_that_is_applied_on_confirmation(
    client_for, manager, counsellor_a, instructor_a
):
    today = timezone.localdate()
    module = ModuleFactory(code="WEL-101")
    mover = planned_participant(counsellor_a, module, departure_in_days=200)
    holder = planned_participant(counsellor_a, module, departure_in_days=200)
    early = make_session(manager=manager, module=module, site=counsellor_a.site, instructor=instructor_a,
                         starts_on=today + dt.timedelta(days=5), capacity=1)
    late = make_session(manager=manager, module=module, site=counsellor_a.site, instructor=instructor_a,
                        starts_on=today + dt.timedelta(days=60), capacity=2)
    services.session_enrol(acting_user=counsellor_a, session=early, participant=holder)
    services.session_enrol(acting_user=counsellor_a, session=late, participant=mover)
    client = client_for(counsellor_a)
    departure_move(acting_user=counsellor_a, participant=mover, planned_departure=today + dt.timedelta(days=20))
    assert PlanRisk.objects.get(participant=mover).at_risk

    page = client.get(reverse("returns:departure", args=[mover.pk]))
    proposal = page.context["proposal"]
    assert [s.pk for s in proposal.take] == [early.pk] and [s.pk for s in proposal.release] == [late.pk]
    assert [(m.participant, m.from_session, m.to_session) for m in proposal.moves] == [(holder, early, late)]
    assert proposal.seconds < 5.0
    body = page.content.decode()
    assert "Seats already promised to others" in body and holder.case_number in body
    assert not Enrolment.objects.filter(participant=mover, session=early).exists()  # nothing until confirmed

    response = client.post(reverse("scheduling:replan", args=[mover.pk]), {"proposal": proposal.token})
    assert response.status_code == 302
    assert set(Enrolment.objects.filter(participant=mover).values_list("session", flat=True)) == {early.pk}
    assert set(Enrolment.objects.filter(participant=holder).values_list("session", flat=True)) == {late.pk}
    assert not PlanRisk.objects.get(participant=mover).at_risk
    assert not PlanRisk.objects.get(participant=holder).at_risk
    assert AuditEntry.objects.filter(action="enrolment.move", participant_ref=holder.pk).exists()
    # the same token again: the schedule changed, nothing is applied twice
    again = client.post(reverse("scheduling:replan", args=[mover.pk]), {"proposal": proposal.token})
    assert again.status_code == 400


@pytest.mark.django_db
def test_a_tampered_proposal_is_refused(client_for, counsellor_a):
    module = ModuleFactory(code="WEL-102")
    mover = planned_participant(counsellor_a, module, departure_in_days=30)
    response = client_for(counsellor_a).post(reverse("scheduling:replan", args=[mover.pk]), {"proposal": "x:y:z"})
    assert response.status_code == 400
    assert "expired or was altered" in response.content.decode()


@pytest.mark.django_db
def test_replan_page_ladder(client, client_for, counsellor_b, instructor_a, counsellor_a):
    module = ModuleFactory(code="WEL-103")
    mover = planned_participant(counsellor_a, module, departure_in_days=30)
    url = reverse("scheduling:replan", args=[mover.pk])
    assert client.get(url).status_code == 302
    assert client_for(instructor_a).get(url).status_code == 403
    assert client_for(counsellor_b).get(url).status_code == 404
    assert client_for(counsellor_a).get(url).status_code == 200
