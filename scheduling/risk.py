"""The stored "plan at risk" verdict (`PlanRisk`): recomputed for just the people a change
affects, inside the transaction of that change; rebuilt in full by `manage.py recompute_plan_risk`.

The rule is `scheduling.solver.risk.person_risk` (each person judged alone, against the seats
everybody else holds), so any batch gives the same rows as a full rebuild.

**Why synchronous, in the same transaction** (and not `on_commit` + a Celery task): one
person's verdict costs a handful of queries (a few milliseconds), so the write that changes it
can afford it; the verdict commits or rolls back with its cause, and the next page the
counsellor opens already shows it. A queued task would reopen the window the issue observed
(departure page "at risk", list silent) and could be lost with its worker. The one wide
change, a session filling up or freeing a seat, touches the people who need that module and
could still use that session; it is rare (once per session and direction) and measured in
`bench/bench_at_risk.py`.

Who is affected by what:
- departure, agreed plan, availability, earliest start, early exit and its undo: that person
  (`participants.changes` for the floors below scheduling, direct calls above);
- an enrolment or pin made or removed: that person, and when the session turned full (or got
  a free seat again) everyone whose verdict could name it: plan holds the module, departure on
  or after the session's end (`plan_risk_seats_changing`);
- a new session: everyone whose plan holds its module (the reason may change wording, e.g.
  "not offered" → "full").
Days passing (a session starting today takes nobody new) change no stored row: the nightly
`recompute_plan_risk` covers them, and the page shows departures from today on only.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from accounts.models import Site
from assessments.models import Availability
from catalogue.models import Module
from participants.models import Participant
from plans.models import PlanItem, PlanStatus
from scheduling import solver
from scheduling.closures import site_closed_days
from scheduling.models import Enrolment, Meeting, Pin, PlanRisk, SchedulingProfile, Session
from scheduling.solver.risk import Facts, person_risk

CHUNK = 2000  # ids per query and per batch


def _chunks(ids: Sequence[int], size: int = CHUNK) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield list(ids[start:start + size])


def in_scope() -> Q:
    """Who has a verdict: an agreed plan, not left early (the departure is checked per day)."""
    return Q(plans__status=PlanStatus.FINAL, programme_exit__isnull=True)


def reasons_as_data(reasons: Iterable[solver.Reason]) -> list[dict[str, str]]:
    return [
        {"code": r.code, "module": r.module,
         "date": solver.date_of(r.day).isoformat() if r.day is not None else "", "other": r.other}
        for r in reasons
    ]


class Calendar:
    """Sessions (with meetings less closed days), modules and seats taken, loaded once per
    computation and only for the modules asked about."""

    def __init__(self, *, today: dt.date) -> None:
        self.today = today
        self.sessions: dict[int, solver.Session] = {}
        #: (module, site) → [(first day by the session's dates, session id)], kept sorted
        self.by_place: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
        self.taken: dict[int, int] = {}
        #: (first, last) day by the session's own dates, to narrow what a person could use
        self.span: dict[int, tuple[int, int]] = {}
        self.facts: Facts = {}  # first, last day and weekdays per session, for person_risk
        self.complete = False  # every session that can take people is loaded (the full rebuild)
        #: (module, site) of every session that can take people: "offered" / "at a reachable site"
        self.offered = set(
            Session.objects.filter(starts_on__gt=today).values_list("module_id", "site_id").distinct()
        )
        self._closed: dict[tuple[int, int], set[dt.date]] = {}
        self._sites = {site.pk: site for site in Site.objects.all()}
        prerequisites: dict[int, list[int]] = defaultdict(list)
        for from_id, to_id in Module.prerequisites.through.objects.values_list("from_module_id", "to_module_id"):
            prerequisites[from_id].append(to_id)
        self.modules = {
            pk: solver.Module(pk, code, float(hours), tuple(sorted(prerequisites.get(pk, ()))))
            for pk, code, hours in Module.objects.values_list("pk", "code", "hours")
        }

    def _closed_on(self, site_id: int, year: int) -> set[dt.date]:
        key = (site_id, year)
        if key not in self._closed:
            self._closed[key] = set(
                site_closed_days(site=self._sites[site_id], start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
            )
        return self._closed[key]

    def _load(self, condition: Q) -> None:
        rows = [
            row for row in Session.objects.filter(condition)
            .values_list("pk", "module_id", "site_id", "capacity", "starts_on", "ends_on")
            if row[0] not in self.sessions
        ]
        meetings: dict[int, list[solver.Meeting]] = defaultdict(list)
        sites = {pk: site_id for pk, _m, site_id, *_rest in rows}
        ids = [row[0] for row in rows]
        for chunk in _chunks(ids):
            for session_id, date, starts_at, ends_at in Meeting.objects.filter(session_id__in=chunk).values_list(
                "session_id", "date", "starts_at", "ends_at"
            ):
                # A meeting made before its day was known to be closed does not take place.
                if date in self._closed_on(sites[session_id], date.year):
                    continue
                meetings[session_id].append(solver.Meeting(
                    date.toordinal(), starts_at.hour * 60 + starts_at.minute, ends_at.hour * 60 + ends_at.minute))
        holders: dict[int, set[int]] = defaultdict(set)
        for chunk in _chunks(ids):
            for model in (Enrolment, Pin):
                for session_id, participant_id in model.objects.filter(session_id__in=chunk).values_list(
                    "session_id", "participant_id"
                ):
                    holders[session_id].add(participant_id)
        for pk, module_id, site_id, capacity, starts_on, ends_on in rows:
            found = tuple(sorted(meetings.get(pk, ()))) or (
                solver.Meeting(starts_on.toordinal(), 0, 1), solver.Meeting(ends_on.toordinal(), 0, 1))
            self.sessions[pk] = solver.Session(pk, module_id, site_id, found, capacity)
            self.taken[pk] = len(holders.get(pk, ()))
            self.span[pk] = (starts_on.toordinal(), ends_on.toordinal())
            if starts_on > self.today:
                bisect.insort(self.by_place[(module_id, site_id)], (starts_on.toordinal(), pk))

    def load_all(self) -> None:
        self._load(Q(starts_on__gt=self.today))
        self.complete = True

    def load_for(self, people: Sequence[solver.Participant]) -> None:
        """At least the sessions these people could still use (`usable`), in one query a chunk."""
        if self.complete or not people:
            return
        self._load(Q(
            module_id__in=sorted({m for p in people for m in p.modules}),
            site_id__in=sorted({s for p in people for s in p.sites}),
            starts_on__gt=self.today,
            starts_on__lte=solver.date_of(max(p.departure for p in people)),
            ends_on__gte=solver.date_of(min(p.earliest_start for p in people)),
        ))

    def usable(self, person: solver.Participant) -> list[solver.Session]:
        """The sessions `person_risk` sees: of a plan module, at a reachable site, starting after
        today, by the session's dates within earliest start .. departure, and those the person
        holds; and, where none of a module is among them, a stand-in that only says "offered"
        (somewhere / at a reachable site), dated long ago so it never fits. The same list
        whether everything or only this person's part is loaded, so batches equal a rebuild."""
        chosen: dict[int, solver.Session] = {}
        for m in person.modules:
            for site in person.sites:
                place = self.by_place.get((m, site), [])
                for _first, sid in place[: bisect.bisect_right(place, (person.departure, 1 << 62))]:
                    if self.span[sid][1] >= person.earliest_start:
                        chosen[sid] = self.sessions[sid]
        for sid in person.pins:
            if sid in self.sessions:
                chosen[sid] = self.sessions[sid]
        result = [chosen[sid] for sid in sorted(chosen)]
        long_ago = (solver.Meeting(1, 0, 1),)
        for m in person.modules:
            mine = [s for s in result if s.module == m]
            reachable = sorted(site for module, site in self.offered if module == m and site in person.sites)
            if reachable and not any(s.site in person.sites for s in mine):
                result.append(solver.Session(-m, m, reachable[0], long_ago, 0))
            elif not mine and any(module == m for module, _site in self.offered):
                result.append(solver.Session(-m, m, -1, long_ago, 0))
        return result

    def load_sessions(self, session_ids: Iterable[int]) -> None:
        wanted = sorted(set(session_ids) - set(self.sessions))
        for chunk in _chunks(wanted):
            self._load(Q(pk__in=chunk))


