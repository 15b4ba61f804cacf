"""Session planning: which extra sessions would complete the most additional plans.

Between the database and `solver.propose_sessions`. Candidates are module × site × start
week for the modules people still need, at the sites they can reach, in the next few weeks:

- the timetable (meeting weekdays, daily hours, length in weeks) and the seats copy the
  latest session of the module at that site (else at any site); without one, Monday to
  Friday 8:30–14:30 for as many days as the module's hours need, 10 seats;
- an instructor of the site who may teach the trade (`accounts.selectors.instructor_teaches_trade`)
  and has no meeting at an overlapping time on any of the days;
- the trade's workshop at the site is free: no other session of the trade meets there at an
  overlapping time on any of the days (one workshop per trade and site).

Nothing is written here: the page offers each proposal as a prefilled "create session" form
that goes through `services.session_create`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass

from accounts.models import Role, Site, User
from accounts.selectors import instructor_teaches_trade
from catalogue.models import Module
from participants.models import Participant
from scheduling import optimiser, solver
from scheduling.closures import site_closed_days
from scheduling.models import Meeting, Session

DEFAULT_WEEKDAYS = (0, 1, 2, 3, 4)
DEFAULT_STARTS_AT = dt.time(8, 30)
DEFAULT_ENDS_AT = dt.time(14, 30)
DEFAULT_CAPACITY = 10


@dataclass(frozen=True)
class PlannedSession:
    """A session that could be created: everything `services.session_create` needs."""

    key: str
    module: Module
    site: Site
    instructor: User
    starts_on: dt.date
    ends_on: dt.date
    weekdays: tuple[int, ...]
    starts_at: dt.time
    ends_at: dt.time
    capacity: int

    def days(self) -> list[dt.date]:
        """The meeting days session_create would make: the weekdays, without closed days."""
        span = (self.ends_on - self.starts_on).days + 1
        every_day = (self.starts_on + dt.timedelta(days=n) for n in range(span))
        closed = site_closed_days(site=self.site, start=self.starts_on, end=self.ends_on)
        return [day for day in every_day if day.weekday() in self.weekdays and day not in closed]

    def as_candidate(self) -> solver.Candidate:
        start = self.starts_at.hour * 60 + self.starts_at.minute
        end = self.ends_at.hour * 60 + self.ends_at.minute
        meetings = tuple(solver.Meeting(day.toordinal(), start, end) for day in self.days())
        return solver.Candidate(self.key, self.module.pk, self.site.pk, meetings, self.capacity)


@dataclass(frozen=True)
class SessionProposal:
    planned: PlannedSession
    additional_plans: int
    #: whose whole plan this session lets finish before departure, by departure
    participants: list[Participant]


@dataclass(frozen=True)
class _Pattern:
    weekdays: tuple[int, ...]
    starts_at: dt.time
    ends_at: dt.time
    weeks: int
    capacity: int


def _default_pattern(module: Module) -> _Pattern:
    hours_per_day = 6.0
    days = max(1, math.ceil(float(module.hours) / hours_per_day))
    return _Pattern(DEFAULT_WEEKDAYS, DEFAULT_STARTS_AT, DEFAULT_ENDS_AT, max(1, math.ceil(days / 5)), DEFAULT_CAPACITY)


def _patterns(module_ids: set[int]) -> dict[tuple[int, int | None], _Pattern]:
    """(module, site) and (module, None) → the timetable of the latest session."""
    found: dict[tuple[int, int | None], _Pattern] = {}
    sessions = Session.objects.filter(module_id__in=module_ids).prefetch_related("meetings").order_by("-starts_on")
    for session in sessions:
        meetings = list(session.meetings.all())
        if not meetings:
            continue
        # sessions meet Monday to Saturday (the session form's choices)
        weekdays = tuple(sorted({m.date.weekday() for m in meetings} - {6})) or DEFAULT_WEEKDAYS
        pattern = _Pattern(
            weekdays,
            meetings[0].starts_at,
            meetings[0].ends_at,
            max(1, math.ceil(((session.ends_on - session.starts_on).days + 1) / 7)),
            session.capacity,
        )
        found.setdefault((session.module_id, session.site_id), pattern)
        found.setdefault((session.module_id, None), pattern)
    return found


_Calendar = dict[dt.date, list[tuple[dt.time, dt.time]]]


class _Busy:
    """Meetings from a day on, by instructor and by (site, trade), to find free slots."""

    def __init__(self, *, since: dt.date) -> None:
        self.instructor: dict[int, _Calendar] = defaultdict(lambda: defaultdict(list))
        self.workshop: dict[tuple[int, int], _Calendar] = defaultdict(lambda: defaultdict(list))
        rows = Meeting.objects.filter(date__gte=since).values_list(
            "date", "starts_at", "ends_at", "session__instructor_id", "session__site_id", "session__module__trade_id"
        )
        for date, starts_at, ends_at, instructor_id, site_id, trade_id in rows:
            self.instructor[instructor_id][date].append((starts_at, ends_at))
            self.workshop[(site_id, trade_id)][date].append((starts_at, ends_at))

    @staticmethod
    def _free(calendar: _Calendar, days: list[dt.date],
              starts_at: dt.time, ends_at: dt.time) -> bool:
        return not any(a < ends_at and starts_at < b for day in days for a, b in calendar.get(day, ()))

    def instructor_free(self, instructor_id: int, days: list[dt.date], starts_at: dt.time, ends_at: dt.time) -> bool:
        return self._free(self.instructor.get(instructor_id, {}), days, starts_at, ends_at)

    def workshop_free(self, site_id: int, trade_id: int, days: list[dt.date], starts_at: dt.time,
                      ends_at: dt.time) -> bool:
        return self._free(self.workshop.get((site_id, trade_id), {}), days, starts_at, ends_at)


def planning_candidates(*, instance: solver.Instance, today: dt.date, weeks: int) -> list[PlannedSession]:
    """Possible extra sessions starting on one of the next `weeks` Mondays."""
    wanted: set[tuple[int, int]] = {(m, s) for p in instance.participants for m in p.modules for s in p.sites}
    if not wanted:
        return []
    module_ids = {m for m, _s in wanted}
    modules = Module.objects.select_related("trade").in_bulk(module_ids)
    sites = Site.objects.in_bulk({s for _m, s in wanted})
    patterns = _patterns(module_ids)
    busy = _Busy(since=today)
    instructors_by_site: dict[int, list[User]] = defaultdict(list)
    for instructor in User.objects.filter(role=Role.INSTRUCTOR, is_active=True, site__in=sites).order_by(
        "last_name", "pk"
    ):
        if instructor.site_id is not None:
            instructors_by_site[instructor.site_id].append(instructor)
    teaches: dict[tuple[int, int], bool] = {}
    first_monday = today + dt.timedelta(days=7 - today.weekday())
    planned: list[PlannedSession] = []
    for module_id, site_id in sorted(wanted):
        module, site = modules.get(module_id), sites.get(site_id)
        if module is None or site is None:
            continue
        pattern = patterns.get((module_id, site_id)) or patterns.get((module_id, None)) or _default_pattern(module)
        for week in range(weeks):
            starts_on = first_monday + dt.timedelta(weeks=week)
            ends_on = starts_on + dt.timedelta(weeks=pattern.weeks, days=-1)
            trial = PlannedSession(
                key=f"{module.code}@{site.code}:{starts_on.isoformat()}", module=module, site=site,
                instructor=User(), starts_on=starts_on, ends_on=ends_on, weekdays=pattern.weekdays,
                starts_at=pattern.starts_at, ends_at=pattern.ends_at, capacity=pattern.capacity,
            )
            days = trial.days()
            if not days or not busy.workshop_free(site_id, module.trade_id, days, pattern.starts_at, pattern.ends_at):
                continue
            for instructor in instructors_by_site[site_id]:
                key = (instructor.pk, module.trade_id)
                if key not in teaches:
                    teaches[key] = instructor_teaches_trade(instructor=instructor, trade_id=module.trade_id)
                if teaches[key] and busy.instructor_free(instructor.pk, days, pattern.starts_at, pattern.ends_at):
                    planned.append(
                        PlannedSession(
                            key=trial.key, module=module, site=site, instructor=instructor, starts_on=days[0],
                            ends_on=days[-1], weekdays=pattern.weekdays, starts_at=pattern.starts_at,
                            ends_at=pattern.ends_at, capacity=pattern.capacity,
                        )
                    )
                    break
    return planned


def session_planning_proposals(
    *, today: dt.date, weeks: int = 8, limit: int = 3, time_limit: float = 1.0
) -> list[SessionProposal]:
    """Up to `limit` extra sessions, each completing the most additional plans in its round."""
    built = optimiser.instance_build(today=today)
    planned = {p.key: p for p in planning_candidates(instance=built.instance, today=today, weeks=weeks)}
    proposals = solver.propose_sessions(
        built.instance,
        [p.as_candidate() for p in planned.values()],
        limit=limit,
        options=solver.Options(time_limit=time_limit, second_level=False),
    )
    return [
        SessionProposal(
            planned=planned[proposal.candidate.key],
            additional_plans=proposal.additional_plans,
            participants=sorted(
                (built.participants[pid] for pid in proposal.newly_completed if pid in built.participants),
                key=lambda p: (p.planned_departure, p.pk),
            ),
        )
        for proposal in proposals
    ]
