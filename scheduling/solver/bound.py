"""Upper bounds on completed plans.

`lp_bound` / `class_bound`: the LP relaxation of the level-1 model (GLOP), one row builder
(`_solve_lp`), people alike aggregated into classes in `class_bound`. Solved per independent
component (their sum is the bound of the whole); each component's value is rounded down, since
its number of completed plans is a whole number. `lagrangian_bound`: for instances whose LP is
too large (50,000 people: a million columns per group), seats priced and each class's cheapest
whole plan found at once with numpy; any prices give a bound. The prices come from price steps
and column generation (a master LP over whole plans, GLOP, its duals as prices).
"""

from __future__ import annotations

import ctypes
import hashlib
import math
import time
from array import array
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any, NamedTuple

from ortools.linear_solver import pywraplp

from scheduling.solver.greedy import whole_plans_assign
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


#: candidate (person, session) pairs above which `class_bound` prices seats instead of solving
#: the LP (at 50,000 the LP had a million columns a group and GLOP did not finish in 10 minutes)
LP_LIMIT = 1_500_000


def _classes(index: Index, people: Iterable[int]) -> list[list[int]]:
    """People with the same plan, pins and candidate sessions that have seats.

    The key is a 128-bit BLAKE2 digest of those ids (separated by markers no id can take): the
    tuples themselves held every candidate of everyone at once (at 50,000 on chains, 17
    million). Two different classes sharing a digest would need a 2**-64 chance to meet."""
    classes: dict[bytes, list[int]] = {}
    free = index.free
    for pid in people:
        p = index.participants[pid]
        candidates = index.candidates[pid]
        ids = array("q", p.modules)
        ids.append(-1)
        ids.extend(sorted(index.pinned_module[pid]))
        for m in sorted(candidates):
            ids.append(-2)
            ids.append(m)
            ids.extend(s for s in candidates[m] if free[s] > 0)
        classes.setdefault(hashlib.blake2b(ids.tobytes(), digest_size=16).digest(), []).append(pid)
    return list(classes.values())


