"""Shared groundwork for the greedy, the optimiser and the bound: who could sit in which session.

A candidate is a session a participant could join for a plan module on its own: right
module, reachable site, weekdays the participant is free, starts on or after the earliest
start, ends on or before departure, clashes with none of the participant's pins, and leaves
room for each prerequisite (pinned ones or some candidate of it) to finish first.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable

from scheduling.solver.model import ALL_WEEKDAYS, Instance, Participant, Session, Solution, weekday_of

#: pairs of sessions whose clash answer is remembered (about 100 bytes each)
CLASH_CACHE = 1_000_000


class Index:
    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.modules = {m.id: m for m in instance.modules}
        self.sessions = {s.id: s for s in instance.sessions}
        self.participants = {p.id: p for p in instance.participants}
        self.first = {s.id: s.first_day for s in instance.sessions}
        self.last = {s.id: s.last_day for s in instance.sessions}
        self._days: dict[int, dict[int, list[tuple[int, int]]]] = {}
        for s in instance.sessions:
            by_day: dict[int, list[tuple[int, int]]] = defaultdict(list)
            for m in s.meetings:
                by_day[m.day].append((m.start, m.end))
            self._days[s.id] = dict(by_day)
        self._clash: dict[tuple[int, int], bool] = {}
        self.by_module: dict[int, list[Session]] = defaultdict(list)
        #: (module, site) -> sessions by end day: candidates stop at the first one ending too late
        self._by_module_site: dict[tuple[int, int], list[Session]] = defaultdict(list)
        self._weekdays: dict[int, frozenset[int]] = {}
        for s in sorted(instance.sessions, key=lambda s: (s.last_day, s.first_day, s.id)):
            self.by_module[s.module].append(s)
            self._by_module_site[(s.module, s.site)].append(s)
            self._weekdays[s.id] = frozenset(weekday_of(meeting.day) for meeting in s.meetings)
        #: per (module, site), in the same order: end days, start days, ids (the fast candidate path)
        self._columns = {
            key: ([x.last_day for x in found], [x.first_day for x in found], [x.id for x in found])
            for key, found in self._by_module_site.items()
        }
        self.pinned_module: dict[int, dict[int, int]] = {}
        self.pin_count: dict[int, int] = defaultdict(int)
        for p in instance.participants:
            pm: dict[int, int] = {}
            for sid in p.pins:
                if sid in self.sessions:
                    pm[self.sessions[sid].module] = sid
                    self.pin_count[sid] += 1
            self.pinned_module[p.id] = pm
        #: seats left for new assignments once pins are seated
        self.free = {s.id: max(0, s.capacity - self.pin_count[s.id]) for s in instance.sessions}
        self.candidates: dict[int, dict[int, list[int]]] = {
            p.id: self._candidates_of(p) for p in instance.participants
        }

    def clash(self, a: int, b: int) -> bool:
        """Do two sessions have meetings at overlapping times on a common day?"""
        if a == b:
            return True
        key = (a, b) if a < b else (b, a)
        hit = self._clash.get(key)
        if hit is None:
            hit = False
            if self.first[a] <= self.last[b] and self.first[b] <= self.last[a]:
                da, db = self._days[a], self._days[b]
                if len(db) < len(da):
                    da, db = db, da
                for day, slots in da.items():
                    other = db.get(day)
                    if other and any(s1 < e2 and s2 < e1 for s1, e1 in slots for s2, e2 in other):
                        hit = True
                        break
            if len(self._clash) >= CLASH_CACHE:
                # LNS asks about ever new pairs; an unbounded cache grew past a gigabyte at 50,000
                self._clash.clear()
            self._clash[key] = hit
        return hit

    def prerequisites_in_plan(self, participant: Participant, module: int) -> list[int]:
        plan = set(participant.modules)
        found = self.modules.get(module)
        return [q for q in (found.prerequisites if found else ()) if q in plan and q != module]

    def _candidates_of(self, p: Participant) -> dict[int, list[int]]:
        pinned = self.pinned_module[p.id]
        if not pinned and p.weekdays >= ALL_WEEKDAYS:
            return self._free_candidates_of(p)
        return self._checked_candidates_of(p)

    def _checked_candidates_of(self, p: Participant) -> dict[int, list[int]]:
        """Every rule checked session by session."""
        pinned = self.pinned_module[p.id]
        result: dict[int, list[int]] = {}
        for m in self._topological(p):
            if m in pinned:
                continue
            found: list[Session] = []
            for site in sorted(p.sites):
                for s in self._by_module_site.get((m, site), ()):
                    if s.last_day > p.departure:
                        break
                    if s.first_day < p.earliest_start:
                        continue
                    if not self._weekdays[s.id] <= p.weekdays:
                        continue
                    if pinned and any(self.clash(s.id, pin) for pin in pinned.values()):
                        continue
                    if not self._prerequisites_fit(p, m, s.first_day, pinned, result):
                        continue
                    found.append(s)
            if len(p.sites) > 1:
                found.sort(key=lambda s: (s.last_day, s.first_day, s.id))
            result[m] = [s.id for s in found]
        return result

    def _free_candidates_of(self, p: Participant) -> dict[int, list[int]]:
        """`_candidates_of` for someone with no pins, free every day: then the rules are a window
        of start days (from the earliest start, after the earliest end of each prerequisite) and
        an end by the departure, read off columns sorted by end day (at 50,000 on the chains family,
        17 million candidates: 96 s one by one)."""
        result: dict[int, list[int]] = {}
        for m in self._topological(p):
            lowest: int | None = p.earliest_start
            for q in self.prerequisites_in_plan(p, m):
                options = result.get(q)
                if not options:
                    lowest = None
                    break
                lowest = max(p.earliest_start if lowest is None else lowest, self.last[options[0]] + 1)
            if lowest is None:
                result[m] = []
                continue
            found: list[int] = []
            for site in sorted(p.sites):
                columns = self._columns.get((m, site))
                if columns is None:
                    continue
                lasts, firsts, ids = columns
                k = bisect_right(lasts, p.departure)
                found.extend([sid for sid, first in zip(ids[:k], firsts[:k], strict=True) if first >= lowest])
            if len(p.sites) > 1:
                found.sort(key=lambda sid: (self.last[sid], self.first[sid], sid))
            result[m] = found
        return result

    def _prerequisites_fit(
        self, p: Participant, module: int, start: int, pinned: dict[int, int], found: dict[int, list[int]]
    ) -> bool:
        for q in self.prerequisites_in_plan(p, module):
            if q in pinned:
                if self.last[pinned[q]] >= start:
                    return False
            else:
                options = found.get(q)
                # options are sorted by end day: the first one ends earliest
                if not options or self.last[options[0]] >= start:
                    return False
        return True

    def _topological(self, p: Participant) -> list[int]:
        """Plan modules with every in-plan prerequisite first (plan order breaks ties)."""
        order: list[int] = []
        seen: set[int] = set()

        def visit(m: int, stack: frozenset[int]) -> None:
            if m in seen or m in stack:
                return
            for q in self.prerequisites_in_plan(p, m):
                visit(q, stack | {m})
            seen.add(m)
            order.append(m)

        for m in dict.fromkeys(p.modules):
            visit(m, frozenset())
        return order

    def topological(self, p: Participant) -> list[int]:
        return self._topological(p)

    def can_complete(self, p: Participant) -> bool:
        pinned = self.pinned_module[p.id]
        return all(m in pinned or self.candidates[p.id].get(m) for m in set(p.modules))

    def components(self, participants: Iterable[Participant] | None = None) -> list[list[int]]:
        """Participants that share no candidate session can be solved apart, exactly."""
        people = list(participants if participants is not None else self.instance.participants)
        parent: dict[int, int] = {p.id: p.id for p in people}

        def find(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        owner: dict[int, int] = {}
        for p in people:
            for options in self.candidates[p.id].values():
                for s in options:
                    if s in owner:
                        a, b = find(owner[s]), find(p.id)
                        if a != b:
                            parent[max(a, b)] = min(a, b)
                    else:
                        owner[s] = p.id
        groups: dict[int, list[int]] = defaultdict(list)
        for p in people:
            groups[find(p.id)].append(p.id)
        return sorted(groups.values(), key=lambda g: g[0])


def score(index: Index, assignments: Iterable[tuple[int, int]], method: str, **extra: object) -> Solution:
    """Completed plans and hours of a set of assignments (assumed valid), as a Solution."""
    pairs = tuple(sorted(set(assignments)))
    modules_of: dict[int, set[int]] = defaultdict(set)
    for pid, sid in pairs:
        modules_of[pid].add(index.sessions[sid].module)
    completed: list[int] = []
    hours = 0.0
    for p in index.instance.participants:
        got = modules_of.get(p.id, set())
        plan = set(p.modules)
        hours += sum(index.modules[m].hours for m in plan & got if m in index.modules)
        if plan and plan <= got:
            completed.append(p.id)
    return Solution(method=method, assignments=pairs, completed=tuple(sorted(completed)), hours=round(hours, 3),
                    **extra)  # type: ignore[arg-type]


def rank_key(index: Index, solution: Solution) -> tuple[int, float, int]:
    """The lexicographic objective as a sortable key: plans, hours, earlier departures first."""
    departures = sorted({p.departure for p in index.instance.participants})
    rank = {d: len(departures) - i for i, d in enumerate(departures)}
    tie = sum(rank[index.participants[p].departure] for p in solution.completed)
    return (solution.completed_count, round(solution.hours, 3), tie)
