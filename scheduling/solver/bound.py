"""An upper bound on completed plans: the LP relaxation of the level-1 model (GLOP).

Solved per independent component (their sum is the bound of the whole); each component's
value is rounded down, since its number of completed plans is a whole number.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict

from ortools.linear_solver import pywraplp

from scheduling.solver.model import Instance
from scheduling.solver.prepare import Index


def lp_bound(
    instance: Instance, index: Index | None = None, *, with_clashes: bool = True, aggregated: bool = True
) -> int:
    """The LP with one person per class (variables per person and session)."""
    index = index or Index(instance)
    total = 0
    for component in index.components():
        able = [pid for pid in component if index.can_complete(index.participants[pid])]
        if able:
            total += _solve_lp(index, [[pid] for pid in able], with_clashes, aggregated, None)
    return total


def _precedence_rows(
    solver: pywraplp.Solver, index: Index, x: dict[int, pywraplp.Variable], later: list[int], earlier: list[int],
    aggregated: bool,
) -> None:
    """Module B (sessions `later`) needs its prerequisite A (sessions `earlier`) finished first.

    Per session s of B: x_s ≤ Σ x_t over the A sessions t that end before s starts. Aggregated
    (stronger, still valid for whole schedules since each module is taken once): for every start
    day τ of a B session, Σ x_s over the B sessions starting by τ ≤ Σ x_t over the A sessions
    ending before τ — the share of B started by any day never exceeds the share of A finished."""
    infinity = solver.infinity()
    if not aggregated:
        for s in later:
            row = solver.Constraint(-infinity, 0)
            row.SetCoefficient(x[s], 1)
            for t in earlier:
                if index.last[t] < index.first[s]:
                    row.SetCoefficient(x[t], -1)
        return
    for day in sorted({index.first[s] for s in later}):
        row = solver.Constraint(-infinity, 0)
        for s in later:
            if index.first[s] <= day:
                row.SetCoefficient(x[s], 1)
        for t in earlier:
            if index.last[t] < day:
                row.SetCoefficient(x[t], -1)


def _solve_lp(
    index: Index, classes: list[list[int]], with_clashes: bool, aggregated: bool, seconds: float | None
) -> int:
    """The level-1 LP of one interacting group, people aggregated into classes (one row builder
    for `lp_bound`, one person per class, and `class_bound`), rounded down.

    A class of n people alike has x_s ∈ [0, min(n, seats)] per candidate session and done ∈ [0, n];
    per plan module Σ x_s = done (level 1 loses nothing if people whose plan stays incomplete get
    no seat at all, so each module is taken exactly as often as the plan is done); prerequisite
    rows as `_precedence_rows`; clash rows Σ x over sessions meeting at one moment ≤ done; seats."""
    people = sum(len(c) for c in classes)
    solver = pywraplp.Solver.CreateSolver("GLOP")
    if solver is None:  # pragma: no cover - GLOP ships with ortools
        return people
    if seconds is not None:
        solver.SetTimeLimit(int(seconds * 1000))
    infinity = solver.infinity()
    by_session: dict[int, list[pywraplp.Variable]] = defaultdict(list)
    room: dict[int, int] = defaultdict(int)
    objective = solver.Objective()
    for members in classes:
        pid = members[0]
        p = index.participants[pid]
        n = len(members)
        done = solver.NumVar(0, n, "")
        objective.SetCoefficient(done, 1)
        x: dict[int, pywraplp.Variable] = {}
        module_of: dict[int, int] = {}
        for m, opts in index.candidates[pid].items():
            link = solver.Constraint(0, 0)
            link.SetCoefficient(done, 1)
            for s in opts:
                if index.free[s] <= 0:
                    continue
                var = solver.NumVar(0, min(n, index.free[s]), "")
                x[s] = var
                module_of[s] = m
                by_session[s].append(var)
                room[s] += min(n, index.free[s])
                link.SetCoefficient(var, -1)
        for m, opts in index.candidates[pid].items():
            for q in index.prerequisites_in_plan(p, m):
                if q in index.pinned_module[pid]:
                    continue
                _precedence_rows(solver, index, x, [s for s in opts if s in x],
                                 [t for t in index.candidates[pid].get(q, ()) if t in x], aggregated)
        if with_clashes:
            for clique in _clash_cliques(index, sorted(x)):
                if len({module_of[s] for s in clique}) > 1:
                    row = solver.Constraint(-infinity, 0)
                    row.SetCoefficient(done, -1)
                    for s in clique:
                        row.SetCoefficient(x[s], 1)
    for s, vars_ in by_session.items():
        if room[s] > index.free[s]:
            row = solver.Constraint(-infinity, index.free[s])
            for var in vars_:
                row.SetCoefficient(var, 1)
    objective.SetMaximization()
    status = solver.Solve()
    if status != pywraplp.Solver.OPTIMAL:
        return people
    return min(people, math.floor(objective.Value() + 1e-6))


def _clash_cliques(index: Index, sessions: list[int]) -> set[frozenset[int]]:
    """Sets of sessions that all meet at one moment: at most one of each set per person.

    Meetings are intervals, so every group of pairwise clashing sessions shares such a moment
    (the latest start among them), and these sets are as strong as all pairwise clash rows."""
    points: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for s in sessions:
        for meeting in index.sessions[s].meetings:
            points[meeting.day].append((meeting.start, meeting.end, s))
    cliques: set[frozenset[int]] = set()
    for slots in points.values():
        if len(slots) < 2:
            continue
        for start, _, _ in slots:
            members = frozenset(s for a, b, s in slots if a <= start < b)
            if len(members) > 1:
                cliques.add(members)
    return cliques


def class_bound(
    instance: Instance, index: Index | None = None, *, with_clashes: bool = False, time_limit: float = 120.0
) -> int:
    """The same LP as `lp_bound`, with identical people aggregated: it finishes at 50,000.

    People with the same plan, the same pinned modules and the same candidate sessions (so the
    same sites, window and weekdays as far as the sessions can tell) form a class of n people.
    The LP is symmetric in them, so averaging any optimum over the class gives one that treats
    them alike: variables per class (x_cs ∈ [0, n], done_c ∈ [0, n]) lose nothing. Clash rows
    per class are Σ x over sessions meeting at one moment ≤ done_c (a person whose plan is
    not done takes no seat at level 1); they are off by default: on the chains family they cost
    ten times the time and moved the bound by nothing. Solved per interacting group, rounded down.
    """
    index = index or Index(instance)
    able = [p for p in instance.participants if index.can_complete(p)]
    total = 0
    components = index.components(able)
    deadline = time.perf_counter() + time_limit
    for number, component in enumerate(components):
        classes: dict[tuple[object, ...], list[int]] = {}
        for pid in component:
            p = index.participants[pid]
            candidates = index.candidates[pid]
            key = (
                tuple(p.modules),
                tuple(sorted(index.pinned_module[pid])),
                tuple((m, tuple(s for s in candidates[m] if index.free[s] > 0)) for m in sorted(candidates)),
            )
            classes.setdefault(key, []).append(pid)
        # each group gets its share of the time left; one that runs out counts all its people
        share = (deadline - time.perf_counter()) / (len(components) - number)
        total += _solve_lp(index, list(classes.values()), with_clashes, True, max(1.0, share))
    return total