def people_load(*, participant_ids: Sequence[int], today: dt.date) -> list[solver.Participant]:
    """The people among `participant_ids` who are in scope, as the solver sees them; `pins` holds
    every session they hold (enrolments and pins)."""
    rows = list(
        Participant.objects.filter(in_scope(), pk__in=participant_ids, planned_departure__gte=today)
        .values_list("pk", "planned_departure", "site_id").distinct()
    )
    ids = [row[0] for row in rows]
    modules: dict[int, list[int]] = defaultdict(list)
    for pid, module_id in (
        PlanItem.objects.filter(plan__participant_id__in=ids, plan__status=PlanStatus.FINAL)
        .order_by("plan__participant_id", "plan_id", "position").values_list("plan__participant_id", "module_id")
    ):
        modules[pid].append(module_id)
    weekdays = dict(Availability.objects.filter(participant_id__in=ids).values_list("participant_id", "weekdays"))
    sites: dict[int, set[int]] = defaultdict(set)
    for pid, site_id in Availability.sites.through.objects.filter(availability__participant_id__in=ids).values_list(
        "availability__participant_id", "site_id"
    ):
        sites[pid].add(site_id)
    earliest = dict(
        SchedulingProfile.objects.filter(participant_id__in=ids, earliest_start__isnull=False)
        .values_list("participant_id", "earliest_start")
    )
    held: dict[int, set[int]] = defaultdict(set)
    for model in (Enrolment, Pin):
        for pid, session_id in model.objects.filter(participant_id__in=ids).values_list("participant_id", "session_id"):
            held[pid].add(session_id)
    tomorrow = today + dt.timedelta(days=1)
    people = []
    for pid, departure, site_id in rows:
        start = max(tomorrow, earliest.get(pid) or tomorrow)
        days = weekdays.get(pid)
        people.append(solver.Participant(
            pid, tuple(dict.fromkeys(modules[pid])), departure.toordinal(),
            frozenset(sites[pid]) or frozenset({site_id}), start.toordinal(),
            frozenset(days) if days else solver.ALL_WEEKDAYS, tuple(sorted(held[pid])),
        ))
    return people


