"""The instance families, the whole-plan greedy, LNS, the class bound and the neutral JSON format."""

from __future__ import annotations

import json
import math
import time
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduling.solver import Options, greedy_edf, greedy_fcfs, greedy_whole_edf, lns, lp_bound, solve, validate
from scheduling.solver import bound as bound_module
from scheduling.solver.bound import class_bound, lagrangian_bound
from scheduling.solver.generate import FAMILIES, family, generate
from scheduling.solver.greedy import (
    cheapest_plan,
    lp_rounded,
    pins_of,
    plan_fits,
    priced_whole_plans,
    whole_plans_assign,
)
from scheduling.solver.jsonio import instance_from_json, instance_to_json, solution_from_json, solution_to_json
from scheduling.solver.prepare import Index, score

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "docs" / "scheduler.schema.json").read_text())


@pytest.fixture(scope="module")
def instances():
    return {name: family(name, participants=500, seed=2) for name in FAMILIES}


def test_families_are_seeded_and_differ(instances):
    for name in FAMILIES:
        assert family(name, participants=500, seed=2) == instances[name]
        assert family(name, participants=500, seed=3) != instances[name]
    with pytest.raises(ValueError, match="unknown family"):
        family("nope", participants=10)


def test_families_have_their_shape(instances):
    peaks = instances["peaks"]
    departures = sorted(p.departure for p in peaks.participants)
    # about 70 % leave within ±10 days of one of three dates: the busiest 3 weeks hold far more than 3/26
    busiest = max(sum(1 for d in departures if start <= d < start + 21) for start in departures)
    assert busiest > 0.2 * len(departures)
    assert all(1 <= len(p.sites) <= 3 and 1 <= len(p.modules) <= 4 for p in peaks.participants)
    assert all(8 <= s.capacity <= 16 for s in peaks.sessions)
    chains = instances["chains"]
    entries = {m.id for m in chains.modules if not m.prerequisites}
    assert all(p.modules[0] in entries and len(p.modules) >= 3 for p in chains.participants)
    narrow = instances["narrow"]
    assert sum(len(p.sites) == 1 for p in narrow.participants) > 0.8 * len(narrow.participants)


def test_whole_plan_greedy_seats_only_whole_plans(instances):
    for name, instance in instances.items():
        whole = greedy_whole_edf(instance)
        assert validate(instance, whole) == [], name
        pinned = {(p.id, s) for p in instance.participants for s in p.pins}
        seated = {pid for pid, s in whole.assignments if (pid, s) not in pinned}
        assert seated <= set(whole.completed), name


def test_cheapest_plan_agrees_with_brute_force(instances):
    """Against every combination of candidate sessions: the cheapest whole plan that keeps the rules."""
    import itertools
    import random

    rng = random.Random(5)  # noqa: S311 -- test data
    checked = 0
    for name in ("peaks", "chains", "today"):
        instance = instances[name]
        index = Index(instance)
        seats = {s: rng.choice((0, 1, 1, 2)) for s in index.sessions}
        prices = {s: rng.choice((0.0, 0.0, 0.1, 0.25, 0.5)) for s in index.sessions}
        for p in instance.participants[:150]:
            options = [[s for s in opts if seats[s] > 0] for opts in index.candidates[p.id].values()]
            if math.prod(len(o) for o in options) > 4000:
                continue
            pinned = list(index.pinned_module[p.id].values())
            best = None
            for combo in itertools.product(*options):
                chosen = {index.sessions[s].module: s for s in combo} | index.pinned_module[p.id]
                ok = all(index.last[chosen[q]] < index.first[s] for m, s in chosen.items()
                         for q in index.prerequisites_in_plan(p, m))
                held = list(combo) + pinned
                if ok and not any(index.clash(a, b) for i, a in enumerate(held) for b in held[i + 1:]):
                    cost = sum(prices[s] for s in combo)
                    best = cost if best is None else min(best, cost)
            found = cheapest_plan(index, p, seats, prices)
            if found is None:
                # None only where no plan fits, or where the cheapest breaks a rule the recursion cannot see
                assert best is None or len(set(p.modules)) > 1, (name, p.id)
                continue
            checked += 1
            assert best is not None and sum(prices[s] for s in found) == pytest.approx(best), (name, p.id)
    assert checked > 100


