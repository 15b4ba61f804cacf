"""The stored "plan at risk" verdict: kept right by the services, read by the list and the case file."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import random
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.services import availability_set
from cases.services import programme_exit_record, programme_exit_undo
from catalogue.tests.factories import ModuleFactory
from participants.models import ExitReason
from returns.services import departure_move
from scheduling import services, solver
from scheduling.models import Enrolment, Pin, PlanRisk, Session
from scheduling.risk import plan_risk_rebuild
from scheduling.solver.risk import person_risk
from scheduling.tests.factories import make_session
from scheduling.tests.test_services import planned_participant


def snapshot() -> dict[int, tuple[bool, list[dict[str, str]]]]:
    return {r.participant_id: (r.at_risk, r.reasons) for r in PlanRisk.objects.all()}


# --- the pure rule ------------------------------------------------------------------------------


def test_a_session_held_that_ends_after_the_departure_does_not_count():
    module = solver.Module(1, "MET-201", 40.0)
    session = solver.Session(10, 1, 1, (solver.Meeting(800, 540, 780), solver.Meeting(804, 540, 780)), 8)
    person = solver.Participant(5, (1,), departure=810, sites=frozenset({1}), earliest_start=700, pins=(10,))
    assert person_risk(person, [session], [module], {10: 1}) == []
    earlier = solver.Participant(5, (1,), departure=802, sites=frozenset({1}), earliest_start=700, pins=(10,))
    [reason] = person_risk(earlier, [session], [module], {10: 1})
    assert (reason.code, reason.module, reason.day) == ("too_late", "MET-201", 802)


def test_a_full_session_is_a_risk_and_a_free_seat_is_not():
    module = solver.Module(1, "MET-201", 40.0)
    session = solver.Session(10, 1, 1, (solver.Meeting(800, 540, 780),), 2)
    person = solver.Participant(5, (1,), departure=900, sites=frozenset({1}), earliest_start=700)
    assert person_risk(person, [session], [module], {10: 1}) == []  # "open": can still book
    assert [r.code for r in person_risk(person, [session], [module], {10: 2})] == ["full"]


# --- the bug: moving a departure earlier shows on both pages at once ----------------------


@pytest.mark.django_db
def test_moving_the_departure_earlier_flags_the_plan_on_the_list_and_the_case_file(
    client_for, manager, counsellor_a, instructor_a
):
    today = timezone.localdate()
    modules = [ModuleFactory(code=f"MET-20{n}") for n in range(1, 5)]
    participant = planned_participant(counsellor_a, modules[0], departure_in_days=200)
    plan = participant.plans.get()
    from plans import services as plan_services

    revised = plan_services.plan_revise(acting_user=counsellor_a, plan=plan, reason="all four")
    for module in modules[1:]:
        plan_services.plan_add_module(acting_user=counsellor_a, plan=revised, module=module)
    plan_services.plan_finalise(acting_user=counsellor_a, plan=revised, agreed_on=today)
    for n, module in enumerate(modules):
        session = make_session(manager=manager, module=module, site=counsellor_a.site, instructor=instructor_a,
                               starts_on=today + dt.timedelta(days=20 + 10 * n))
        services.session_enrol(acting_user=counsellor_a, session=session, participant=participant)
    client = client_for(counsellor_a)
    case_file = reverse("participants:case_file", args=[participant.pk])
    at_risk = reverse("scheduling:at_risk")
    assert client.get(at_risk).context["rows"] == []
    assert 'id="plan-risk"' not in client.get(case_file).content.decode()

    departure_move(acting_user=counsellor_a, participant=participant, planned_departure=today + dt.timedelta(days=7))

    rows = client.get(at_risk).context["rows"]
    assert [row.participant for row in rows] == [participant]
    assert len(rows[0].reasons) == 4 and all("ends before" in reason for reason in rows[0].reasons)
    body = client.get(case_file).content.decode()
    assert 'id="plan-risk"' in body
    for reason in rows[0].reasons:
        assert reason.replace("'", "&#x27;") in body
    # and the departure page says the same, from the same rule
    departure_page = client.get(reverse("returns:departure", args=[participant.pk]))
    assert departure_page.context["risks"] == rows[0].reasons


@pytest.mark.django_db
def test_a_session_filling_up_flags_the_others_who_needed_it(manager, counsellor_a, instructor_a):
    module = ModuleFactory(code="SEW-101")
    first = planned_participant(counsellor_a, module, departure_in_days=60)
    second = planned_participant(counsellor_a, module, departure_in_days=60)
    session = make_session(manager=manager, module=module, site=counsellor_a.site, instructor=instructor_a,
                           starts_on=timezone.localdate() + dt.timedelta(days=10), capacity=1)
    assert not PlanRisk.objects.filter(at_risk=True).exists()
    services.session_enrol(acting_user=counsellor_a, session=session, participant=first)
    assert PlanRisk.objects.get(participant=second).reasons[0]["code"] == "full"
    assert not PlanRisk.objects.get(participant=first).at_risk
    programme_exit_record(acting_user=counsellor_a, participant=first, left_on=timezone.localdate(),
                          reason=ExitReason.WORK)
    assert not PlanRisk.objects.filter(participant=first).exists()
    assert not PlanRisk.objects.get(participant=second).at_risk  # the seat freed by the exit


# --- incremental equals a full rebuild ---------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_incremental_verdicts_equal_a_full_rebuild_after_random_operations(
    seed, manager, counsellor_a, instructor_a, site_a, site_b
):
    rng = random.Random(seed)  # noqa: S311  # a reproducible walk, not a secret
    today = timezone.localdate()
    modules = [ModuleFactory(code=f"M-{seed}{n}") for n in range(3)]
    people = [
        planned_participant(counsellor_a, rng.choice(modules), departure_in_days=rng.randint(10, 60))
        for _ in range(12)
    ]

    def new_session() -> None:
        make_session(manager=manager, module=rng.choice(modules), site=site_a, instructor=instructor_a,
                     starts_on=today + dt.timedelta(days=rng.randint(2, 90)), capacity=1)

    for _ in range(3):
        new_session()

    def enrol() -> None:
        person = rng.choice(people)
        sessions = list(Session.objects.filter(module__in=person.plans.filter(status="final").values("items__module")))
        if sessions:
            with contextlib.suppress(ValidationError):  # full, too late, left: refused is fine
                services.session_enrol(acting_user=manager, session=rng.choice(sessions), participant=person)

    def pin() -> None:
        person = rng.choice(people)
        sessions = list(Session.objects.filter(module__in=person.plans.filter(status="final").values("items__module")))
        if sessions:
            with contextlib.suppress(ValidationError):
                services.pin_create(acting_user=manager, participant=person, session=rng.choice(sessions))

    def unpin() -> None:
        found = Pin.objects.order_by("?").first()
        if found is not None:
            services.pin_delete(acting_user=manager, pin=found)

    def move() -> None:
        person = rng.choice(people)
        departure_move(acting_user=counsellor_a, participant=person,
                       planned_departure=today + dt.timedelta(days=rng.randint(5, 150)))

    def reach() -> None:
        availability_set(acting_user=counsellor_a, participant=rng.choice(people), weekdays=[],
                         hours_per_day=Decimal(4), sites=[rng.choice([site_a, site_b])])

    def leave() -> None:
        programme_exit_record(acting_user=counsellor_a, participant=rng.choice(people), left_on=today,
                              reason=ExitReason.WORK)

    def come_back() -> None:
        programme_exit_undo(acting_user=counsellor_a, participant=rng.choice(people))

    def earliest() -> None:
        person = rng.choice(people)
        person.refresh_from_db()
        day = today + dt.timedelta(days=rng.randint(1, 30))
        if day <= person.planned_departure:
            services.scheduling_profile_set_earliest_start(acting_user=counsellor_a, participant=person,
                                                           earliest_start=day)

    operations = [enrol, enrol, enrol, enrol, pin, unpin, move, move, reach, leave, come_back, earliest, new_session]
    for _ in range(40):
        rng.choice(operations)()
    incremental = snapshot()
    assert any(at_risk for at_risk, _reasons in incremental.values())  # the walk reached some risk
    plan_risk_rebuild()
    assert snapshot() == incremental
    assert Enrolment.objects.exists()


@pytest.mark.django_db
def test_recompute_command_rebuilds_with_a_progress_bar(manager, counsellor_a, instructor_a):
    module = ModuleFactory(code="SEW-101")
    person = planned_participant(counsellor_a, module, departure_in_days=60)
    PlanRisk.objects.all().delete()
    err = StringIO()
    out = StringIO()
    call_command("recompute_plan_risk", stdout=out, stderr=err)
    assert "1 participants" in out.getvalue()
    assert "100%" in err.getvalue()
    assert PlanRisk.objects.get(participant=person).reasons[0]["code"] == "no_session"


def _reference(person, sessions, modules, taken):
    """explain on every session (no witnesses): what person_risk must equal."""
    held = set(person.pins)
    kept = tuple(sorted(s.id for s in sessions if s.id in held and s.last_day <= person.departure))
    seats = tuple(dataclasses.replace(s, capacity=max(0, s.capacity - (taken.get(s.id, 0) - (s.id in held))))
                  for s in sessions)
    alone = dataclasses.replace(person, pins=kept)
    done = set(alone.modules) <= {s.module for s in sessions if s.id in kept}
    current = solver.Solution("current", tuple((alone.id, s) for s in kept), (alone.id,) if done else (), 0.0)
    instance = solver.Instance(tuple(modules), seats, (alone,))
    return solver.blocking(solver.explain(instance, current).get(alone.id, []))


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(st.tuples(st.integers(1, 3), st.integers(1, 3), st.integers(700, 760), st.integers(0, 9),
                            st.integers(1, 2), st.integers(0, 2), st.integers(0, 1)), max_size=12),
    departure=st.integers(700, 780), earliest=st.integers(690, 730),
    weekdays=st.frozensets(st.integers(0, 6), min_size=1), holds=st.lists(st.integers(0, 11), max_size=3),
    chain=st.booleans(),
)
def test_witnesses_answer_exactly_as_explain_on_every_session(rows, departure, earliest, weekdays, holds, chain):
    modules = [solver.Module(1, "A", 10.0), solver.Module(2, "B", 10.0, (1,) if chain else ()),
               solver.Module(3, "C", 10.0, (2,) if chain else ())]
    sessions = [
        solver.Session(i + 1, module, site, tuple(solver.Meeting(start + d, 540 + 60 * slot, 600 + 60 * slot)
                                                  for d in range(0, length + 1, 2)), capacity)
        for i, (module, site, start, length, capacity, _taken, slot) in enumerate(rows)
    ]
    taken = {i + 1: row[5] for i, row in enumerate(rows)}
    pins = tuple(sorted({sessions[h].id for h in holds if h < len(sessions)}))
    person = solver.Participant(9, (1, 2, 3), departure, frozenset({1, 2}), earliest, weekdays, pins)
    assert person_risk(person, sessions, modules, taken) == _reference(person, sessions, modules, taken)
