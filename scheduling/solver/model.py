"""The scheduler's plain data: what goes in (an Instance) and what comes out (a Solution).

Days are proleptic Gregorian ordinals (`datetime.date.toordinal()`), times minutes after
midnight, so the solver needs no calendar and no Django. Ids are the database ids.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

ALL_WEEKDAYS: frozenset[int] = frozenset(range(7))


def weekday_of(day: int) -> int:
    """0 = Monday, as `datetime.date.weekday()`."""
    return (day - 1) % 7


def day_of(date: dt.date) -> int:
    return date.toordinal()


def date_of(day: int) -> dt.date:
    return dt.date.fromordinal(day)


@dataclass(frozen=True, order=True)
class Meeting:
    day: int
    start: int  # minutes after midnight
    end: int


@dataclass(frozen=True)
class Module:
    id: int
    code: str
    hours: float
    prerequisites: tuple[int, ...] = ()


@dataclass(frozen=True)
class Session:
    id: int
    module: int
    site: int
    meetings: tuple[Meeting, ...]
    #: seats open to the participants of the instance (their pins included)
    capacity: int

    @property
    def first_day(self) -> int:
        return min(m.day for m in self.meetings)

    @property
    def last_day(self) -> int:
        return max(m.day for m in self.meetings)


@dataclass(frozen=True)
class Participant:
    id: int
    #: plan modules in plan order (prerequisites first)
    modules: tuple[int, ...]
    #: hard deadline: every session must end on or before this day
    departure: int
    sites: frozenset[int]
    earliest_start: int = 0
    weekdays: frozenset[int] = ALL_WEEKDAYS
    #: sessions that must be kept (existing enrolments, manual pins)
    pins: tuple[int, ...] = ()


@dataclass(frozen=True)
class Instance:
    modules: tuple[Module, ...]
    sessions: tuple[Session, ...]
    participants: tuple[Participant, ...]


@dataclass(frozen=True)
class Options:
    time_limit: float = 10.0  # wall-clock seconds for the whole optimisation
    #: deterministic time units per participant (CP-SAT's own clock): same input, same answer
    deterministic_time_per_participant: float = 0.02
    random_seed: int = 7
    #: one worker: with a deterministic time limit CP-SAT then answers the same every time. Two or
    #: more run CP-SAT's parallel portfolio on whole groups up to `max_group_parallel` (far better
    #: at 5,000, see there; which worker finds what first depends on timing, so not repeatable)
    num_workers: int = 1
    #: interacting groups up to this size are solved whole by CP-SAT; an instance with a larger
    #: one goes to LNS over the whole incumbent (measured at 5,000, 60 s: peaks 3,316 → 3,518,
    #: chains 2,048 in 108 s → 2,142 in 54 s; today and narrow unchanged, their groups are small)
    max_block: int = 300
    #: with two or more workers, groups up to this size are solved whole by CP-SAT's parallel
    #: portfolio (its own LNS and local search run beside the main search; with one worker they do
    #: not run at all). Measured at 5,000, 60 s, 2 workers, groups of 650-860 people: peaks 3,680
    #: of the bound 3,685 (our LNS: 3,582), chains 2,304 of 2,356 (our LNS: 2,178)
    max_group_parallel: int = 2_000
    #: solve the second level (hours, earlier departure) after the first (completed plans)
    second_level: bool = True
    #: large-neighbourhood search (instances with a group above max_block): people per round
    lns_size: int = 60
    #: wall-clock seconds CP-SAT may take per round
    lns_round_seconds: float = 0.5


@dataclass(frozen=True)
class Progress:
    fraction: float  # 0..1 of the work
    best_completed: int  # completed plans in the best solution so far
    bound: int | None  # upper bound on completed plans, when known
    message: str = ""


@dataclass(frozen=True)
class Solution:
    method: str
    #: (participant id, session id), sorted; pins included
    assignments: tuple[tuple[int, int], ...]
    completed: tuple[int, ...]  # participant ids whose whole plan is scheduled
    hours: float  # module hours scheduled (plan modules only)
    seconds: float = 0.0
    status: str = ""
    blocks: int = 1
    stats: dict[str, float] = field(default_factory=dict, compare=False)

    @property
    def completed_count(self) -> int:
        return len(self.completed)

    def sessions_of(self, participant: int) -> list[int]:
        return [s for p, s in self.assignments if p == participant]