def test_priced_whole_plans_are_valid_whole_plans_and_follow_the_prices(instances):
    for name, instance in instances.items():
        index = Index(instance)
        people = sorted(instance.participants, key=lambda p: (p.departure, p.id))
        prices: dict[int, float] = {}
        lagrangian_bound(instance, index, seconds=10.0, prices_out=prices)
        assert any(prices.values()) or name == "narrow", name
        new, _left = priced_whole_plans(index, people, dict(index.free), prices)
        result = score(index, pins_of(index) + new, "priced")
        assert validate(instance, result) == [], name
        assert {pid for pid, _ in new} <= set(result.completed), name
    # a price on the sessions a person would take moves them to others where there are
    instance = instances["peaks"]
    index = Index(instance)
    for p in instance.participants:
        plain = cheapest_plan(index, p, dict(index.free), {})
        if plain is None:
            continue
        dear = dict.fromkeys(plain, 5.0)
        moved = cheapest_plan(index, p, dict(index.free), dear)
        if moved is not None and set(moved) != set(plain):
            assert sum(dear.get(s, 0.0) for s in moved) < 5.0 * len(plain)
            break
    else:
        pytest.fail("no one moved away from priced sessions")


def test_optimiser_beats_every_greedy_and_stays_under_the_bound(instances):
    for name, instance in instances.items():
        best = solve(instance, Options(time_limit=10.0))
        greedies = [greedy_fcfs(instance), greedy_edf(instance), greedy_whole_edf(instance)]
        assert validate(instance, best) == [], name
        assert best.completed_count >= max(g.completed_count for g in greedies), name
        assert best.completed_count <= class_bound(instance), name


def test_lns_over_the_whole_incumbent_is_valid_and_never_below_the_greedies(instances):
    instance = instances["peaks"]
    # a block limit below every group forces the large-instance path
    best = solve(instance, Options(time_limit=4.0, max_block=20, lns_size=60, lns_round_seconds=0.3))
    assert best.status in ("lns", "greedy kept")
    # the search runs unless its start already holds the proven bound (nothing to gain)
    assert best.stats["lns_rounds"] >= 1 or best.stats["lns_start"] >= best.stats["lagrangian_bound"]
    assert validate(instance, best) == []
    whole = greedy_whole_edf(instance)
    assert best.completed_count >= whole.completed_count
    # the time limit is used, not left idle, unless the search holds its own proven bound
    assert best.seconds >= 3.0 or best.completed_count >= best.stats["lagrangian_bound"]
    assert best.completed_count <= best.stats["lagrangian_bound"]
    # the LP over whole plans, rounded, is one of the starts (below 10,000 people)
    assert whole.completed_count <= best.stats["rounded_start"] <= best.completed_count


def test_lns_keeps_who_holds_which_session(instances):
    """The session neighbourhood reads `holders`: after a search it must be `held` inverted."""
    instance = instances["chains"]
    index = Index(instance)
    start, _ = whole_plans_assign(index, sorted(instance.participants, key=lambda p: (p.departure, p.id)),
                                  dict(index.free))
    state = lns.search(index, start, Options(), time.perf_counter() + 2.0, size=30)
    assert state.rounds >= 8 and "session" in state.kinds
    inverted: dict[int, set[int]] = {}
    for pid, sessions in state.held.items():
        for s in sessions:
            inverted.setdefault(s, set()).add(pid)
    assert {s: pids for s, pids in state.holders.items() if pids} == inverted


def test_lns_stops_once_it_holds_the_bound(instances):
    """Nothing is left to gain at a proven bound: the search returns at once instead of running to its limit."""
    instance = instances["narrow"]
    index = Index(instance)
    start, _ = whole_plans_assign(index, sorted(instance.participants, key=lambda p: (p.departure, p.id)),
                                  dict(index.free))
    held = len({pid for pid, _ in start})
    stopped = lns.search(index, start, Options(), time.perf_counter() + 30.0, bound=held)
    assert stopped.rounds == 0 and stopped.completed == held
    searched = lns.search(index, start, Options(), time.perf_counter() + 1.0, bound=held + 10_000)
    assert searched.rounds >= 1  # below the bound it searches until the deadline