def class_bound(
    instance: Instance, index: Index | None = None, *, with_clashes: bool = False, time_limit: float = 100.0,
    report: dict[str, float] | None = None,
) -> int:
    """The same LP as `lp_bound`, with identical people aggregated; above `LP_LIMIT` candidate
    pairs, `lagrangian_bound` (no LP: seconds and a few hundred megabytes at 50,000).

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
    pairs = sum(len(opts) for p in able for opts in index.candidates[p.id].values())
    if pairs > LP_LIMIT:
        by_date = sorted(instance.participants, key=lambda p: (p.departure, p.id))
        start, _ = whole_plans_assign(index, by_date, dict(index.free))
        if report is not None:
            report["method_lagrangian"] = 1.0
        return lagrangian_bound(instance, index, seconds=time_limit, lower=len({pid for pid, _ in start}),
                                report=report)
    total = 0
    components = index.components(able)
    deadline = time.perf_counter() + time_limit
    for number, component in enumerate(components):
        # each group gets its share of the time left; one that runs out counts all its people
        share = (deadline - time.perf_counter()) / (len(components) - number)
        total += _solve_lp(index, _classes(index, component), with_clashes, True, max(1.0, share))
    return total


#: classes above which `lagrangian_bound` first prices a sample of them (see there)
WARM_CLASSES = 10_000
#: weight of the last step's direction in the next one (deflected subgradient). Measured at 150
#: steps: chains 50,000 32,263 (none) → 31,166 (0.5) → 30,568 (0.7) → 30,296 (0.8); 0.9 diverged
#: there; at 5,000 every family and two seeds gained from 0.5 to 0.8, never lost
DEFLECT = 0.7


def lagrangian_bound(
    instance: Instance, index: Index | None = None, *, seconds: float = 90.0, iterations: int = 400,
    lower: int = 0, report: dict[str, float] | None = None, prices_out: dict[int, float] | None = None,
    sample_every: int = 8, deflect: float = DEFLECT, columns: bool = True,
    plans_out: list[tuple[list[int], list[int], float]] | None = None, patience: float = 2.0,
    groups_out: list[tuple[list[int], int]] | None = None,
) -> int:
    """An upper bound on completed plans for instances too large for the LP: the seat rows are
    priced (λ_s ≥ 0 per session) and every person then picks their cheapest whole plan alone.

    For any prices, Σ_s λ_s·seats_s + Σ_people max(0, 1 − cheapest plan) bounds level 1 from
    above (each person's own problem is solved exactly, a relaxation of it only raises the
    value: clashes are left out, and of two modules needing the same prerequisite only one keeps
    the link). Prices follow subgradient steps (Polyak, towards `lower`, a known schedule's
    count); every step's value is a bound, the smallest one is returned. People alike (same
    plan, pins and candidate sessions) are one class; the cheapest plans of all classes are
    found at once with numpy (segmented prefix minima along the prerequisite chains), so memory
    is a few arrays of the candidates' size and each step takes well under a second at 50,000.

    Price steps alone converge slowly (at 50,000 on chains still 12 % above the LP after 100 s),
    so after at most a sixth of the time they hand over to column generation
    (`_column_generation`): a master LP over the whole plans the last `POOL_STEPS` steps chose,
    whose duals are the next prices, until its value meets the bound (the LP over whole plans is
    then solved: 5,000 people in seconds) or 60 % of the time is spent.

    Above `WARM_CLASSES` classes that is done on a sample: every `sample_every`-th class with
    that share of every session's seats (the master of everyone took 5 minutes at 50,000). The
    sample's prices are only a start: the bound is the value of everyone at the prices the steps
    on everyone reach from there (chains at 50,000: 27,5xx where the LP is 27,001 and steps from
    a sample's step prices reached 30,358).

    `deflect`: see `_subgradient` (0: plain steps). `columns=False`: price steps only, the
    sample's in a third of the time (what the optimiser's seat prices use at 50,000: their greedy
    start was the better one, see `optimize.seat_prices`). `plans_out`: where the column
    generation solved the LP of everyone (below `WARM_CLASSES`), its optimal plans as (the class's
    people, session ids, how many of them take it) — fractional, for `greedy.lp_rounded` — and
    `groups_out` the bound of every interacting group: (its people, at most this many complete).

    `seconds` is a target a busy machine may stretch up to `patience` times to finish the least
    work a good bound needs: `POOL_STEPS` price steps first, the first master of the column
    generation to its optimum, one pricing of everyone. Cut by time alone, chains at 50,000 got
    32,766 beside the test suite (load 3) and 49,076 beside five busy processes (load 6), where
    idle it gets 27,5xx.
    """
    import numpy as np  # local: the rest of the solver does not need numpy

    index = index or Index(instance)
    with ExitStack() as heap:
        started = time.perf_counter()
        deadline = started + seconds
        latest = started + max(1.0, patience) * seconds
        ids = sorted(index.sessions)
        position = {s: i for i, s in enumerate(ids)}
        free = np.array([max(0, index.free[s]) for s in ids], dtype=np.float64)
        first = np.array([index.first[s] for s in ids], dtype=np.int64)
        last = np.array([index.last[s] for s in ids], dtype=np.int64)
        classes = _classes(index, (p.id for p in instance.participants if index.can_complete(p)))
        prices = np.zeros(len(ids))
        large = sample_every > 1 and len(classes) >= WARM_CLASSES
        if large and columns:
            heap.enter_context(_small_heap())
        # first the sample (or, below WARM_CLASSES, everyone): price steps, then column generation
        sample = classes[::sample_every] if large else classes
        share = sum(map(len, sample)) / max(1, sum(map(len, classes)))
        priced = _pricing(index, sample, position, first, last)
        warm = rounds = 0
        solved = False
        best_value = math.inf
        if priced.evaluate is not None and (large or columns):
            pool: deque[dict[str, Any]] = deque(maxlen=POOL_STEPS)
            evaluate_sample = priced.evaluate

            def collecting(at: Any) -> tuple[float, Any]:
                chosen: dict[str, Any] = {}
                answer = evaluate_sample(at, chosen)
                pool.append(chosen)
                return answer

            # only the column generation needs the plans the steps chose
            steps = collecting if columns else evaluate_sample
            prices, best_value, warm = _subgradient(steps, priced.total, free * share, lower * share, prices,
                                                    iterations, started + (seconds / 6 if columns else seconds / 3),
                                                    deflect, least=POOL_STEPS, latest=latest)
            if columns:
                groups = _groups(index, [sample[k] for k in priced.kept], position)
                primal: list[tuple[int, Any, float]] = []
                per_group: list[int] = []
                prices, value, rounds, solved = _column_generation(
                    priced, groups, free * share, pool, prices, started + 0.6 * seconds,
                    primal if plans_out is not None and not large else None, latest=latest,
                    per_group_out=per_group if groups_out is not None and not large else None)
                best_value = min(best_value, value)
                if plans_out is not None:
                    plans_out.extend((sample[priced.kept[number]], [ids[k] for k in sessions.tolist()], z)
                                     for number, sessions, z in primal if len(sessions))
                if groups_out is not None and per_group:
                    people: list[list[int]] = [[] for _ in per_group]
                    for number, group in enumerate(groups[0].tolist()):
                        people[group].extend(sample[priced.kept[number]])
                    groups_out.extend(zip(people, per_group, strict=True))
                del groups, primal
            del pool, collecting, evaluate_sample, steps
        del sample
        done = 0
        size = priced.size
        count = len(classes)
        if large:
            del priced
            if columns:
                _release_memory()
            priced = _pricing_in_parts(index, classes, position, first, last)
            size = priced.size
            best_value = math.inf
        del classes
        if priced.evaluate is None:  # every plan fully pinned (or none): all of them complete, nothing to price
            if prices_out is not None:
                prices_out.update(dict.fromkeys(ids, 0.0))
            return int(priced.total)
        best_prices = prices
        if large or not solved:  # the LP is not solved yet: price steps on everyone from there
            best_prices, value, done = _subgradient(priced.evaluate, priced.total, free, lower, prices, iterations,
                                                    deadline, deflect)
            best_value = min(best_value, value)
        if report is not None:
            report.update(iterations=float(done), sample_iterations=float(warm), deflect=deflect,
                          columns_rounds=float(rounds), lp_solved=float(solved and not large),
                          seconds=time.perf_counter() - started, classes=float(count), candidates=float(size))
        if prices_out is not None:
            prices_out.update(zip(ids, best_prices.tolist(), strict=True))
        del priced  # before `_small_heap` trims what is freed
        return math.floor(best_value + 1e-6)


#: price steps whose plans seed the column generation (the plans of the last ones are near the
#: LP's; at 50,000 on chains 80 steps of the sample gave 171,000 columns and a master that was
#: optimal at once, 30 steps 67,000 columns and three rounds)
POOL_STEPS = 60
#: weight of the best prices so far in the prices the master's columns are sought at (Wentges
#: smoothing); the master's own duals are tried as well
SMOOTHING = 0.5


class _Master:
    """The restricted master LP of the Dantzig-Wolfe view of the level-1 LP, one GLOP model per
    interacting group: a column is one whole plan of one class (z people take it), Σ z per class
    ≤ its people, Σ z per session ≤ its free seats; maximise Σ z. Its duals are seat prices, and
    any prices give a bound through `evaluate`, so the master itself never has to be optimal."""

    def __init__(self, weights: Any, class_group: Any, session_group: Any, free: Any) -> None:
        self.weights, self.class_group, self.session_group, self.free = weights, class_group, session_group, free
        self.groups = int(class_group.max(initial=-1)) + 1
        self.solvers = []
        for _ in range(self.groups):
            solver = pywraplp.Solver("master", pywraplp.Solver.GLOP_LINEAR_PROGRAMMING)
            solver.Objective().SetMaximization()
            self.solvers.append(solver)
        self.people_rows = [
            self.solvers[group].Constraint(-pywraplp.Solver.infinity(), float(n))
            for n, group in zip(weights.tolist(), class_group.tolist(), strict=True)
        ]
        self.seat_rows: dict[int, pywraplp.Constraint] = {}
        self.known: set[tuple[int, bytes]] = set()
        #: every column: (class, session positions, its variable)
        self.columns: list[tuple[int, Any, pywraplp.Variable]] = []

    def add(self, columns: Iterable[tuple[int, Any]]) -> int:
        added = 0
        for number, sessions in columns:
            key = (number, sessions.tobytes())
            if key in self.known:
                continue
            self.known.add(key)
            solver = self.solvers[self.class_group[number]]
            z = solver.NumVar(0, pywraplp.Solver.infinity(), "")
            self.columns.append((number, sessions, z))
            solver.Objective().SetCoefficient(z, 1)
            self.people_rows[number].SetCoefficient(z, 1)
            for s in sessions.tolist():
                row = self.seat_rows.get(s)
                if row is None:
                    row = self.seat_rows[s] = solver.Constraint(-pywraplp.Solver.infinity(), float(self.free[s]))
                row.SetCoefficient(z, 1)
            added += 1
        return added

    def solve(self, deadline: float, fallback: Any) -> tuple[float, Any, Any]:
        """The master's value (a lower bound on the LP's; -inf if a group ran out of time), seat
        prices (those of `fallback` for a group out of time) and class duals."""
        import numpy as np

        value = 0.0
        prices = fallback.copy()
        duals = np.zeros(len(self.people_rows))
        solved = []
        for solver in self.solvers:
            solver.SetTimeLimit(max(1, int(1000 * (deadline - time.perf_counter()))))
            solved.append(solver.Solve() == pywraplp.Solver.OPTIMAL)
            value += solver.Objective().Value() if solved[-1] else -math.inf
        # a seat no column uses has no row: its dual is 0, not the fallback's price (with that
        # price the bound stayed above the master's value: `today` at 5,000, 1,644 vs 1,617)
        prices[np.isin(self.session_group, np.flatnonzero(solved))] = 0.0
        for s, row in self.seat_rows.items():
            if solved[self.session_group[s]]:
                prices[s] = max(0.0, row.dual_value())
        for number, row in enumerate(self.people_rows):
            if solved[self.class_group[number]]:
                duals[number] = max(0.0, row.dual_value())
        return value, prices, duals

    def primal(self) -> list[tuple[int, Any, float]]:
        """The columns the last solve uses: (class, session positions, people taking that plan)."""
        return [(number, sessions, value) for number, sessions, z in self.columns
                if (value := z.solution_value()) > 1e-9]

    def values(self, prices: Any, chosen: dict[str, Any]) -> Any:
        """The bound of every group at `prices`, from what `evaluate` filled `chosen` with."""
        import numpy as np

        gain = np.maximum(0.0, 1.0 - chosen["cheapest"]) * self.weights
        priced = self.session_group >= 0
        return (np.bincount(self.class_group, weights=gain, minlength=self.groups)
                + np.bincount(self.session_group[priced], weights=(prices * self.free)[priced],
                              minlength=self.groups))


def _plans(chosen: dict[str, Any], prices: Any = None, duals: Any = None) -> list[tuple[int, Any]]:
    """The cheapest plans in `chosen` as (class, sorted session positions); with prices and class
    duals, only those whose reduced cost is positive (they would enter the master)."""
    import numpy as np

    if not chosen["pairs"]:
        return []
    owners = np.concatenate([c for c, _ in chosen["pairs"]])
    sessions = np.concatenate([s for _, s in chosen["pairs"]])
    order = np.lexsort((sessions, owners))
    owners, sessions = owners[order], sessions[order]
    cuts = np.flatnonzero(np.diff(owners)) + 1
    plans = []
    for start, end in zip(np.r_[0, cuts], np.r_[cuts, len(owners)], strict=True):
        number, plan = int(owners[start]), sessions[start:end]
        if duals is None or 1.0 - float(prices[plan].sum()) - duals[number] > 1e-7:
            plans.append((number, plan))
    return plans


def _column_generation(
    priced: _Priced, groups: tuple[Any, Any], free: Any, pool: Iterable[dict[str, Any]], prices: Any,
    deadline: float, primal_out: list[tuple[int, Any, float]] | None = None, latest: float | None = None,
    per_group_out: list[int] | None = None,
) -> tuple[Any, float, int, bool]:
    """Dantzig-Wolfe column generation for seat prices: the master (`_Master`) starts from the
    plans the price steps chose (`pool`), its duals price the seats, `evaluate` finds every
    class's cheapest plan at them (a bound, per group) and the plans that would enter. Stops when
    the master's value meets the bound (the LP is solved), nothing enters, or at `deadline` —
    or, while no master has been solved to its optimum yet, at `latest`.
    Returns the best prices per group put together, their bound, the rounds and whether the LP
    was solved; once it is, `primal_out` gets the master's plans (see `_Master.primal`) and
    `per_group_out` every group's bound (groups share no seat: each is a bound of its own)."""
    import numpy as np

    evaluate = priced.evaluate
    if evaluate is None:  # nothing to price: no seat is worth anything
        return prices, priced.total, 0, True
    class_group, session_group = groups
    master = _Master(priced.weights, class_group, session_group, free)
    # people with every plan module pinned are complete at any prices: a plan of no seats (without
    # it the master never meets the bound where anyone is: `today`, a tenth of its people pinned)
    master.add((number, np.zeros(0, dtype=np.int32)) for number in priced.fixed)
    for earlier in pool:
        master.add(_plans(earlier))
    chosen: dict[str, Any] = {}
    evaluate(prices, chosen)
    best = master.values(prices, chosen)
    best_prices = prices.copy()
    rounds = 0
    solved = once = False
    latest = deadline if latest is None else max(deadline, latest)
    while time.perf_counter() < (deadline if once else latest):
        rounds += 1
        value, duals_seats, duals_people = master.solve(deadline if once else latest, best_prices)
        once = value > -math.inf
        entering = []
        for at in (duals_seats, SMOOTHING * best_prices + (1 - SMOOTHING) * duals_seats):
            chosen = {}
            evaluate(at, chosen)
            values = master.values(at, chosen)
            for group in np.flatnonzero(values < best):
                mine = session_group == group
                best_prices[mine] = at[mine]
            best = np.minimum(best, values)
            entering += _plans(chosen, at, duals_people)
        if float(np.floor(best + 1e-6).sum()) <= value + 0.5:
            solved = True
            if primal_out is not None:
                primal_out.extend(master.primal())
            if per_group_out is not None:
                per_group_out.extend(int(v) for v in np.floor(best + 1e-6).tolist())
            break
        if master.add(entering) == 0:
            break
    return best_prices, float(np.floor(best + 1e-6).sum()), rounds, solved