def verdicts(people: Iterable[solver.Participant], calendar: Calendar) -> dict[int, list[solver.Reason]]:
    people = list(people)
    calendar.load_for(people)
    calendar.load_sessions(s for p in people for s in p.pins)
    return {
        person.id: person_risk(person, calendar.usable(person), calendar.modules.values(), calendar.taken,
                               calendar.facts)
        for person in people
    }


def _store(*, participant_ids: Sequence[int], found: dict[int, list[solver.Reason]], today: dt.date) -> None:
    now = timezone.now()
    PlanRisk.objects.filter(participant_id__in=participant_ids).exclude(participant_id__in=list(found)).delete()
    PlanRisk.objects.bulk_create(
        [PlanRisk(participant_id=pid, at_risk=bool(reasons), reasons=reasons_as_data(reasons),
                  computed_for=today, computed_at=now) for pid, reasons in found.items()],
        update_conflicts=True, unique_fields=["participant"],
        update_fields=["at_risk", "reasons", "computed_for", "computed_at"],
    )


# --- incremental: called by the services that change what a verdict depends on ----------------

_local = threading.local()


@contextlib.contextmanager
def plan_risk_deferred() -> Iterator[None]:
    """Collect the people to recompute and do it once at the end (a proposal applied at once)."""
    outer = getattr(_local, "pending", None)
    if outer is not None:
        yield
        return
    _local.pending = set()
    try:
        yield
        pending = sorted(_local.pending)
    finally:
        _local.pending = None
    plan_risk_refresh(participant_ids=pending)


@transaction.atomic
def plan_risk_refresh(*, participant_ids: Iterable[int], today: dt.date | None = None) -> None:
    """Recompute and store the verdicts of these people (rows of people out of scope go)."""
    ids = sorted(set(participant_ids))
    pending = getattr(_local, "pending", None)
    if pending is not None:
        pending.update(ids)
        return
    if not ids:
        return
    today = today or timezone.localdate()
    calendar = Calendar(today=today)
    for chunk in _chunks(ids):
        _store(participant_ids=chunk, found=verdicts(people_load(participant_ids=chunk, today=today), calendar),
               today=today)


def _needing(*, module_id: int, site_id: int | None, starts_on: dt.date | None, today: dt.date,
             more_room: bool) -> list[int]:
    """People in scope whose plan holds the module, who hold no session of it ending by their
    departure and could use one
    at this site starting on this day (None: anywhere, any day): a superset of those whose
    verdict may change. With `more_room` (a new session, a freed seat) only those now at risk:
    more room never puts a plan at risk (every check in `explain` only gains options)."""
    queryset = Participant.objects.filter(
        in_scope(), planned_departure__gte=max(today, starts_on or today), plans__items__module_id=module_id,
    )
    for model in (Enrolment, Pin):  # holding one that ends by the departure: this module is done
        queryset = queryset.exclude(Exists(model.objects.filter(
            participant_id=OuterRef("pk"), session__module_id=module_id,
            session__ends_on__lte=OuterRef("planned_departure"),
        )))
    if more_room:
        queryset = queryset.filter(plan_risk__at_risk=True)
    if site_id is not None:
        named = Availability.sites.through.objects.filter(availability__participant_id=OuterRef("pk"))
        queryset = queryset.filter(
            Q(Exists(named.filter(site_id=site_id))) | (Q(site_id=site_id) & ~Q(Exists(named)))
        )
    return list(queryset.values_list("pk", flat=True).distinct())


