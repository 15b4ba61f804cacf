"""Large-neighbourhood search over the whole incumbent, for instances too large to solve at once.

The state is a level-1 schedule: only people whose whole plan is seated hold seats. It starts
from the best whole-plan greedy of the *whole* instance (so the answer is never below it), and
each round frees a neighbourhood of people, gives their seats back and lets CP-SAT re-seat
them against the seats everyone else keeps; the round's answer is taken if it completes at
least as many plans. Nothing claims seats first: every seat stays movable until the end.

Neighbourhoods follow what actually separates people (people of different trades share no
session, so every neighbourhood lies inside one interacting group):
  - cohort: people leaving within a few weeks of a random day (a charter date and its crowd);
  - site: people who reach one site, leaving close to a random day;
  - anchor: people around one person whose plan is not complete yet (same sites, close
    departure), where a gain is most likely.
Each group is cut to `size` people closest to the centre day. The time limit is used fully;
seats the whole plans leave go to partial plans at the end (earliest departure first).
"""

from __future__ import annotations

import random
import time
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable

from ortools.sat.python import cp_model

from scheduling.solver.model import Options, Participant
from scheduling.solver.prepare import Index

KINDS = ("cohort", "site", "anchor")


class Search:
    def __init__(self, index: Index, start: list[tuple[int, int]], options: Options) -> None:
        self.index = index
        self.options = options
        self.rng = random.Random(options.random_seed)  # noqa: S311 -- search diversification
        self.seats = dict(index.free)
        #: participant -> sessions, whole plans only
        self.held: dict[int, list[int]] = defaultdict(list)
        for pid, s in start:
            self.held[pid].append(s)
            self.seats[s] -= 1
        able = [p for p in index.instance.participants if index.can_complete(p)]
        # interacting groups (people of different trades share no session), by departure
        self.groups: list[list[Participant]] = []
        member = {p.id for p in able}
        for component in index.components(able):
            people = sorted((index.participants[pid] for pid in component if pid in member),
                            key=lambda p: (p.departure, p.id))
            if len(people) > 1:
                self.groups.append(people)
        self.weights = [len(g) for g in self.groups]
        self.departures = [[p.departure for p in g] for g in self.groups]
        self.rounds = 0
        self.improved = 0
        self.kinds: dict[str, int] = defaultdict(int)

    @property
    def completed(self) -> int:
        return len(self.held)

    def neighbourhood(self, size: int) -> tuple[str, list[int]]:
        g = self.rng.choices(range(len(self.groups)), weights=self.weights)[0]
        people, days = self.groups[g], self.departures[g]
        kind = KINDS[self.rounds % len(KINDS)]
        if kind == "anchor":
            open_ = [p for p in self.rng.sample(people, min(len(people), 50)) if p.id not in self.held]
            if not open_:
                kind = "cohort"
            else:
                anchor = open_[0]
                pool = self._around(people, days, anchor.departure, 4 * size)
                near = [p for p in pool if p.sites & anchor.sites]
                return kind, self._closest(near, anchor.departure, size)
        centre = self.rng.choice(days)
        pool = self._around(people, days, centre, 4 * size if kind == "site" else size)
        if kind == "site":
            site = self.rng.choice(sorted({s for p in pool for s in p.sites}))
            pool = [p for p in pool if site in p.sites]
        return kind, self._closest(pool, centre, size)

    @staticmethod
    def _around(people: list[Participant], days: list[int], centre: int, count: int) -> list[Participant]:
        middle = (bisect_left(days, centre) + bisect_right(days, centre)) // 2
        lo = max(0, middle - count // 2)
        return people[lo : lo + count]

    @staticmethod
    def _closest(pool: list[Participant], centre: int, size: int) -> list[int]:
        return [p.id for p in sorted(pool, key=lambda p: (abs(p.departure - centre), p.id))[:size]]

    def round(self, pids: list[int], wall: float) -> int:
        """Re-seat `pids`; returns the change in completed plans (never negative)."""
        index = self.index
        before = sum(1 for pid in pids if pid in self.held)
        seats: dict[int, int] = {}
        for pid in pids:
            for opts in index.candidates[pid].values():
                for s in opts:
                    seats[s] = self.seats[s]
        for pid in pids:
            for s in self.held.get(pid, ()):
                seats[s] += 1
        model = cp_model.CpModel()
        x: dict[tuple[int, int], cp_model.IntVar] = {}
        done: dict[int, cp_model.IntVar] = {}
        by_session: dict[int, list[cp_model.IntVar]] = defaultdict(list)
        for pid in pids:
            p = index.participants[pid]
            cands = {m: [s for s in opts if seats[s] > 0] for m, opts in index.candidates[pid].items()}
            if not all(m in index.pinned_module[pid] or cands.get(m) for m in set(p.modules)):
                continue
            d = done[pid] = model.new_bool_var("")
            mine: list[tuple[int, int, cp_model.IntVar]] = []
            for m, opts in cands.items():
                row = []
                for s in opts:
                    var = x[(pid, s)] = model.new_bool_var("")
                    by_session[s].append(var)
                    mine.append((m, s, var))
                    row.append(var)
                model.add(sum(row) == d)
            for i, (m1, s1, v1) in enumerate(mine):
                for m2, s2, v2 in mine[i + 1 :]:
                    if m1 != m2 and index.clash(s1, s2):
                        model.add_bool_or([v1.negated(), v2.negated()])
            for m, opts in cands.items():
                for q in index.prerequisites_in_plan(p, m):
                    if q in index.pinned_module[pid]:
                        continue
                    for s in opts:
                        earlier = [x[(pid, t)] for t in cands.get(q, ()) if index.last[t] < index.first[s]]
                        if earlier:
                            model.add(x[(pid, s)] <= sum(earlier))
                        else:
                            model.add(x[(pid, s)] == 0)
            held = set(self.held.get(pid, ()))
            for (_, s, var) in mine:
                model.add_hint(var, 1 if s in held else 0)
            model.add_hint(d, 1 if held else 0)
        for s, vars_ in by_session.items():
            if len(vars_) > seats[s]:
                model.add(sum(vars_) <= seats[s])
        model.maximize(sum(done.values()))
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = max(1, self.options.num_workers)
        solver.parameters.random_seed = self.options.random_seed + self.rounds
        solver.parameters.max_time_in_seconds = max(0.05, wall)
        status = solver.solve(model)
        self.rounds += 1
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE) or solver.objective_value < before:
            return 0
        for pid in pids:
            for s in self.held.pop(pid, ()):
                self.seats[s] += 1
        for (pid, s), var in x.items():
            if solver.boolean_value(var):
                self.held[pid].append(s)
                self.seats[s] -= 1
        gain = int(round(solver.objective_value)) - before
        if gain > 0:
            self.improved += 1
        return gain

    def assignments(self) -> list[tuple[int, int]]:
        return [(pid, s) for pid, sessions in self.held.items() for s in sessions]


def search(
    index: Index,
    start: list[tuple[int, int]],
    options: Options,
    deadline: float,
    size: int = 400,
    on_round: Callable[[Search], None] | None = None,
) -> Search:
    """Improve `start` (whole plans only) until `deadline` (time.perf_counter())."""
    state = Search(index, start, options)
    if not state.groups:
        return state
    while True:
        left = deadline - time.perf_counter()
        if left < 0.2:
            break
        kind, pids = state.neighbourhood(size)
        if len(pids) < 2:
            state.rounds += 1
            continue
        gain = state.round(pids, min(left - 0.1, max(0.5, options.lns_round_seconds)))
        state.kinds[kind] += gain
        if on_round is not None:
            on_round(state)
    return state