def _groups(index: Index, classes: list[list[int]], position: dict[int, int]) -> tuple[Any, Any]:
    """Interacting group of every class and of every session (-1: no class can take it)."""
    import numpy as np

    components = index.components(index.participants[members[0]] for members in classes)
    group_of = {pid: g for g, component in enumerate(components) for pid in component}
    class_group = np.array([group_of[members[0]] for members in classes], dtype=np.int64)
    session_group = np.full(len(position), -1, dtype=np.int64)
    for members, group in zip(classes, class_group.tolist(), strict=True):
        for options in index.candidates[members[0]].values():
            for s in options:
                session_group[position[s]] = group
    return class_group, session_group


def _glibc() -> Any:
    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:  # another C library: nothing to tune
        return None


def _fixed_mmap_threshold() -> None:
    """Keep large arrays out of the heap: after GLOP frees its blocks glibc raises its mmap
    threshold, and the arrays built next then fragment the heap (chains at 50,000: peak 1,047 MB
    with the raised threshold, 1,010 MB trimmed, 948 MB with the threshold fixed at glibc's
    default of 128 KB). Process-wide; only where the C library is glibc."""
    libc = _glibc()
    if libc is not None:
        libc.mallopt(-3, 128 * 1024)  # M_MMAP_THRESHOLD