def _linked_modules(index, p):
    """Module pairs a prerequisite path (through unpinned plan modules) puts one after the other."""
    pinned = index.pinned_module[p.id]
    modules = [m for m in set(p.modules) if m not in pinned]
    after = {m: {q for q in index.prerequisites_in_plan(p, m) if q not in pinned} for m in modules}
    changed = True
    while changed:
        changed = False
        for m in modules:
            more = set().union(*(after.get(q, set()) for q in after[m])) - after[m]
            if more:
                after[m] |= more
                changed = True
    return {(m, q) for m in modules for q in after[m]} | {(q, m) for m in modules for q in after[m]}


def test_fast_candidates_are_the_checked_ones(instances):
    """The column path (no pins, every weekday) gives exactly what checking each session gives."""
    compared = 0
    for instance in [*instances.values(), generate(participants=300, seed=4, pins=0.0)]:
        index = Index(instance)
        for p in instance.participants:
            if not index.pinned_module[p.id] and len(p.weekdays) == 7:
                assert index.candidates[p.id] == index._checked_candidates_of(p)
                compared += 1
    assert compared > 1000


@pytest.mark.parametrize("name", ["chains", "today"])
def test_lns_arrays_agree_with_the_index(instances, name):
    """The search's vectorised clash pairs are Index.clash, except between modules a prerequisite
    path already orders; pruning keeps every whole plan the greedy finds."""
    instance = instances[name]
    index = Index(instance)
    start, _ = whole_plans_assign(index, sorted(instance.participants, key=lambda p: (p.departure, p.id)),
                                  dict(index.free))
    state = lns.Search(index, [], Options())
    held: dict[int, set[int]] = {}
    for pid, s in start:
        held.setdefault(pid, set()).add(s)
    checked = 0
    pairs_seen = 0
    for p in instance.participants[:150]:
        person = state._person(p.id)
        if person is None:
            assert not index.can_complete(p)
            continue
        ids = [int(state.arrays.ids[s]) for s in person.sessions]
        module = {i: index.sessions[s].module for i, s in enumerate(ids)}
        linked = _linked_modules(index, p)
        pairs = set(zip(person.clash_a.tolist(), person.clash_b.tolist(), strict=True))
        expected = {(i, j) for i in range(len(ids)) for j in range(i + 1, len(ids))
                    if module[i] != module[j] and (module[i], module[j]) not in linked
                    and index.clash(ids[i], ids[j])}
        assert pairs == expected
        pairs_seen += len(pairs)
        alive = person.alive(state.arrays.seats)
        if p.id in held:
            assert alive is not None
            assert held[p.id] <= {s for s, keep in zip(ids, alive.tolist(), strict=True) if keep}
            checked += 1
    assert checked > 10
    if name == "today":  # a fifth of its modules have no prerequisite: their clashes stay
        assert pairs_seen > 0


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    participants=st.integers(min_value=1, max_value=40),
    seed=st.integers(min_value=0, max_value=10_000),
    capacity=st.integers(min_value=1, max_value=6),
    pins=st.sampled_from([0.0, 0.3]),
)
def test_class_bound_is_a_bound_and_no_looser_than_per_person(participants, seed, capacity, pins):
    instance = generate(participants=participants, seed=seed, capacity=capacity, sites=3, pins=pins)
    best = solve(instance, Options(time_limit=30.0))
    bound = class_bound(instance)
    assert best.completed_count <= bound <= lp_bound(instance, with_clashes=False)
    assert best.completed_count <= lagrangian_bound(instance, iterations=60)


def test_lagrangian_bound_is_a_bound_and_close_to_the_lp(instances):
    for name, instance in instances.items():
        best = solve(instance, Options(time_limit=5.0))
        report: dict[str, float] = {}
        priced = lagrangian_bound(instance, lower=best.completed_count, report=report)
        plain = lagrangian_bound(instance, lower=best.completed_count, deflect=0.0)
        lp = class_bound(instance)
        assert best.completed_count <= min(priced, plain), name
        # no clash rows in either, and each person's own problem solved exactly: near the LP
        assert abs(priced - lp) <= 0.02 * lp + 2, name
        assert abs(plain - lp) <= 0.02 * lp + 2, name
        # below WARM_CLASSES the column generation solves the LP, or price steps go on after it
        assert report["lp_solved"] == 1.0 or report["iterations"] >= 1, name


