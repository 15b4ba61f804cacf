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

from scheduling.solver.model import Instance, Module, Participant, Session, Solution
from scheduling.solver.reasons import Reason, blocking, explain


def person_risk(
    person: Participant,
    sessions: Iterable[Session],
    modules: Iterable[Module],
    taken: Mapping[int, int],
) -> list[Reason]:
    """The reasons that stop `person`'s plan as things stand ([] when it can still finish).

    `sessions`: those of the person's plan modules that can take people (and the ones the
    person holds, in `person.pins`); `taken[s]`: seats of session s held by anyone, the person
    included."""
    held = set(person.pins)
    own = [s for s in sessions if s.meetings]
    kept = tuple(sorted(s.id for s in own if s.id in held and s.last_day <= person.departure))
    seats = tuple(
        replace(s, capacity=max(0, s.capacity - (taken.get(s.id, 0) - (1 if s.id in held else 0)))) for s in own
    )
    alone = replace(person, pins=kept)
    modules_of = {s.id: s.module for s in own}
    done = bool(alone.modules) and set(alone.modules) <= {modules_of[s] for s in kept}
    current = Solution(
        method="current", assignments=tuple((alone.id, s) for s in kept),
        completed=(alone.id,) if done else (), hours=0.0,
    )
    instance = Instance(modules=tuple(modules), sessions=seats, participants=(alone,))
    return blocking(explain(instance, current).get(alone.id, []))