@contextmanager
def _small_heap() -> Iterator[None]:
    """Inside: the mmap threshold fixed (`_fixed_mmap_threshold`); on leaving, however that
    happens, what was freed trimmed and the threshold dynamic again."""
    _fixed_mmap_threshold()
    try:
        yield
    finally:
        _release_memory()
        _dynamic_mmap_threshold()


def _dynamic_mmap_threshold() -> None:
    """After the bound: large arrays may come from the heap again, up to glibc's own ceiling for
    its raised threshold (32 MB): with the threshold fixed, every numpy temporary above 128 KB is
    a fresh mapping, and the optimiser's LNS run after the bound in one process did half its
    rounds (chains 50,000: 1,193 instead of 2,397)."""
    libc = _glibc()
    if libc is not None:
        libc.mallopt(-3, 32 * 1024 * 1024)  # M_MMAP_THRESHOLD


def _release_memory() -> None:
    """Give what the master LPs freed back to the system (glibc keeps it otherwise)."""
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)


def _subgradient(
    evaluate: Callable[[Any], tuple[float, Any]], total: float, free: Any, lower: float, prices: Any,
    iterations: int, deadline: float, deflect: float = DEFLECT, least: int = 0, latest: float | None = None,
) -> tuple[Any, float, int]:
    """Polyak subgradient steps on the seat prices from `prices`: the best prices, their value
    (at most `total`, what no pricing at all gives) and the steps taken. Each direction is the
    subgradient plus `deflect` times the last direction: whole classes flip between sessions at
    the smallest price change, and the last direction damps that zig-zag. Should that stall
    (the step shrinks to nothing with time left), plain steps go on from the best prices.
    Past `deadline` the steps go on until `least` are done, but not past `latest`."""
    import numpy as np

    direction = None
    best_prices = prices
    best_value = total
    step = 1.0
    stale = 0
    done = 0
    for done in range(1, iterations + 1):  # noqa: B007 -- returned after the loop
        gained, used = evaluate(prices)
        value = float(prices @ free) + gained
        if value < best_value - 1e-9:
            best_value, stale = value, 0
            best_prices = prices
        else:
            stale += 1
            if stale >= 8:
                step, stale = step / 2, 0
        if step < 1e-4 and deflect > 0:
            # deflection stalled (seen on peaks at 50,000): plain steps from the best prices
            prices, direction, deflect, step = best_prices, None, 0.0, 1.0
            continue
        gradient = free - used
        if direction is not None and deflect > 0:
            gradient += deflect * direction
        gradient[(prices <= 0) & (gradient > 0)] = 0.0
        direction = gradient
        norm = float(gradient @ gradient)
        now = time.perf_counter()
        if norm <= 0 or step < 1e-4 or (now > deadline and (done >= least or latest is None or now > latest)):
            break
        prices = np.maximum(0.0, prices - step * max(value - lower, 1.0) / norm * gradient)
    return best_prices, best_value, done