def _whole_plans_pinned(instance, count):
    """The instance with the whole plans of `count` people (seated by the whole-plan greedy) pinned."""
    whole = greedy_whole_edf(instance)
    chosen = set(sorted(whole.completed)[:count])
    held: dict[int, list[int]] = {}
    for pid, s in whole.assignments:
        if pid in chosen:
            held.setdefault(pid, []).append(s)
    people = tuple(replace(p, pins=tuple(held[p.id])) if p.id in held else p for p in instance.participants)
    pinned = replace(instance, participants=people)
    index = Index(pinned)
    assert sum(not index.candidates[p.id] for p in pinned.participants) == count
    return pinned


def test_column_generation_meets_the_class_lp(instances):
    """Where the master LP is solved its value meets the bound: the bound is then the LP's value
    over whole plans, which can only be at or below the class LP (each person's plans are whole
    schedules there; the class LP's prerequisite rows are a relaxation of them) — two models
    built apart, one answer. On every family: `today` has pinned people and seats no plan of the
    master uses (priced at 0 once it is solved, or its value never met the bound: from 1,000
    people on every seed tried); people whose whole plan is pinned count without a seat."""
    cases = [*instances.items(), ("today 1,000", family("today", participants=1000, seed=1)),
             ("peaks, 5 plans pinned whole", _whole_plans_pinned(instances["peaks"], 5))]
    for name, instance in cases:
        report: dict[str, float] = {}
        value = lagrangian_bound(instance, report=report, seconds=30.0)
        lp = class_bound(instance)
        assert report["lp_solved"] == 1.0, name
        assert report["columns_rounds"] >= 1, name
        assert value <= lp, name
        assert value >= 0.98 * lp, name


def test_plan_fits_agrees_with_the_validator(instances):
    """Every combination of a person's candidate sessions (one per module): `plan_fits` says yes
    exactly when the validator finds nothing wrong with that person holding them."""
    import itertools

    checked = {True: 0, False: 0}
    for name in ("peaks", "chains", "today"):
        instance = instances[name]
        index = Index(instance)
        pins = pins_of(index)  # the validator wants everyone's pins kept
        for p in instance.participants[:60]:
            options = list(index.candidates[p.id].values())
            if not options or math.prod(len(o) for o in options) > 300:
                continue
            for combo in itertools.product(*options):
                alone = score(index, pins + [(p.id, s) for s in combo], "one")
                fits = plan_fits(index, p, list(combo), dict(index.free))
                assert fits == (validate(instance, alone) == [] and p.id in alone.completed), (name, p.id, combo)
                checked[fits] += 1
    assert checked[True] > 50 and checked[False] > 50
    # no seat left in one of the sessions: no fit
    instance = instances["chains"]
    index = Index(instance)
    p = next(p for p in instance.participants if cheapest_plan(index, p, dict(index.free), {}))
    plan = cheapest_plan(index, p, dict(index.free), {})
    assert plan is not None and plan_fits(index, p, plan, dict(index.free))
    assert not plan_fits(index, p, plan, {**index.free, plan[-1]: 0})
    assert not plan_fits(index, p, plan[:-1], dict(index.free))


def test_lp_plans_round_to_valid_whole_plans_near_the_lp(instances, monkeypatch):
    """The column generation's optimal plans (fractional) respect every seat and head count, add
    up to the bound, and rounded they are a valid schedule of whole plans within a few of it."""
    for name in ("peaks", "chains", "narrow"):
        instance = instances[name]
        index = Index(instance)
        plans: list[tuple[list[int], list[int], float]] = []
        prices: dict[int, float] = {}
        value = lagrangian_bound(instance, index, seconds=30.0, prices_out=prices, plans_out=plans)
        assert plans, name
        assert math.floor(sum(z for *_, z in plans) + 1e-6) == value, name
        taken: dict[int, float] = {}
        per_class: dict[int, float] = {}
        for members, sessions, z in plans:
            assert plan_fits(index, index.participants[members[0]], sessions, dict(index.free)), name
            per_class[members[0]] = per_class.get(members[0], 0.0) + z
            assert per_class[members[0]] <= len(members) + 1e-6, name
            for s in sessions:
                taken[s] = taken.get(s, 0.0) + z
        assert all(taken[s] <= index.free[s] + 1e-6 for s in taken), name
        new, left = lp_rounded(index, plans, dict(index.free), prices)
        rounded = score(index, pins_of(index) + new, "rounded")
        assert validate(instance, rounded) == [], name
        seated = {pid for pid, _ in new}
        assert seated <= set(rounded.completed), name
        assert seated.isdisjoint(p.id for p in left), name
        assert len(seated) >= greedy_whole_edf(instance, index).completed_count, name
        assert len(seated) >= 0.97 * value, name
    # above WARM_CLASSES only a sample is priced: no plans of everyone to round
    monkeypatch.setattr(bound_module, "WARM_CLASSES", 1)
    plans = []
    lagrangian_bound(instances["chains"], seconds=2.0, sample_every=4, plans_out=plans)
    assert plans == []


