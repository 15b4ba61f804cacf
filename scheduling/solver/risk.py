"""One person's plan at risk, judged alone: the verdict the at-risk page and the case file store.

`explain` run on an instance that holds only this person and the sessions of their plan
modules, each session's seats reduced by what *other* people hold there. So the verdict does
not depend on who else is computed in the same batch: a change that recomputes three people
and a full rebuild of everyone give the same answer (the property the product tests).

A session the person holds (enrolment or pin) that ends after their departure does not count
as done: the optimiser's `current_schedule` counted it, which is why moving a departure
earlier left the at-risk page silent while the departure page listed the modules.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from scheduling.solver.model import Instance, Module, Participant, Session, Solution, weekday_of
from scheduling.solver.reasons import Reason, _overlap, blocking, explain

Facts = dict[int, tuple[int, int, int]]  # session id → (first day, last day, weekday bit mask)


def _facts(session: Session, cache: Facts) -> tuple[int, int, int]:
    found = cache.get(session.id)
    if found is None:
        mask = 0
        for meeting in session.meetings:
            mask |= 1 << weekday_of(meeting.day)
        found = (session.first_day, session.last_day, mask)
        cache[session.id] = found
    return found


def _witnesses(person: Participant, sessions: list[Session], modules: dict[int, Module], kept: set[int],
               free: dict[int, int], cache: Facts) -> list[Session]:
    """At most a handful of sessions per module on which `explain` answers exactly as on all of
    them: explain asks, module by module, only whether some session is offered, reachable,
    timely, on free weekdays, with a seat, fitting; for prerequisites the latest start among
    the free-weekday ones and the earliest end among the reachable ones. One witness each keeps
    every answer (and explain then costs microseconds, not a pass over thousands of sessions)."""
    allowed = 0
    for day in person.weekdays:
        allowed |= 1 << day
    have = {s.module: s for s in sessions if s.id in kept}
    keep: dict[int, Session] = {s.id: s for s in sessions if s.id in kept}
    by_module: dict[int, list[Session]] = {}
    for s in sessions:
        by_module.setdefault(s.module, []).append(s)
    for m, options in by_module.items():
        any_offered = reachable = timely = latest_free = with_seat = fitting = earliest_end = None
        needs = modules[m].prerequisites if m in modules else ()
        after = [have[q] for q in needs if q in have and q in person.modules]
        for s in options:
            first, last, mask = _facts(s, cache)
            any_offered = any_offered or s
            if s.site not in person.sites:
                continue
            reachable = reachable or s
            if first >= person.earliest_start and (earliest_end is None or last < _facts(earliest_end, cache)[1]):
                earliest_end = s
            if first < person.earliest_start or last > person.departure:
                continue
            timely = timely or s
            if mask & ~allowed:
                continue
            if latest_free is None or first > _facts(latest_free, cache)[0]:
                latest_free = s
            if free.get(s.id, 0) <= 0 or s.id in kept:
                continue
            with_seat = with_seat or s
            if fitting is None and all(_facts(h, cache)[1] < first for h in after) and not any(
                _overlap(s, keep[t]) for t in kept if t in keep
            ):
                fitting = s
        for found in (any_offered, reachable, timely, latest_free, fitting or with_seat, earliest_end):
            if found is not None:
                keep[found.id] = found
    return [keep[sid] for sid in sorted(keep)]


def person_risk(
    person: Participant,
    sessions: Iterable[Session],
    modules: Iterable[Module],
    taken: Mapping[int, int],
    cache: Facts | None = None,
) -> list[Reason]:
    """The reasons that stop `person`'s plan as things stand ([] when it can still finish).

    `sessions`: those of the person's plan modules that can take people (and the ones the
    person holds, in `person.pins`); `taken[s]`: seats of session s held by anyone, the person
    included; `cache`: session facts kept between calls (first, last day, weekdays)."""
    cache = {} if cache is None else cache
    held = set(person.pins)
    own = [s for s in sessions if s.meetings]
    kept = {s.id for s in own if s.id in held and _facts(s, cache)[1] <= person.departure}
    free = {s.id: s.capacity - (taken.get(s.id, 0) - (1 if s.id in held else 0)) for s in own}
    module_of = {m.id: m for m in modules}
    alone = replace(person, pins=tuple(sorted(kept)))
    done = bool(alone.modules) and set(alone.modules) <= {s.module for s in own if s.id in kept}
    if done:
        return []
    small = _witnesses(alone, own, module_of, kept, free, cache)
    seats = tuple(replace(s, capacity=max(0, free[s.id])) for s in small)
    current = Solution(method="current", assignments=tuple((alone.id, s) for s in sorted(kept)), completed=(),
                       hours=0.0)
    instance = Instance(modules=tuple(module_of.values()), sessions=seats, participants=(alone,))
    return blocking(explain(instance, current).get(alone.id, []))