class _Priced(NamedTuple):
    """`_pricing`'s answer: `evaluate(prices, chosen=None)` gives (Σ_classes n·max(0, 1 − cheapest
    plan), the seats those cheapest plans take) and, given a dict, fills it with each class's
    cheapest cost ("cheapest") and the plans of those that gain, as (class, session) arrays
    ("pairs"); None when nothing is left to price. `weights`: people per class priced, `kept`:
    where those classes stand in the list given (a class with a module without a free seat has
    no whole plan and is left out); `fixed`: classes (numbers among the priced) with every plan
    module pinned, complete at any prices."""

    evaluate: Callable[..., tuple[float, Any]] | None
    total: float
    size: int
    weights: Any
    kept: list[int]
    fixed: list[int]


#: classes priced together in `_pricing_in_parts`
PRICING_PART = 8_000


def _pricing_in_parts(
    index: Index, classes: list[list[int]], position: dict[int, int], first: Any, last: Any,
    part: int = PRICING_PART,
) -> _Priced:
    """`_pricing` of the classes in parts of `part` classes, one answer: a step's temporaries are
    then those of one part (chains at 50,000, 24,807 classes: every evaluation of everyone at once
    took 230 MB on top of the 330 MB the pricing keeps, and the bound's peak was 1,002 MB)."""
    import numpy as np

    parts = [_pricing(index, classes[start : start + part], position, first, last)
             for start in range(0, len(classes), part)]
    if len(parts) == 1:
        return parts[0]
    offsets = np.cumsum([0, *(len(priced.weights) for priced in parts)]).tolist()
    live = [(priced, offset) for priced, offset in zip(parts, offsets, strict=False) if priced.evaluate is not None]
    total = float(sum(priced.total for priced in parts))
    weights = np.concatenate([priced.weights for priced in parts])
    kept = [start + k for start, priced in zip(range(0, len(classes), part), parts, strict=True) for k in priced.kept]
    fixed = [offset + k for priced, offset in zip(parts, offsets, strict=False) for k in priced.fixed]
    size = sum(priced.size for priced in parts)
    if not live:
        return _Priced(None, total, size, weights, kept, fixed)

    def evaluate(prices: Any, chosen: dict[str, Any] | None = None) -> tuple[float, Any]:
        value = total - sum(priced.total for priced, _ in live)  # parts with nothing to price
        used = np.zeros(len(prices))
        cheapest = np.zeros(len(weights))
        pairs = []
        for priced, offset in live:
            mine: dict[str, Any] | None = {} if chosen is not None else None
            gained, taken = priced.evaluate(prices, mine)  # type: ignore[misc]
            value += gained
            used += taken
            if mine is not None:
                cheapest[offset : offset + len(priced.weights)] = mine["cheapest"]
                pairs += [(whose + offset, sessions) for whose, sessions in mine["pairs"]]
        if chosen is not None:
            chosen.update(cheapest=cheapest, pairs=pairs)
        return value, used

    return _Priced(evaluate, total, size, weights, kept, fixed)