def test_lagrangian_bound_stays_a_bound_when_time_runs_out(instances):
    """Cut off in the middle (the master LP out of time, few or no steps), what is returned is
    still an upper bound: any prices give one."""
    instance = instances["chains"]
    best = solve(instance, Options(time_limit=5.0))
    for seconds in (0.001, 0.05, 0.3):
        assert lagrangian_bound(instance, lower=best.completed_count, seconds=seconds) >= best.completed_count
    # price steps only (the optimiser's seat prices): a bound too, and no tighter than the LP
    steps_only = lagrangian_bound(instance, lower=best.completed_count, seconds=2.0, columns=False)
    assert best.completed_count <= steps_only
    assert steps_only >= lagrangian_bound(instance, seconds=30.0)


def test_group_bounds_hold_for_real_schedules_and_stay_under_the_class_lp(instances):
    """The bound per interacting group (what CP-SAT gets as a ceiling per block) is at least what
    schedules built without it complete there, and at most that group's class LP (a model built
    apart); their sum is the bound."""
    for name, instance in instances.items():
        index = Index(instance)
        groups: list[tuple[list[int], int]] = []
        value = lagrangian_bound(instance, index, seconds=30.0, groups_out=groups)
        assert groups and sum(bound for _, bound in groups) == value, name
        # the large-instance path (LNS) uses no ceilings; the greedies none either
        schedules = [solve(instance, Options(time_limit=3.0, max_block=20)), greedy_whole_edf(instance, index)]
        seen: set[int] = set()
        for people, bound in groups:
            assert seen.isdisjoint(people), name
            seen |= set(people)
            for schedule in schedules:
                assert len(set(people) & set(schedule.completed)) <= bound, name
            lp = bound_module._solve_lp(index, bound_module._classes(index, people), False, True, None)
            assert bound <= lp, name


def test_blocks_stop_once_they_hold_their_groups_bounds():
    """With the LP's bound per group as a ceiling, CP-SAT proves a block optimal as soon as it
    holds it. Peaks at 2,000, two workers: without the ceilings CP-SAT ran 12 s and proved only
    1,266 for an answer of 1,252; with them 1,252 proven in 6.5 s."""
    instance = family("peaks", participants=2000, seed=2)
    best = solve(instance, Options(time_limit=30.0, num_workers=2))
    assert validate(instance, best) == []
    assert best.completed_count == best.stats["proven_bound"] <= class_bound(instance)
    assert best.seconds < 25.0


def test_a_starved_bound_still_does_the_least_work(instances):
    """Time that runs out before any work is done (a busy machine) may stretch up to `patience`
    times: the least work, the first price steps and one master solved to its optimum, is done,
    and the bound is as tight as with time to spare. Cut by time alone it is looser."""
    for name in ("peaks", "chains"):
        instance = instances[name]
        lp = class_bound(instance)
        cut: dict[str, float] = {}
        loose = lagrangian_bound(instance, seconds=0.0005, patience=1.0, report=cut)
        patient: dict[str, float] = {}
        tight = lagrangian_bound(instance, seconds=0.0005, patience=100_000.0, report=patient)
        assert cut["columns_rounds"] == 0 and cut["sample_iterations"] < bound_module.POOL_STEPS, name
        assert patient["sample_iterations"] >= bound_module.POOL_STEPS, name
        assert patient["columns_rounds"] >= 1 and patient["lp_solved"] == 1.0, name
        assert tight <= lp < loose, name


