"""The optimiser: CP-SAT over blocks of participants, warm-started from a greedy.

Model (one block). x[p,s] = participant p sits in candidate session s (see prepare.py);
done[p] = p's whole plan is scheduled.
  - at most one session per plan module and participant;
  - seats: Σ_p x[p,s] ≤ seats left in s (the shared capacity view across blocks);
  - no clash: two sessions of one person never have overlapping meetings;
  - prerequisites: x[p,s] ≤ Σ x[p,t] over sessions t of the prerequisite ending before s starts;
  - done[p] ≤ Σ_s x[p,s] for every unpinned plan module.
Level 1 maximises Σ done[p]. Level 2 keeps that value and maximises module hours, then a
small bonus for completed plans of people leaving earlier (lexicographic by weights).

Large instances are decomposed: participants that share no candidate session form
independent components (exact), solved one after another (small ones packed together). If
any component is above `max_block` (one worker) or `max_group_parallel` (two or more: CP-SAT's
portfolio then runs its own LNS and local search on the whole group), the whole instance goes
to large-neighbourhood search instead (`solve_lns`, lns.py). Every block starts from the best
of its hints — earliest-ending sessions, the cheapest at the seat prices of the Lagrangian
bound (`seat_prices`) and, below 10,000 people, the LP over whole plans rounded
(`greedy.lp_rounded`) — and keeps it if CP-SAT finds nothing better; the overall answer is
never worse than any greedy baseline. Where the LP is solved, each block's level 1 also gets
the LP's bound of its groups as a ceiling (`_ceilings`): CP-SAT stops once it holds that many.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Callable

import numpy as np
from ortools.sat.python import cp_model

from scheduling.solver import lns
from scheduling.solver.bound import DEFLECT, WARM_CLASSES, lagrangian_bound
from scheduling.solver.greedy import (
    greedy_assign,
    greedy_edf,
    greedy_fcfs,
    greedy_whole_edf,
    lp_rounded,
    pins_of,
    priced_whole_plans,
    whole_plans_assign,
)
from scheduling.solver.model import Instance, Options, Participant, Progress, Solution
from scheduling.solver.prepare import Index, rank_key, score

ProgressCallback = Callable[[Progress], None]

#: tie-break buckets for "earlier departure first" (level 2 bonus per completed plan)
DEPARTURE_BUCKETS = 16
logger = logging.getLogger(__name__)


def plan_first_hint(index: Index, people: list[Participant], seats: dict[int, int]) -> list[tuple[int, int]]:
    """A strong warm start: earliest departure first, whole plans only, then fill with partial plans."""
    ordered = sorted(people, key=lambda p: (p.departure, len(p.modules), p.id))
    chosen, left = whole_plans_assign(index, ordered, seats)
    chosen.extend(greedy_assign(index, left, seats))
    return chosen


def priced_hint(
    index: Index, people: list[Participant], seats: dict[int, int], prices: dict[int, float]
) -> list[tuple[int, int]]:
    """Earliest departure first, each person in their cheapest whole plan at the seat prices,
    then partial plans in the seats left."""
    ordered = sorted(people, key=lambda p: (p.departure, p.id))
    chosen, left = priced_whole_plans(index, ordered, seats, prices)
    chosen.extend(greedy_assign(index, left, seats))
    return chosen


def seat_prices(
    index: Index, options: Options, lower: int, plans_out: list[tuple[list[int], list[int], float]] | None = None,
    groups_out: list[tuple[list[int], int]] | None = None,
) -> tuple[dict[int, float], int]:
    """Seat prices from the Lagrangian bound (what a seat is worth to the others) and that bound,
    in at most a fifth of the time limit (at 50,000 about 100 s for 400 price steps).

    Below `WARM_CLASSES` people the bound's column generation solves the LP over whole plans
    (5,000 people: 0.2-4 s) and `plans_out` gets its optimal plans, which `greedy.lp_rounded`
    turns into a start within a few plans of the LP (chains at 5,000: 2,354 of 2,356 in 0.07 s,
    where 50 s of search from the priced start reached 2,332); `groups_out` the LP's bound per
    interacting group (see `_ceilings`)."""
    prices: dict[int, float] = {}
    # above that, price steps only: with column generation's prices (of a sample) the priced
    # start on chains at 50,000 seated 26,356 where the steps' prices seat 26,897 (the bound is
    # tighter, the start worse); plain steps: their prices made the better start on peaks at
    # 50,000 (43,291 whole plans vs 43,025 deflected) and the same on chains (26,913 vs 26,904)
    columns = plans_out is not None and len(index.instance.participants) < WARM_CLASSES
    proven = lagrangian_bound(index.instance, index, seconds=min(110.0, 0.2 * options.time_limit),
                              lower=lower, prices_out=prices, deflect=DEFLECT if columns else 0.0,
                              columns=columns, plans_out=plans_out if columns else None,
                              groups_out=groups_out if columns else None)
    return prices, proven


def _ceilings(blocks: list[list[int]], groups: list[tuple[list[int], int]]) -> list[int | None]:
    """Per block (each a union of whole groups), the sum of its groups' bounds: no schedule
    completes more there, so CP-SAT may stop once it holds that many. None where unknown."""
    if not groups:
        return [None] * len(blocks)
    block_of = {pid: number for number, pids in enumerate(blocks) for pid in pids}
    ceilings = [0] * len(blocks)
    for people, bound in groups:
        where = {block_of.get(pid, -1) for pid in people}
        if len(where) != 1 or -1 in where:  # a group across blocks: cannot happen, but never guess
            return [None] * len(blocks)
        ceilings[where.pop()] += bound
    return list(ceilings)


def rounded_hint(
    index: Index, rounded: list[tuple[int, int]], people: list[Participant], seats: dict[int, int]
) -> list[tuple[int, int]] | None:
    """The LP-rounded whole plans of `people`, then partial plans in the seats left; None if
    those plans no longer fit the seats (the block is not a union of whole groups)."""
    mine = {p.id for p in people}
    whole = [(pid, s) for pid, s in rounded if pid in mine]
    left = dict(seats)
    for _, s in whole:
        left[s] -= 1
    if any(count < 0 for count in left.values()):
        return None
    held = {pid for pid, _ in whole}
    rest = sorted((p for p in people if p.id not in held), key=lambda p: (p.departure, p.id))
    return whole + greedy_assign(index, rest, left)


def _blocks(index: Index, max_block: int) -> tuple[list[list[int]], bool]:
    """Blocks to solve in turn, and whether each is a union of whole components (then the
    blocks' own bounds add up to a bound of the whole)."""
    components = index.components()
    pieces: list[list[int]] = []
    exact = True
    for component in components:
        if len(component) <= max_block:
            pieces.append(component)
            continue
        exact = False
        clusters: dict[tuple[int, ...], list[int]] = defaultdict(list)
        for pid in component:
            clusters[tuple(sorted(index.participants[pid].sites))].append(pid)
        for members in clusters.values():
            members.sort(key=lambda pid: (index.participants[pid].departure, pid))
            for start in range(0, len(members), max_block):
                pieces.append(members[start : start + max_block])
    # Pack small pieces together (fewer solver calls); order by earliest departure.
    pieces.sort(key=lambda ids: (min(index.participants[p].departure for p in ids), ids[0]))
    blocks: list[list[int]] = []
    for piece in pieces:
        if blocks and len(blocks[-1]) + len(piece) <= max_block and len(piece) < 50:
            blocks[-1].extend(piece)
        else:
            blocks.append(list(piece))
    return blocks, exact


class _Recorder(cp_model.CpSolverSolutionCallback):
    def __init__(self, report: Callable[[float], None]) -> None:
        super().__init__()
        self._report = report

    def on_solution_callback(self) -> None:
        self._report(self.objective_value)


class _Block:
    """One CP-SAT model of a block. `strict`: level 1, where only whole plans take seats.

    Built from each person's candidate arrays (`lns.Person`: candidates by module, clash pairs
    and prerequisite windows computed with numpy): at 5,000 on the chains family building the
    models pair by pair took a third of the time limit. At level 1 a candidate gets a variable
    only if it has a seat and can be part of a whole plan with the seats there are."""

    def __init__(self, index: Index, pids: list[int], seats: dict[int, int], strict: bool,
                 arrays: lns.Arrays | None = None) -> None:
        arrays = arrays or lns.Arrays(index)
        self.model = model = cp_model.CpModel()
        self.x: dict[tuple[int, int], cp_model.IntVar] = {}
        self.done: dict[int, cp_model.IntVar] = {}
        self.hours: list[tuple[cp_model.IntVar, int]] = []
        by_session: dict[int, list[cp_model.IntVar]] = defaultdict(list)
        free = np.array([seats[int(s)] for s in arrays.ids.tolist()], dtype=np.int64)
        tenths = {m: int(round(module.hours * 10)) for m, module in index.modules.items()}
        for pid in pids:
            person = lns.Person.build(index, arrays, pid, partial=not strict)
            if person is None:
                continue
            alive = person.alive(free) if strict else free[person.sessions] > 0
            if alive is None:
                continue
            blocks = [(a, b) for a, b in person.blocks if alive[a:b].any()]
            able = index.can_complete(index.participants[pid]) and len(blocks) == len(index.candidates[pid])
            if strict and not able:
                continue
            done = model.new_bool_var(f"done{pid}") if able else None
            if done is not None:
                self.done[pid] = done
            ids = arrays.ids[person.sessions].tolist()
            variables: dict[int, cp_model.IntVar] = {}
            for i in np.flatnonzero(alive).tolist():
                s = ids[i]
                var = variables[i] = self.x[(pid, s)] = model.new_bool_var(f"x{pid}_{s}")
                by_session[s].append(var)
                self.hours.append((var, tenths.get(index.sessions[s].module, 0)))
            for a, b in blocks:
                chosen = [variables[i] for i in range(a, b) if alive[i]]
                if strict:
                    model.add(cp_model.LinearExpr.sum(chosen) == done)
                else:
                    if len(chosen) > 1:
                        model.add_at_most_one(chosen)
                    if done is not None:
                        model.add(done <= cp_model.LinearExpr.sum(chosen))
            if len(person.clash_a):
                both = alive[person.clash_a] & alive[person.clash_b]
                for i, j in zip(person.clash_a[both].tolist(), person.clash_b[both].tolist(), strict=True):
                    model.add_bool_or([variables[i].negated(), variables[j].negated()])
            for a, b, c, _, ks in person.precedences:
                earlier_alive = alive[c : c + int(ks.max(initial=0))]
                for i in range(a, b):
                    if alive[i]:
                        earlier = np.flatnonzero(earlier_alive[: int(ks[i - a])]).tolist()
                        model.add_bool_or([variables[i].negated(), *(variables[c + j] for j in earlier)])
        for s, vars_ in by_session.items():
            if len(vars_) > seats[s]:
                model.add(cp_model.LinearExpr.sum(vars_) <= seats[s])

    def hint(self, index: Index, chosen: set[tuple[int, int]]) -> None:
        self.model.clear_hints()
        for key, var in self.x.items():
            self.model.add_hint(var, 1 if key in chosen else 0)
        placed: dict[int, set[int]] = defaultdict(set)
        for pid, s in chosen:
            placed[pid].add(index.sessions[s].module)
        for pid, var in self.done.items():
            whole = set(index.participants[pid].modules) <= placed[pid] | set(index.pinned_module[pid])
            self.model.add_hint(var, 1 if whole else 0)

    def chosen(self, solver: cp_model.CpSolver) -> list[tuple[int, int]]:
        return [key for key, var in self.x.items() if solver.boolean_value(var)]


def _solve_block(
    index: Index,
    pids: list[int],
    seats: dict[int, int],
    hint: list[tuple[int, int]],
    options: Options,
    wall: float,
    deterministic: float,
    on_level1: Callable[[float], None],
    proof: list[float],
    arrays: lns.Arrays | None = None,
    ceiling: int | None = None,
) -> list[tuple[int, int]]:
    def solver_for(share: float) -> cp_model.CpSolver:
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = options.num_workers
        solver.parameters.random_seed = options.random_seed
        solver.parameters.max_time_in_seconds = max(0.05, wall * share)
        if options.num_workers == 1:
            # one worker and a deterministic limit: the same input gives the same answer
            solver.parameters.max_deterministic_time = max(0.05, deterministic * share)
        # several workers run CP-SAT's portfolio (LNS and local search beside the main search):
        # far better answers, but which worker finds what first depends on timing. The interleaved
        # mode that would make it repeatable measured no better than one worker.
        return solver

    placed: dict[int, set[int]] = defaultdict(set)
    for pid, s in hint:
        placed[pid].add(index.sessions[s].module)
    whole = {
        (pid, s) for pid, s in hint
        if set(index.participants[pid].modules) <= placed[pid] | set(index.pinned_module[pid])
    }
    arrays = arrays or lns.Arrays(index)
    level1 = _Block(index, pids, seats, strict=True, arrays=arrays)
    best = sorted(whole)
    value = 0
    held = len({pid for pid, _ in whole})
    if level1.done and ceiling is not None and held >= ceiling:
        # the hint holds the LP's bound of the block: nothing to gain at level 1
        proof.append(float(ceiling))
        value = held
    elif level1.done:
        level1.hint(index, whole)
        if ceiling is not None:
            # a proven bound as a row: CP-SAT stops as soon as it holds that many
            level1.model.add(sum(level1.done.values()) <= ceiling)
        level1.model.maximize(sum(level1.done.values()))
        # level 2 (hours) refines; with the parallel portfolio level 1 gains most from the time
        share = (0.9 if options.num_workers > 1 else 0.75) if options.second_level else 1.0
        solver = solver_for(share)
        status = solver.solve(level1.model, _Recorder(on_level1))
        logger.debug(
            "block of %s: %s, %s completed, bound %s, %.2fs", len(pids), solver.status_name(status),
            solver.objective_value, solver.best_objective_bound, solver.wall_time,
        )
        solved = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
        proof.append(solver.best_objective_bound if solved else len(level1.done))
        if solved and solver.objective_value >= held:
            best = level1.chosen(solver)
            value = int(round(solver.objective_value))
        else:
            value = held
    # Seats the whole plans leave go to partial plans, greedily by departure.
    left = dict(seats)
    for _, s in best:
        left[s] -= 1
    taken = {pid for pid, _ in best}
    rest = sorted(
        (index.participants[pid] for pid in pids if pid not in taken),
        key=lambda p: (p.departure, p.id),
    )
    filled = best + greedy_assign(index, rest, left)
    if not options.second_level:
        return filled
    level2 = _Block(index, pids, seats, strict=False, arrays=arrays)
    level2.hint(index, set(filled))
    level2.model.add(sum(level2.done.values()) >= value)
    departures = sorted({index.participants[p].departure for p in pids})
    bucket = {d: DEPARTURE_BUCKETS - 1 - (i * DEPARTURE_BUCKETS) // len(departures) for i, d in enumerate(departures)}
    weight = DEPARTURE_BUCKETS * max(1, len(level2.done)) + 1
    level2.model.maximize(
        sum(var * (tenths * weight) for var, tenths in level2.hours)
        + sum(var * bucket[index.participants[pid].departure] for pid, var in level2.done.items())
    )
    solver = solver_for(0.1 if options.num_workers > 1 else 0.25)
    status = solver.solve(level2.model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return level2.chosen(solver)
    return filled


def solve(
    instance: Instance,
    options: Options | None = None,
    progress: ProgressCallback | None = None,
    bound: int | None = None,
) -> Solution:
    """The best schedule found within the limits; never worse than either greedy baseline."""
    options = options or Options()
    started = time.perf_counter()
    index = Index(instance)
    baselines = [greedy_fcfs(instance, index), greedy_edf(instance, index), greedy_whole_edf(instance, index)]
    parallel = options.num_workers > 1
    blocks, exact = _blocks(index, options.max_group_parallel if parallel else options.max_block)
    if not exact:
        return solve_lns(index, options, baselines, started, progress, bound)
    total = max(1, len(instance.participants))
    seats = dict(index.free)
    chosen: list[tuple[int, int]] = pins_of(index)
    done_people = 0
    done_plans = 0
    proof: list[float] = []  # CP-SAT's level-1 bounds per block
    arrays = lns.Arrays(index)

    def report(fraction: float, best: int, message: str = "") -> None:
        if progress is not None:
            progress(Progress(fraction=min(1.0, fraction), best_completed=best, bound=bound, message=message))

    report(0.0, max(b.completed_count for b in baselines), "greedy")
    plans: list[tuple[list[int], list[int], float]] = []
    groups: list[tuple[list[int], int]] = []
    prices, lagrangian = seat_prices(index, options, max(b.completed_count for b in baselines), plans, groups)
    rounded = lp_rounded(index, plans, dict(index.free), prices)[0] if plans else []
    ceilings = _ceilings(blocks, groups)
    for number, pids in enumerate(blocks, start=1):
        people = [index.participants[p] for p in pids]
        kept = [(p.id, s) for p in people for s in p.pins if s in index.sessions]
        hints = [plan_first_hint(index, people, dict(seats)), priced_hint(index, people, dict(seats), prices)]
        if rounded:
            hints.append(rounded_hint(index, rounded, people, seats) or [])
        hint, hint_score = max(
            ((h, score(index, kept + h, "hint")) for h in hints),
            key=lambda pair: rank_key(index, pair[1])[:2],
        )
        # 10 % of the limit is kept for building models and the answer, outside CP-SAT's clock
        remaining = max(0.1, 0.9 * options.time_limit - (time.perf_counter() - started))
        people_left = sum(len(b) for b in blocks[number - 1 :])
        wall = max(min(1.0, remaining), remaining * len(pids) / max(1, people_left))
        deterministic = options.deterministic_time_per_participant * len(pids)

        def on_level1(
            value: float, base: int = done_plans, size: int = len(pids), before: int = done_people, at: int = number
        ) -> None:
            report((before + 0.7 * size) / total, base + int(round(value)), f"block {at}/{len(blocks)}")

        new = _solve_block(index, pids, seats, hint, options, wall, deterministic, on_level1, proof, arrays,
                           ceilings[number - 1])
        found = score(index, kept + new, "block")
        if rank_key(index, found)[:2] < rank_key(index, hint_score)[:2]:
            new = hint
            found = hint_score
        for _, s in new:
            seats[s] -= 1
        chosen.extend(new)
        done_people += len(pids)
        done_plans += found.completed_count
        report(done_people / total, done_plans, f"block {number}/{len(blocks)}")
    stats = {b.method: float(b.completed_count) for b in baselines}
    stats["lagrangian_bound"] = float(lagrangian)
    if exact:
        # the plans no block could complete anyway add nothing to the bound
        stats["proven_bound"] = sum(int(b + 1e-6) for b in proof)
    result = score(
        index,
        chosen,
        "optimizer",
        seconds=time.perf_counter() - started,
        status="decomposed" if len(blocks) > 1 else "single",
        blocks=len(blocks),
        stats=stats,
    )
    best = max([result, *baselines], key=lambda sol: rank_key(index, sol))
    if best is not result:
        result = score(index, best.assignments, "optimizer", seconds=time.perf_counter() - started,
                       status="greedy kept", blocks=len(blocks), stats=stats)
    report(1.0, result.completed_count, "done")
    return result


def solve_lns(
    index: Index,
    options: Options,
    baselines: list[Solution],
    started: float,
    progress: ProgressCallback | None = None,
    bound: int | None = None,
) -> Solution:
    """Large instances: the best whole-plan greedy of the whole instance, improved by LNS (lns.py)."""
    instance = index.instance
    seats = dict(index.free)
    ordered = sorted(instance.participants, key=lambda p: (p.departure, len(p.modules), p.id))
    first, _ = whole_plans_assign(index, ordered, seats)
    by_date = sorted(instance.participants, key=lambda p: (p.departure, p.id))
    edf_whole, _ = whole_plans_assign(index, by_date, dict(index.free))
    best_greedy = max(b.completed_count for b in baselines)
    # the seat prices of the Lagrangian bound make the strongest start (peaks at 50,000: 43,210
    # whole plans in 1.5 s, where the earliest-ending greedy seats 41,361), and its bound lets the
    # search stop early
    plans: list[tuple[list[int], list[int], float]] = []
    prices, lagrangian = seat_prices(index, options, best_greedy, plans)
    bound = lagrangian if bound is None else min(bound, lagrangian)
    priced, _ = priced_whole_plans(index, by_date, dict(index.free), prices)
    # below 10,000 people the LP over whole plans, rounded: within a few plans of the bound
    rounded = lp_rounded(index, plans, dict(index.free), prices)[0] if plans else []
    start = max((first, edf_whole, priced, rounded), key=lambda a: len({pid for pid, _ in a}))
    # a tenth of the limit (at most 30 s) for the partial fill, the answer and safety
    deadline = started + options.time_limit - min(30.0, 0.1 * options.time_limit)

    def report(state: lns.Search) -> None:
        if progress is not None:
            spent = (time.perf_counter() - started) / max(0.1, options.time_limit)
            progress(Progress(fraction=min(0.99, spent), best_completed=max(best_greedy, state.completed),
                              bound=bound, message=f"round {state.rounds}"))

    state = lns.search(index, start, options, deadline, size=options.lns_size, on_round=report, bound=bound)
    whole = state.assignments()
    left = dict(index.free)
    for _, s in whole:
        left[s] -= 1
    rest = [p for p in by_date if p.id not in state.held]
    filled = pins_of(index) + whole + greedy_assign(index, rest, left)
    stats = {b.method: float(b.completed_count) for b in baselines}
    stats.update(lns_rounds=float(state.rounds), lns_improving_rounds=float(state.improved),
                 lns_start=float(len({pid for pid, _ in start})), lagrangian_bound=float(lagrangian),
                 priced_start=float(len({pid for pid, _ in priced})),
                 rounded_start=float(len({pid for pid, _ in rounded})))
    for kind, gain in state.kinds.items():
        stats[f"lns_gain_{kind}"] = float(gain)
    result = score(index, filled, "optimizer", seconds=time.perf_counter() - started, status="lns",
                   blocks=len(state.groups), stats=stats)
    best = max([result, *baselines], key=lambda sol: rank_key(index, sol))
    if best is not result:
        result = score(index, best.assignments, "optimizer", seconds=time.perf_counter() - started,
                       status="greedy kept", blocks=len(state.groups), stats=stats)
    if progress is not None:
        progress(Progress(fraction=1.0, best_completed=result.completed_count, bound=bound, message="done"))
    return result