def _pricing(index: Index, classes: list[list[int]], position: dict[int, int], first: Any, last: Any) -> _Priced:
    """The pricing function of the given classes (see `_Priced`)."""
    import numpy as np

    # 32-bit throughout (at 50,000 on chains some 15 million candidates: every 64-bit array of
    # them is 120 MB)
    flat = array("i")  # session positions, block after block
    parent = array("i")  # flat index of the last prerequisite candidate ending before it starts, -1: none
    depth = array("i")
    block_start: list[int] = []
    block_class: list[int] = []
    terminal: list[bool] = []
    weights: list[int] = []
    kept: list[int] = []
    fixed: list[int] = []
    for number_given, members in enumerate(classes):
        pid = members[0]
        p = index.participants[pid]
        blocks: dict[int, tuple[int, int, int]] = {}  # module -> (start, end, depth)
        parents_used: set[int] = set()
        class_start = len(flat)
        complete = True
        for m, opts in index.candidates[pid].items():
            sessions = [position[s] for s in opts if index.free[s] > 0]
            if not sessions:
                complete = False
                break
            link = next((q for q in index.prerequisites_in_plan(p, m) if q in blocks and q not in parents_used), None)
            start = len(flat)
            flat.extend(sessions)
            if link is None:
                parent.extend(array("i", [-1]) * len(sessions))
                level = 0
            else:
                parents_used.add(link)
                q_start, q_end, q_level = blocks[link]
                q_ends = last[np.frombuffer(flat, dtype=np.int32, count=q_end)[q_start:]]
                ks = np.searchsorted(q_ends, first[sessions], side="left")
                parent.extend(np.where(ks > 0, q_start + ks - 1, -1).tolist())
                level = q_level + 1
            depth.extend(array("i", [level]) * len(sessions))
            blocks[m] = (start, len(flat), level)
        if not complete:  # a module without a free seat: no whole plan
            del flat[class_start:], parent[class_start:], depth[class_start:]
            continue
        number = len(weights)
        weights.append(len(members))
        kept.append(number_given)
        if not blocks:
            fixed.append(number)
        for m, (start, _, _) in blocks.items():
            block_start.append(start)
            block_class.append(number)
            terminal.append(m not in parents_used)
    if not len(flat):  # no class, or every plan fully pinned: all of them complete, nothing to price
        return _Priced(None, float(sum(weights)), 0, np.array(weights, dtype=np.float64), kept, fixed)
    # views on the arrays built above, not copies (read only)
    s_of = np.frombuffer(flat, dtype=np.int32)
    up = np.frombuffer(parent, dtype=np.int32)
    levels = np.frombuffer(depth, dtype=np.int32)
    size = len(s_of)
    del flat, parent, depth
    starts = np.array(block_start, dtype=np.int64)
    ends = np.append(starts[1:], size)
    owner = np.array(block_class, dtype=np.int64)
    final = np.array(terminal, dtype=bool)
    n = np.array(weights, dtype=np.float64)
    # later blocks sit far below earlier ones: a running minimum restarts at each block
    shift = np.repeat(np.arange(len(starts), dtype=np.float64) * 4.0, ends - starts)
    positions = np.arange(size, dtype=np.int32)
    # per depth d ≥ 1: its candidates without an earlier prerequisite candidate, those with one
    # (and where that one sits among the candidates of depth d - 1), and the candidates of depth
    # d - 1. Nothing of a candidate's size is kept that evaluate() can derive (memory: at 50,000
    # on chains every such array is 40-80 MB)
    steps = []
    for d in range(1, int(levels.max(initial=0)) + 1):
        rows = np.flatnonzero(levels == d).astype(np.int32)
        above = np.flatnonzero(levels == d - 1).astype(np.int32)
        ok = up[rows] >= 0
        linked_at = np.searchsorted(above, up[rows[ok]]).astype(np.int32)
        steps.append((rows[~ok], rows[ok], linked_at, above))
        del rows, ok
    del levels, up
    cap = 2.0  # a plan costing 1 or more counts nothing: cutting costs at 2 keeps every value below 1 exact

    def prefix(values: np.ndarray, shifts: np.ndarray, where_: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per block: the running minimum and the flat index where it was reached (in place on
        `values`, which the callers no longer need)."""
        values -= shifts
        low = np.minimum.accumulate(values)
        reached = values <= low
        del values
        low += shifts
        where = np.where(reached, where_, 0)
        np.maximum.accumulate(where, out=where)
        return low, where

    def evaluate(prices: np.ndarray, chosen: dict[str, Any] | None = None) -> tuple[float, np.ndarray]:
        best = np.minimum(prices[s_of], cap)
        chosen_up = np.full(size, -1, dtype=np.int32)
        for dead, linked, link, above in steps:
            low, where = prefix(best[above], shift[above], above)
            reached = np.minimum(best[linked] + low[link], cap)
            best[dead] = cap
            best[linked] = reached
            chosen_up[linked] = where[link]
        low, where = prefix(best, shift, positions)  # best is not needed after this
        cheapest = low[ends - 1]
        per_class = np.bincount(owner[final], weights=cheapest[final], minlength=len(n))
        gain = np.maximum(0.0, 1.0 - per_class)
        value = float(gain @ n)
        # the seats the cheapest plans of the classes that gain would take
        used = np.zeros(len(prices))
        taking = final & (per_class[owner] < 1.0)
        at = where[ends[taking] - 1]
        whose = owner[taking]
        weight = n[whose]
        pairs = []
        while len(at):
            np.add.at(used, s_of[at], weight)
            if chosen is not None:
                pairs.append((whose, s_of[at]))
            at_next = chosen_up[at]
            keep = at_next >= 0
            at, weight, whose = at_next[keep], weight[keep], whose[keep]
        if chosen is not None:
            chosen.update(cheapest=per_class, pairs=pairs)
        return value, used

    return _Priced(evaluate, float(n.sum()), size, n, kept, fixed)
