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
from bisect import bisect_left
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


def cheapest_plan(
    index: Index, p: Participant, seats: dict[int, int], price: dict[int, float]
) -> list[int] | None:
    """The person's whole plan of least total price among sessions with a free seat, or None.

    Modules in prerequisite order; a session of a module follows the cheapest session of its
    (first) prerequisite that ends before it starts, ties going to the earliest end. A plan that
    breaks a rule the recursion does not see (a second prerequisite, a clash) is None."""
    pinned = index.pinned_module[p.id]
    #: module -> its sessions with a seat by end day, as (cost of the cheapest way there, session, link)
    reach: dict[int, list[tuple[float, int, int | None]]] = {}
    linked: dict[int, int] = {}
    for m, options in index.candidates[p.id].items():
        open_ = [s for s in options if seats[s] > 0]
        before = [q for q in index.prerequisites_in_plan(p, m) if q not in pinned]
        rows: list[tuple[float, int, int | None]] = []
        if before:
            q = linked[m] = before[0]
            ends: list[int] = []
            lowest: list[tuple[float, int]] = []
            for cost, t, _ in reach[q]:
                if not lowest or cost < lowest[-1][0]:
                    lowest.append((cost, t))
                else:
                    lowest.append(lowest[-1])
                ends.append(index.last[t])
            for s in open_:
                k = bisect_left(ends, index.first[s])
                if k:
                    cost, t = lowest[k - 1]
                    rows.append((cost + price.get(s, 0.0), s, t))
        else:
            rows = [(price.get(s, 0.0), s, None) for s in open_]
        if not rows:
            return None
        rows.sort(key=lambda row: index.last[row[1]])
        reach[m] = rows
    chosen: dict[int, int] = {}
    for last in reversed(list(reach)):
        if last in chosen:
            continue
        _, session, link = min(reach[last], key=lambda row: (row[0], index.last[row[1]]))
        chosen[last] = session
        m = last
        while link is not None and m in linked:
            m = linked[m]
            if m in chosen:
                break
            chosen[m] = link
            link = next(row[2] for row in reach[m] if row[1] == link)
    for m, s in chosen.items():
        for q in index.prerequisites_in_plan(p, m):
            end = index.last[pinned[q]] if q in pinned else index.last[chosen[q]]
            if end >= index.first[s]:
                return None
    sessions = list(chosen.values())
    held = sessions + list(pinned.values())
    if any(index.clash(a, b) for i, a in enumerate(held) for b in held[i + 1 :]):
        return None
    return sessions


def priced_whole_plans(
    index: Index, people: Iterable[Participant], seats: dict[int, int], price: dict[int, float]
) -> tuple[list[tuple[int, int]], list[Participant]]:
    """Whole plans only, in the given order, each person in their cheapest plan at the given seat
    prices (from `bound.lagrangian_bound`: what a seat is worth to everyone else); where that plan
    breaks a rule, the earliest-ending one as `whole_plans_assign`. Seats change in place.

    Measured at 5,000 people, earliest departure first: peaks 3,547 whole plans (earliest-ending
    sessions: 3,316), chains 2,288 (2,048), today 1,552 (1,569)."""
    result: list[tuple[int, int]] = []
    left: list[Participant] = []
    for p in people:
        if not index.can_complete(p):
            left.append(p)
            continue
        sessions = cheapest_plan(index, p, seats, price)
        if sessions is None:
            new, rest = whole_plans_assign(index, [p], seats)
            result.extend(new)
            left.extend(rest)
            continue
        for s in sessions:
            seats[s] -= 1
            result.append((p.id, s))
    return result, left


def plan_fits(index: Index, p: Participant, sessions: list[int], seats: dict[int, int]) -> bool:
    """Whether `sessions` are a whole plan for `p` that breaks no rule: one candidate session of
    every module not pinned, each with a seat, prerequisites finished first, no two meeting at once."""
    pinned = index.pinned_module[p.id]
    by_module = {index.sessions[s].module: s for s in sessions}
    if len(by_module) != len(sessions) or set(by_module) != set(index.candidates[p.id]):
        return False
    for m, s in by_module.items():
        if seats[s] <= 0 or s not in index.candidates[p.id][m]:
            return False
        for q in index.prerequisites_in_plan(p, m):
            if (index.last[pinned[q]] if q in pinned else index.last[by_module[q]]) >= index.first[s]:
                return False
    held = sessions + list(pinned.values())
    return not any(index.clash(a, b) for i, a in enumerate(held) for b in held[i + 1 :])


def lp_rounded(
    index: Index, plans: Iterable[tuple[list[int], list[int], float]], seats: dict[int, int],
    price: dict[int, float],
) -> tuple[list[tuple[int, int]], list[Participant]]:
    """Whole plans after the LP over whole plans (`bound.lagrangian_bound`'s `plans_out`: a class
    of people alike, a plan, how many of them take it, fractional): first the whole people of
    every plan, most taken first; then one more person for the plans with the largest fractions
    while their seats last; everyone left as `priced_whole_plans` at the LP's seat prices, earliest
    departure first. Members of a class are seated earliest departure first. Seats change in place."""
    plans = list(plans)
    waiting: dict[int, list[Participant]] = {}
    for members, _, _ in plans:
        if members[0] not in waiting:
            waiting[members[0]] = sorted((index.participants[pid] for pid in members),
                                         key=lambda p: (p.departure, p.id))
    result: list[tuple[int, int]] = []

    def seat(members: list[int], sessions: list[int], count: int) -> None:
        queue = waiting[members[0]]
        while count > 0 and queue and plan_fits(index, queue[0], sessions, seats):
            p = queue.pop(0)
            for s in sessions:
                seats[s] -= 1
                result.append((p.id, s))
            count -= 1

    for members, sessions, z in sorted(plans, key=lambda plan: -plan[2]):
        seat(members, sessions, int(z + 1e-6))
    for members, sessions, z in sorted(plans, key=lambda plan: int(plan[2] + 1e-6) - plan[2]):
        if z - int(z + 1e-6) > 1e-6:
            seat(members, sessions, 1)
    seated = {pid for pid, _ in result}
    rest = sorted((p for p in index.instance.participants if p.id not in seated), key=lambda p: (p.departure, p.id))
    more, left = priced_whole_plans(index, rest, seats, price)
    return result + more, left
