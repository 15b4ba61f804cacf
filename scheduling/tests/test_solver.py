"""The pure solver on random instances, checked by the independent validator."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduling.solver import (
    Candidate,
    Meeting,
    Module,
    Options,
    Participant,
    Session,
    describe,
    explain,
    greedy_edf,
    greedy_fcfs,
    lp_bound,
    propose_sessions,
    solve,
    validate,
)
from scheduling.solver.generate import START, generate
from scheduling.solver.model import Instance, day_of

# The deterministic limit binds long before the wall-clock one, so answers repeat exactly.
FAST = Options(time_limit=30.0, deterministic_time_per_participant=0.02)

instances = st.builds(
    generate,
    participants=st.integers(min_value=1, max_value=40),
    seed=st.integers(min_value=0, max_value=10_000),
    trades=st.integers(min_value=1, max_value=3),
    sites=st.integers(min_value=1, max_value=4),
    modules_per_trade=st.integers(min_value=2, max_value=4),
    weeks=st.integers(min_value=8, max_value=20),
    capacity=st.integers(min_value=1, max_value=6),
    tightness=st.floats(min_value=0.5, max_value=3.0),
    pins=st.sampled_from([0.0, 0.3]),
)

PROPERTY = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(instances)
def test_every_solution_passes_the_validator_and_beats_both_greedies(instance):
    fcfs, edf = greedy_fcfs(instance), greedy_edf(instance)
    best = solve(instance, FAST)
    assert validate(instance, fcfs) == []
    assert validate(instance, edf) == []
    assert validate(instance, best) == []
    assert best.completed_count >= max(fcfs.completed_count, edf.completed_count)
    assert lp_bound(instance) >= best.completed_count


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances)
def test_same_input_same_output(instance):
    assert solve(instance, FAST).assignments == solve(instance, FAST).assignments


@PROPERTY
@given(instances)
def test_every_incomplete_plan_has_a_reason_per_missing_module(instance):
    found = solve(instance, FAST)
    reasons = explain(instance, found)
    assert set(reasons) == {p.id for p in instance.participants if p.modules and p.id not in found.completed}
    for pid, items in reasons.items():
        assert items and all(describe(r) for r in items), pid


def test_validator_catches_each_broken_rule():
    module = Module(1, "MET-101", 40.0)
    follow = Module(2, "MET-201", 40.0, prerequisites=(1,))
    first = Session(1, 1, 1, (Meeting(START, 480, 720),), capacity=1)
    second = Session(2, 2, 1, (Meeting(START, 600, 900),), capacity=1)
    far = Session(3, 2, 9, (Meeting(START + 7, 480, 720),), capacity=1)
    person = Participant(1, (1, 2), START + 30, frozenset({1}))
    other = replace(person, id=2)
    instance = Instance((module, follow), (first, second, far), (person, other))
    ok = solve(instance)
    assert validate(instance, ok) == [] and ok.completed_count == 0  # MET-201 only at site 9
    overlap = replace(ok, assignments=((1, 1), (1, 2)), completed=(1,), hours=80.0)
    assert any("overlap" in p for p in validate(instance, overlap))
    assert any("prerequisite 1 not finished" in p for p in validate(instance, overlap))
    crowded = replace(ok, assignments=((1, 1), (2, 1)), completed=(), hours=80.0)
    assert any("people for 1 seats" in p for p in validate(instance, crowded))
    unreachable = replace(ok, assignments=((1, 1), (1, 3)), completed=(1,), hours=80.0)
    assert any("unreachable site" in p for p in validate(instance, unreachable))
    pinned = Instance(instance.modules, instance.sessions, (replace(person, pins=(1,)),))
    assert any("pin 1 dropped" in p for p in validate(pinned, replace(ok, assignments=())))


def test_explanations_name_the_module_and_the_date():
    module = Module(1, "MET-201", 40.0)
    late = Session(1, 1, 1, (Meeting(day_of(START_DATE) + 60, 480, 720),), capacity=5)
    full = Session(2, 1, 2, (Meeting(day_of(START_DATE) + 1, 480, 720),), capacity=1)
    leaving = Participant(1, (1,), day_of(START_DATE) + 30, frozenset({1}))
    first = Participant(2, (1,), day_of(START_DATE) + 30, frozenset({2}))
    second = Participant(3, (1,), day_of(START_DATE) + 30, frozenset({2}))
    instance = Instance((module,), (late, full), (leaving, first, second))
    found = solve(instance)
    reasons = explain(instance, found)
    assert describe(reasons[1][0]) == "no session of MET-201 ends before 03.02.2027"
    loser = 3 if 2 in found.completed else 2
    assert describe(reasons[loser][0]) == "MET-201 full in all reachable sites"


START_DATE = __import__("datetime").date(2027, 1, 4)


def test_proposals_pick_the_session_that_completes_most_plans():
    module = Module(1, "WEL-101", 40.0)
    full = Session(1, 1, 1, (Meeting(START, 480, 720),), capacity=1)
    people = tuple(Participant(i, (1,), START + 60, frozenset({1})) for i in range(1, 5))
    instance = Instance((module,), (full,), people)
    useful = Candidate("site 1 week 2", 1, 1, (Meeting(START + 7, 480, 720),), capacity=2)
    too_late = Candidate("site 1 week 20", 1, 1, (Meeting(START + 140, 480, 720),), capacity=8)
    elsewhere = Candidate("site 2 week 2", 1, 2, (Meeting(START + 7, 480, 720),), capacity=8)
    proposals = propose_sessions(instance, [too_late, elsewhere, useful], limit=2)
    assert [p.candidate.key for p in proposals] == ["site 1 week 2"]
    # seats may be reshuffled among equals, so at least the two gained plans are new
    assert proposals[0].additional_plans == 2 and len(proposals[0].newly_completed) >= 2


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances)
def test_aggregated_precedence_tightens_the_lp_and_stays_a_bound(instance):
    """The per-day precedence rows are valid for every whole schedule: the bound never drops
    below what the optimiser schedules, and is never looser than the per-session rows."""
    best = solve(instance, FAST)
    tight = lp_bound(instance)
    assert best.completed_count <= tight <= lp_bound(instance, aggregated=False)
