"""Baselines: enrol people one after another, each module in the earliest-ending session that fits.

First-come-first-served takes participants in instance order (intake order); earliest-
departure-first by departure. Like a counsellor at the enrolment desk, a greedy keeps the
modules it could place even when the whole plan does not fit.

The whole-plan greedy is what a careful coordinator does instead: earliest departure first,
module by module in prerequisite order, and a person gets seats only if the whole plan fits
(otherwise the seats go back). It is much stronger where seats are scarce at the entry modules.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from scheduling.solver.model import Instance, Participant, Solution
from scheduling.solver.prepare import Index, score


def greedy_assign(
    index: Index, people: Iterable[Participant], seats: dict[int, int]
) -> list[tuple[int, int]]:
    """New assignments for `people` in the given order; takes seats from `seats` (changed in place)."""
    result: list[tuple[int, int]] = []
    for p in people:
        pinned = index.pinned_module[p.id]
        ends: dict[int, int] = {m: index.last[s] for m, s in pinned.items()}
        chosen: list[int] = list(pinned.values())
        for m in index.topological(p):
            if m in pinned:
                continue
            prerequisites = index.prerequisites_in_plan(p, m)
            if any(q not in ends for q in prerequisites):
                continue
            not_before = max((ends[q] for q in prerequisites), default=-1)
            for s in index.candidates[p.id].get(m, ()):
                if seats[s] <= 0 or index.first[s] <= not_before:
                    continue
                if any(index.clash(s, other) for other in chosen):
                    continue
                seats[s] -= 1
                chosen.append(s)
                ends[m] = index.last[s]
                result.append((p.id, s))
                break
    return result


def whole_plans_assign(
    index: Index, people: Iterable[Participant], seats: dict[int, int]
) -> tuple[list[tuple[int, int]], list[Participant]]:
    """Seat whole plans only, in the given order; returns the assignments and the people left out."""
    result: list[tuple[int, int]] = []
    left: list[Participant] = []
    for p in people:
        if not index.can_complete(p):
            left.append(p)
            continue
        new = greedy_assign(index, [p], seats)
        placed = {index.sessions[s].module for _, s in new} | set(index.pinned_module[p.id])
        if set(p.modules) <= placed:
            result.extend(new)
        else:
            for _, s in new:
                seats[s] += 1
            left.append(p)
    return result, left


def greedy_whole_edf(instance: Instance, index: Index | None = None) -> Solution:
    """Whole plans only, earliest departure first (ties: shorter plan, then id)."""
    started = time.perf_counter()
    index = index or Index(instance)
    people = sorted(instance.participants, key=lambda p: (p.departure, p.id))
    new, _ = whole_plans_assign(index, people, dict(index.free))
    return score(index, pins_of(index) + new, "greedy_whole_edf", seconds=time.perf_counter() - started)


def pins_of(index: Index) -> list[tuple[int, int]]:
    return [(p.id, s) for p in index.instance.participants for s in p.pins if s in index.sessions]


def greedy_fcfs(instance: Instance, index: Index | None = None) -> Solution:
    started = time.perf_counter()
    index = index or Index(instance)
    new = greedy_assign(index, instance.participants, dict(index.free))
    return score(index, pins_of(index) + new, "greedy_fcfs", seconds=time.perf_counter() - started)


def greedy_edf(instance: Instance, index: Index | None = None) -> Solution:
    started = time.perf_counter()
    index = index or Index(instance)
    people = sorted(instance.participants, key=lambda p: (p.departure, p.id))
    new = greedy_assign(index, people, dict(index.free))
    return score(index, pins_of(index) + new, "greedy_edf", seconds=time.perf_counter() - started)