def seats_taken(session_ids: Iterable[int]) -> dict[int, int]:
    holders: dict[int, set[int]] = defaultdict(set)
    ids = list(session_ids)
    for model in (Enrolment, Pin):
        for session_id, participant_id in model.objects.filter(session_id__in=ids).values_list(
            "session_id", "participant_id"
        ):
            holders[session_id].add(participant_id)
    return {s: len(holders.get(s, ())) for s in ids}


@contextlib.contextmanager
def plan_risk_seats_changing(*, participant_ids: Iterable[int], session_ids: Iterable[int]) -> Iterator[None]:
    """Around a write that takes or frees seats: recompute these people, and, for a session
    that turned full or got a free seat, everyone who could be seated there."""
    sessions = list(Session.objects.filter(pk__in=list(session_ids)).values_list(
        "pk", "capacity", "module_id", "site_id", "starts_on"))
    before = seats_taken(s[0] for s in sessions)
    yield
    after = seats_taken(s[0] for s in sessions)
    today = timezone.localdate()
    affected = set(participant_ids)
    for pk, capacity, module_id, site_id, starts_on in sessions:
        if (before[pk] < capacity) != (after[pk] < capacity) and starts_on > today:
            affected.update(_needing(module_id=module_id, site_id=site_id, starts_on=starts_on, today=today,
                                     more_room=after[pk] < before[pk]))
    plan_risk_refresh(participant_ids=affected, today=today)


def plan_risk_session_added(*, session: Session) -> None:
    """A new session: those who could use it; everyone needing the module if it is the first
    at its site (the reason "not offered" / "not at a reachable site" may change)."""
    today = timezone.localdate()
    if session.starts_on <= today:
        return
    first_here = not Session.objects.filter(
        module_id=session.module_id, site_id=session.site_id, starts_on__gt=today).exclude(pk=session.pk).exists()
    affected = _needing(module_id=session.module_id, site_id=None if first_here else session.site_id,
                        starts_on=None if first_here else session.starts_on, today=today, more_room=True)
    plan_risk_refresh(participant_ids=affected, today=today)


def plan_risk_participants_changed(participant_ids: list[int]) -> None:
    """The listener `participants.changes` calls (registered in `SchedulingConfig.ready`)."""
    plan_risk_refresh(participant_ids=participant_ids)


# --- what-if and full rebuild ----------------------------------------------------------------


def plan_risk_preview(*, participant: Participant, departure: dt.date, today: dt.date) -> list[dict[str, str]]:
    """The verdict if this person left on `departure` instead (the departure page, as the date
    is typed); the same rule as the stored one, so after saving both say the same."""
    people = people_load(participant_ids=[participant.pk], today=min(today, departure))
    if not people or departure < today:
        return []
    person = replace(people[0], departure=departure.toordinal())
    return reasons_as_data(verdicts([person], Calendar(today=today))[participant.pk])


def plan_risk_rebuild(*, today: dt.date | None = None, chunk: int = CHUNK,
                      on_progress: Callable[[int, int], None] | None = None) -> int:
    """Recompute every stored verdict; returns how many people are in scope. Each chunk is its
    own transaction, so the page keeps reading the older rows while this runs."""
    today = today or timezone.localdate()
    ids = list(
        Participant.objects.filter(in_scope(), planned_departure__gte=today)
        .order_by("pk").values_list("pk", flat=True).distinct()
    )
    calendar = Calendar(today=today)
    calendar.load_all()  # every session that can take people, at once
    done = 0
    for part in _chunks(ids, chunk):
        with transaction.atomic():
            _store(participant_ids=part, found=verdicts(people_load(participant_ids=part, today=today), calendar),
                   today=today)
        done += len(part)
        if on_progress is not None:
            on_progress(done, len(ids))
    # people who left the scope since (early exit, departure passed, plan withdrawn)
    with transaction.atomic():
        stale = PlanRisk.objects.exclude(participant_id__in=Participant.objects.filter(
            in_scope(), planned_departure__gte=today).values("pk"))
        stale.delete()
    return len(ids)
