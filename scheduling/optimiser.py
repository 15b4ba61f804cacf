"""Between the database and the pure solver: build an Instance, run it, store the proposal.

Who is considered: participants with an agreed (final) plan whose departure is today or
later and who have not left the programme early (no `participants.ProgrammeExit`, whatever
its date: it is recorded once they are gone, and undone if they come back). Their existing
enrolments and manual pins are kept; new enrolments only go into sessions that start after
today. Seats held by people outside the instance (also enrolments someone who left still
holds) are subtracted.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Prefetch, Q

from assessments.models import Availability
from participants.models import Participant
from plans.models import PlanItem, PlanStatus
from scheduling import solver
from scheduling.closures import site_closed_days
from scheduling.models import Enrolment, Pin, SchedulingProfile, Session
from scheduling.solver.bound import class_bound
from scheduling.solver.prepare import Index, score


@dataclass
class Built:
    instance: solver.Instance
    participants: dict[int, Participant]
    sessions: Mapping[int, Session]


def instance_build(*, today: dt.date, participant_ids: list[int] | None = None) -> Built:
    people_qs = (
        Participant.objects.filter(
            plans__status=PlanStatus.FINAL, planned_departure__gte=today, programme_exit__isnull=True
        )
        .select_related("site")
        .prefetch_related(
            Prefetch(
                "plans__items",
                queryset=PlanItem.objects.filter(plan__status=PlanStatus.FINAL)
                .select_related("module")
                .order_by("position"),
            )
        )
        .distinct()
    )
    if participant_ids is not None:
        people_qs = people_qs.filter(pk__in=participant_ids)
    people = {p.pk: p for p in people_qs}
    profiles = {profile.participant_id: profile for profile in SchedulingProfile.objects.filter(participant__in=people)}
    # Days available and reachable sites: the counsellor's record in assessments (one source).
    availabilities = {
        availability.participant_id: availability
        for availability in Availability.objects.filter(participant__in=people).prefetch_related("sites")
    }
    pins: dict[int, set[int]] = defaultdict(set)
    for participant_id, session_id in Enrolment.objects.filter(participant__in=people).values_list(
        "participant_id", "session_id"
    ):
        pins[participant_id].add(session_id)
    for participant_id, session_id in Pin.objects.filter(participant__in=people).values_list(
        "participant_id", "session_id"
    ):
        pins[participant_id].add(session_id)
    pinned_ids = {s for ids in pins.values() for s in ids}
    sessions_qs = (
        Session.objects.filter(Q(starts_on__gt=today) | Q(pk__in=pinned_ids))
        .select_related("module", "site")
        .prefetch_related("meetings", "module__prerequisites")
        .annotate(outside=Count("enrolments", filter=~Q(enrolments__participant__in=list(people))))
    )
    sessions = {s.pk: s for s in sessions_qs}
    modules: dict[int, solver.Module] = {}

    def add_module(module: object) -> None:
        modules.setdefault(
            module.pk,  # type: ignore[attr-defined]
            solver.Module(
                module.pk,  # type: ignore[attr-defined]
                module.code,  # type: ignore[attr-defined]
                float(module.hours),  # type: ignore[attr-defined]
                tuple(q.pk for q in module.prerequisites.all()),  # type: ignore[attr-defined]
            ),
        )

    solver_sessions = []
    for s in sessions.values():
        add_module(s.module)
        # A meeting made before its day was known to be closed does not take place.
        dates = [m.date for m in s.meetings.all()]
        closed = site_closed_days(site=s.site, start=min(dates), end=max(dates)) if dates else {}
        meetings = tuple(
            solver.Meeting(m.date.toordinal(), m.starts_at.hour * 60 + m.starts_at.minute,
                           m.ends_at.hour * 60 + m.ends_at.minute)
            for m in s.meetings.all()
            if m.date not in closed
        ) or (solver.Meeting(s.starts_on.toordinal(), 0, 1), solver.Meeting(s.ends_on.toordinal(), 0, 1))
        solver_sessions.append(solver.Session(s.pk, s.module_id, s.site_id, meetings, max(0, s.capacity - s.outside)))
    solver_people = []
    for p in people.values():
        items = [item for plan in p.plans.all() for item in plan.items.all()]
        for item in items:
            if item.module_id not in modules:
                modules[item.module_id] = solver.Module(item.module_id, item.module.code, float(item.module.hours))
        profile = profiles.get(p.pk)
        availability = availabilities.get(p.pk)
        sites = frozenset(site.pk for site in availability.sites.all()) if availability else frozenset()
        earliest = today + dt.timedelta(days=1)
        if profile and profile.earliest_start and profile.earliest_start > earliest:
            earliest = profile.earliest_start
        solver_people.append(
            solver.Participant(
                p.pk,
                tuple(item.module_id for item in items),
                p.planned_departure.toordinal(),
                sites or frozenset({p.site_id}),
                earliest.toordinal(),
                frozenset(availability.weekdays) if availability and availability.weekdays else solver.ALL_WEEKDAYS,
                tuple(sorted(s for s in pins[p.pk] if s in sessions)),
            )
        )
    # prerequisite modules that are not in any session still need their ids known
    instance = solver.Instance(
        tuple(sorted(modules.values(), key=lambda m: m.id)),
        tuple(sorted(solver_sessions, key=lambda s: s.id)),
        tuple(sorted(solver_people, key=lambda p: p.id)),
    )
    return Built(instance, people, sessions)


def current_schedule(built: Built) -> solver.Solution:
    """Today's enrolments and pins as a solution: what is scheduled if nobody acts."""
    pins = [(p.id, s) for p in built.instance.participants for s in p.pins]
    return score(Index(built.instance), pins, "current")


def reasons_as_data(reasons: list[solver.Reason]) -> list[dict[str, str]]:
    return [
        {
            "code": r.code,
            "module": r.module,
            "date": solver.date_of(r.day).isoformat() if r.day is not None else "",
            "other": r.other,
        }
        for r in reasons
    ]


@dataclass
class Outcome:
    built: Built
    before: solver.Solution
    greedy: solver.Solution
    best: solver.Solution
    bound: int
    risks: dict[int, list[solver.Reason]]


def optimise(
    *, today: dt.date, time_limit: float, on_progress: Callable[[solver.Progress], None] | None = None
) -> Outcome:
    built = instance_build(today=today)
    before = current_schedule(built)
    greedy = solver.greedy_fcfs(built.instance)
    # the same LP as lp_bound with people alike aggregated (above its size limit, the Lagrangian
    # bound): lp_bound did not finish in 15 minutes at 50,000 people
    bound = class_bound(built.instance, time_limit=max(10.0, time_limit))
    options = solver.Options(time_limit=time_limit, num_workers=settings.REINTEGRA_SCHEDULER_WORKERS)
    best = solver.solve(built.instance, options, progress=on_progress, bound=bound)
    return Outcome(built, before, greedy, best, bound, solver.explain(built.instance, best))