def test_pricing_in_parts_is_the_pricing_of_all(instances):
    """Priced in parts (what 50,000 people get, for memory) or at once: the same value, seats,
    cheapest costs and plans at any prices, and the same bound."""
    import numpy as np

    rng = np.random.default_rng(3)
    pinned = _whole_plans_pinned(instances["peaks"], 5)
    for name, instance in [*instances.items(), ("peaks, 5 plans pinned whole", pinned)]:
        index = Index(instance)
        ids = sorted(index.sessions)
        position = {s: i for i, s in enumerate(ids)}
        first = np.array([index.first[s] for s in ids])
        last = np.array([index.last[s] for s in ids])
        classes = bound_module._classes(index, (p.id for p in instance.participants if index.can_complete(p)))
        whole = bound_module._pricing(index, classes, position, first, last)
        parted = bound_module._pricing_in_parts(index, classes, position, first, last, part=7)
        assert (parted.total, parted.size, parted.kept, parted.fixed) == (whole.total, whole.size, whole.kept,
                                                                          whole.fixed), name
        assert np.array_equal(parted.weights, whole.weights), name
        for _ in range(5):
            # prices without ties (of equal plans either may be the cheapest)
            prices = rng.uniform(0.001, 0.5, size=len(ids)) * rng.choice([0.1, 1.0, 2.0])
            a: dict = {}
            b: dict = {}
            value_a, used_a = whole.evaluate(prices, a)
            value_b, used_b = parted.evaluate(prices, b)
            assert value_a == pytest.approx(value_b) and np.allclose(used_a, used_b), name
            assert np.allclose(a["cheapest"], b["cheapest"]), name
            plans = sorted((n, tuple(sessions.tolist())) for n, sessions in bound_module._plans(a))
            assert plans == sorted((n, tuple(sessions.tolist())) for n, sessions in bound_module._plans(b)), name


def test_lagrangian_bound_from_a_sample_is_a_bound(instances, monkeypatch):
    """Prices from a sample of the classes (what 50,000 people get: price steps and column
    generation on every n-th class with that share of the seats) give a bound for everyone close
    to the LP."""
    monkeypatch.setattr(bound_module, "WARM_CLASSES", 1)
    for name in ("peaks", "chains"):
        instance = instances[name]
        best = solve(instance, Options(time_limit=5.0))
        lp = class_bound(instance)
        warm_report: dict[str, float] = {}
        warm = lagrangian_bound(instance, lower=best.completed_count, iterations=40, sample_every=4,
                                report=warm_report)
        assert warm_report["sample_iterations"] >= 1, name
        assert warm_report["columns_rounds"] >= 1, name
        assert best.completed_count <= warm, name
        assert warm <= 1.05 * lp + 2, name


def test_json_round_trip_and_schema(instances):
    validator = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    for instance in instances.values():
        data = instance_to_json(instance)
        validator.validate(data)
        assert instance_from_json(json.loads(json.dumps(data))) == instance
    instance = instances["today"]
    best = solve(instance, Options(time_limit=5.0))
    data = solution_to_json(best, bound=7)
    validator.validate(data)
    assert solution_from_json(data).assignments == best.assignments
    with pytest.raises(jsonschema.ValidationError):
        validator.validate({**data, "assignments": [{"participant": 1}]})
    with pytest.raises(ValueError, match="format"):
        instance_from_json({**instance_to_json(instance), "format": "other/2"})


def test_schedule_command_solves_a_file_and_the_validator_command_checks_it(tmp_path, instances, capsys):
    instance = instances["narrow"]
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(instance_to_json(instance)))
    out = tmp_path / "solution.json"
    call_command("schedule", instance=str(path), out=str(out), time_limit=5)
    printed = capsys.readouterr().out
    assert "greedy_whole_edf" in printed and "valid: yes" in printed
    call_command("schedule_validate", instance=str(path), solution=str(out))
    assert "valid:" in capsys.readouterr().out
    # overfill one session: the validator must refuse it
    data = json.loads(out.read_text())
    session = instance.sessions[0]
    extra = [{"participant": p.id, "session": session.id} for p in instance.participants[: session.capacity + 1]]
    broken = {"format": data["format"], "assignments": data["assignments"] + extra}
    bad = tmp_path / "broken.json"
    bad.write_text(json.dumps(broken))
    with pytest.raises(CommandError, match="invalid"):
        call_command("schedule_validate", instance=str(path), solution=str(bad))


def test_a_solution_claiming_too_much_is_refused(instances):
    instance = instances["peaks"]
    best = greedy_whole_edf(instance)
    lying = replace(best, completed=tuple(sorted({*best.completed, *(p.id for p in instance.participants[:3])})))
    if lying.completed != best.completed:
        assert any("completed plans claimed" in problem for problem in validate(instance, lying))
