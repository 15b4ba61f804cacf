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

import numpy as np
from ortools.sat.python import cp_model

from scheduling.solver.model import Options, Participant
from scheduling.solver.prepare import Index

KINDS = ("cohort", "site", "anchor", "session")
#: people whose candidate arrays are kept (a few kilobytes each: at 50,000 on chains 4 KB, 77 KB
#: before ordered modules lost their clash pairs and positions became int32)
PEOPLE_CACHE = 60_000
_MISSING = object()


class Arrays:
    """Sessions as dense positions, with their days, meetings and the seats the search leaves."""

    def __init__(self, index: Index) -> None:
        self.ids = np.array(sorted(index.sessions), dtype=np.int64)
        self.position = {int(s): i for i, s in enumerate(self.ids.tolist())}
        self.first = np.array([index.first[s] for s in self.ids.tolist()], dtype=np.int64)
        self.last = np.array([index.last[s] for s in self.ids.tolist()], dtype=np.int64)
        self.seats = np.array([index.free[s] for s in self.ids.tolist()], dtype=np.int64)
        counts = [len(index.sessions[s].meetings) for s in self.ids.tolist()]
        self.meeting_start = np.zeros(len(counts) + 1, dtype=np.int64)
        np.cumsum(counts, out=self.meeting_start[1:])
        meetings = [m for s in self.ids.tolist() for m in index.sessions[s].meetings]
        self.day = np.array([m.day for m in meetings], dtype=np.int64)
        self.start = np.array([m.start for m in meetings], dtype=np.int64)
        self.end = np.array([m.end for m in meetings], dtype=np.int64)

    def clashes(
        self, sessions: np.ndarray, module: np.ndarray, ordered: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Pairs (i < j) of the given sessions of different modules with overlapping meetings,
        leaving out pairs of modules `ordered[m1, m2]` says never overlap anyway. Local positions
        as int32 (a person has far fewer than 2**31 candidates)."""
        counts = self.meeting_start[sessions + 1] - self.meeting_start[sessions]
        owner = np.repeat(np.arange(len(sessions)), counts)
        offsets = np.repeat(self.meeting_start[sessions] - np.cumsum(counts) + counts, counts)
        rows = offsets + np.arange(int(counts.sum()))
        day, start, end = self.day[rows], self.start[rows], self.end[rows]
        order = np.lexsort((start, day))
        day, start, end, owner = day[order], start[order], end[order], owner[order]
        found_a: list[np.ndarray] = []
        found_b: list[np.ndarray] = []
        k = 1
        # sorted by day and start: meeting i overlaps a later one i + k of its day iff that starts before i ends
        while k < len(day):
            same = day[:-k] == day[k:]
            if not same.any():
                break
            hit = np.flatnonzero(same & (start[k:] < end[:-k]))
            found_a.append(owner[hit])
            found_b.append(owner[hit + k])
            k += 1
        if not found_a:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty
        a, b = np.concatenate(found_a), np.concatenate(found_b)
        a, b = np.minimum(a, b), np.maximum(a, b)
        keep = module[a] != module[b]
        if ordered is not None:
            keep &= ~ordered[module[a], module[b]]
        pairs = np.unique(a[keep] * len(sessions) + b[keep])
        return (pairs // len(sessions)).astype(np.int32), (pairs % len(sessions)).astype(np.int32)


class Person:
    """One person's candidates for the search, as arrays over local positions 0..n-1.

    blocks: per plan module (prerequisites first) the range of its candidates, sorted by end
    day; precedences: (a, b, c, d, ks): candidate a+i of a module needs one of the first ks[i]
    candidates c.. of a prerequisite (block c..d), those that end before it starts."""

    __slots__ = ("blocks", "clash_a", "clash_b", "precedences", "sessions", "successors")

    def __init__(self) -> None:
        self.sessions = np.zeros(0, dtype=np.int64)
        self.blocks: list[tuple[int, int]] = []
        self.precedences: list[tuple[int, int, int, int, np.ndarray]] = []
        self.clash_a = np.zeros(0, dtype=np.int64)
        self.clash_b = np.zeros(0, dtype=np.int64)

    @classmethod
    def build(cls, index: Index, arrays: Arrays, pid: int, partial: bool = False) -> Person | None:
        """None for someone whose whole plan cannot fit, unless `partial` (level 2 seats them too)."""
        p = index.participants[pid]
        if not partial and not index.can_complete(p):
            return None
        person = cls()
        where: dict[int, tuple[int, int]] = {}
        positions: list[int] = []
        modules: list[int] = []
        for number, (m, options) in enumerate(index.candidates[pid].items()):
            where[m] = (len(positions), len(positions) + len(options))
            positions.extend(arrays.position[s] for s in options)
            modules.extend([number] * len(options))
        person.sessions = np.array(positions, dtype=np.int32)
        person.blocks = [span for span in where.values() if span[1] > span[0]]
        pinned = index.pinned_module[pid]
        number_of = {m: number for number, m in enumerate(where)}
        before = np.zeros((len(where), len(where)), dtype=bool)  # [m, q]: q ends before m starts
        for m, (a, b) in where.items():
            for q in index.prerequisites_in_plan(p, m):
                if q in pinned or q not in where:
                    continue
                c, d = where[q]
                ends = arrays.last[person.sessions[c:d]]
                ks = np.searchsorted(ends, arrays.first[person.sessions[a:b]], side="left").astype(np.int32)
                person.precedences.append((a, b, c, d, ks))
                before[number_of[m], number_of[q]] = True
        # modules linked by prerequisites (through modelled rows, transitively) run one after the
        # other, so their sessions can never both be taken while overlapping: no clash pair is
        # needed there (on plans that are one chain, none at all; at 50,000 on the chains family
        # these pairs were 4,500 a person and most of the search's memory)
        for k in range(len(where)):
            before |= before[:, k : k + 1] & before[k : k + 1, :]
        person.clash_a, person.clash_b = arrays.clashes(
            person.sessions, np.array(modules, dtype=np.int64), before | before.T
        )
        return person

    def alive(self, seats: np.ndarray) -> np.ndarray | None:
        """Candidates that have a seat and fit a whole plan with the other candidates that do;
        None if no whole plan fits."""
        alive = seats[self.sessions] > 0
        # forward (prerequisites first): a session needs an earlier one of each prerequisite;
        # backward: a prerequisite's session must end before some session that needs it starts
        for a, b, c, _, ks in self.precedences:
            counts = np.concatenate(([0], np.cumsum(alive[c : c + int(ks.max(initial=0))])))
            alive[a:b] &= counts[ks] > 0
        for a, b, c, d, ks in reversed(self.precedences):
            later = ks[alive[a:b]]
            alive[c + (int(later.max()) if len(later) else 0) : d] = False
        return alive if all(alive[a:b].any() for a, b in self.blocks) else None


class Search:
    def __init__(self, index: Index, start: list[tuple[int, int]], options: Options) -> None:
        self.index = index
        self.options = options
        self.rng = random.Random(options.random_seed)  # noqa: S311 -- search diversification
        self.arrays = Arrays(index)
        self._people: dict[int, Person | None] = {}
        #: participant -> sessions, whole plans only
        self.held: dict[int, list[int]] = {}
        #: session -> the people holding a seat in it
        self.holders: dict[int, set[int]] = defaultdict(set)
        for pid, s in start:
            self.held.setdefault(pid, []).append(s)
            self.holders[s].add(pid)
            self.arrays.seats[self.arrays.position[s]] -= 1
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
        #: whether CP-SAT proved the last round optimal (the search then tries larger neighbourhoods)
        self.last_optimal = False
        self.kinds: dict[str, int] = defaultdict(int)
        self.sizes: list[int] = []

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
        if kind == "session":
            found = self._around_session(people, days, size)
            if found:
                return kind, found
            kind = "cohort"
        centre = self.rng.choice(days)
        pool = self._around(people, days, centre, 4 * size if kind == "site" else size)
        if kind == "site":
            site = self.rng.choice(sorted({s for p in pool for s in p.sites}))
            pool = [p for p in pool if site in p.sites]
        return kind, self._closest(pool, centre, size)

    def _around_session(self, people: list[Participant], days: list[int], size: int) -> list[int]:
        """A session someone of the group holds, the people holding it or a session of the same
        module at that site within three weeks, and people not seated yet who could use it."""
        seated = [p for p in self.rng.sample(people, min(len(people), 20)) if p.id in self.held]
        if not seated:
            return []
        session = self.index.sessions[self.rng.choice(self.held[seated[0].id])]
        first, last = self.index.first[session.id], self.index.last[session.id]
        chosen: list[int] = []
        for other in self.index.by_module[session.module]:
            if other.site == session.site and abs(self.index.last[other.id] - last) <= 21:
                chosen.extend(sorted(self.holders.get(other.id, ())))
        chosen = list(dict.fromkeys(chosen))[: size // 2]
        # people leaving after the session ends, who reach its site and hold nothing yet
        pool = people[bisect_left(days, last) :][: 8 * size]
        waiting = [p.id for p in pool if p.id not in self.held and session.site in p.sites
                   and p.earliest_start <= first]
        return list(dict.fromkeys(chosen + waiting))[:size]

    @staticmethod
    def _around(people: list[Participant], days: list[int], centre: int, count: int) -> list[Participant]:
        middle = (bisect_left(days, centre) + bisect_right(days, centre)) // 2
        lo = max(0, middle - count // 2)
        return people[lo : lo + count]

    @staticmethod
    def _closest(pool: list[Participant], centre: int, size: int) -> list[int]:
        return [p.id for p in sorted(pool, key=lambda p: (abs(p.departure - centre), p.id))[:size]]

    def _person(self, pid: int) -> Person | None:
        """The person's candidates as arrays (built once, kept while the cache has room)."""
        found = self._people.get(pid, _MISSING)
        if found is not _MISSING:
            return found  # type: ignore[return-value]
        if len(self._people) >= PEOPLE_CACHE:
            self._people.clear()
        built = self._people[pid] = Person.build(self.index, self.arrays, pid)
        return built

    def round(self, pids: list[int], wall: float) -> int:
        """Re-seat `pids`; returns the change in completed plans (never negative).

        The model is built from each person's precomputed arrays: candidates that have no seat,
        or cannot be part of a whole plan with the seats there are (no earlier prerequisite
        session, no later session of a module that needs this one), get no variable at all."""
        arrays = self.arrays
        seats = arrays.seats
        before = 0
        for pid in pids:
            held = self.held.get(pid)
            if held:
                before += 1
                for s in held:
                    seats[arrays.position[s]] += 1
        try:
            return self._solve_round(pids, wall, before)
        finally:
            for pid in pids:
                for s in self.held.get(pid, ()):
                    seats[arrays.position[s]] -= 1

    def _solve_round(self, pids: list[int], wall: float, before: int) -> int:
        arrays = self.arrays
        seats = arrays.seats
        model = cp_model.CpModel()
        chosen: list[tuple[int, np.ndarray, list[cp_model.IntVar]]] = []  # pid, session positions, variables
        done: list[cp_model.IntVar] = []
        by_session: dict[int, list[cp_model.IntVar]] = defaultdict(list)
        for pid in pids:
            person = self._person(pid)
            if person is None:
                continue
            alive = person.alive(seats)
            if alive is None:
                continue
            d = model.new_bool_var("")
            done.append(d)
            local = np.flatnonzero(alive)
            variables: dict[int, cp_model.IntVar] = {}
            sessions = person.sessions
            for i in local.tolist():
                var = variables[i] = model.new_bool_var("")
                by_session[int(sessions[i])].append(var)
            for a, b in person.blocks:
                model.add(cp_model.LinearExpr.sum([variables[i] for i in range(a, b) if alive[i]]) == d)
            if len(person.clash_a):
                both = alive[person.clash_a] & alive[person.clash_b]
                for i, j in zip(person.clash_a[both].tolist(), person.clash_b[both].tolist(), strict=True):
                    model.add_at_most_one(variables[i], variables[j])
            for a, b, c, _, ks in person.precedences:
                earlier_alive = alive[c : c + int(ks.max(initial=0))]
                for i in range(a, b):
                    if alive[i]:
                        earlier = np.flatnonzero(earlier_alive[: int(ks[i - a])]).tolist()
                        model.add_bool_or([variables[i].negated(), *(variables[c + j] for j in earlier)])
            held = self.held.get(pid)
            if held:
                mine = {arrays.position[s] for s in held}
                for i, var in variables.items():
                    model.add_hint(var, 1 if int(sessions[i]) in mine else 0)
                model.add_hint(d, 1)
            else:
                model.add_hint(d, 0)
                for var in variables.values():
                    model.add_hint(var, 0)
            chosen.append((pid, sessions[local], [variables[i] for i in local.tolist()]))
        for s, vars_ in by_session.items():
            if len(vars_) > seats[s]:
                model.add(cp_model.LinearExpr.sum(vars_) <= int(seats[s]))
        model.maximize(cp_model.LinearExpr.sum(done))
        solver = cp_model.CpSolver()
        # one worker: rounds are small and short, a second thread only costs (the portfolio pays
        # off on whole groups, see Options.max_group_parallel)
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = self.options.random_seed + self.rounds
        solver.parameters.max_time_in_seconds = max(0.05, wall)
        status = solver.solve(model)
        self.rounds += 1
        self.last_optimal = status == cp_model.OPTIMAL
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE) or solver.objective_value < before:
            return 0
        session_ids = arrays.ids
        # seats: round() gives the freed seats back before taking the new ones
        for pid in pids:
            for s in self.held.pop(pid, ()):
                self.holders[s].discard(pid)
        for pid, positions, person_vars in chosen:
            taken = [int(session_ids[s]) for s, var in zip(positions.tolist(), person_vars, strict=True)
                     if solver.boolean_value(var)]
            if taken:
                self.held[pid] = taken
                for s in taken:
                    self.holders[s].add(pid)
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
    size: int = 60,
    on_round: Callable[[Search], None] | None = None,
    bound: int | None = None,
) -> Search:
    """Improve `start` (whole plans only) until `deadline` (time.perf_counter()), or until it
    holds `bound` whole plans (a proven upper bound: nothing left to gain).

    A round that runs out of time makes the next neighbourhood smaller (down to a third of
    `size`), one CP-SAT proves optimal larger again (up to `size`). Measured at 50,000 (peaks):
    small neighbourhoods solved to optimality gain most per second; growing them past 60
    people (rounds still proved optimal, but slower) gained less than half as much."""
    state = Search(index, start, options)
    if not state.groups:
        return state
    current = float(size)
    while True:
        left = deadline - time.perf_counter()
        if left < 0.2 or (bound is not None and state.completed >= bound):
            break
        kind, pids = state.neighbourhood(int(current))
        if len(pids) < 2:
            state.rounds += 1
            continue
        gain = state.round(pids, min(left - 0.1, max(0.05, options.lns_round_seconds)))
        state.kinds[kind] += gain
        current = min(float(size), current * 1.1) if state.last_optimal else max(size / 3.0, current * 0.9)
        state.sizes.append(len(pids))
        if on_round is not None:
            on_round(state)
    return state
