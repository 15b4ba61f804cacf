"""Reads about sessions: lists with seats taken, and the sessions a participant could join."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, F, IntegerField, OuterRef, QuerySet, Subquery, When, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils.translation import gettext_lazy as _

from accounts.models import Site, User
from participants.access import participant_queryset_for_user
from participants.models import Participant, ProgrammeExit
from plans.models import PlanStatus
from plans.recommender import SessionInfo
from scheduling.access import session_queryset_for_user
from scheduling.models import Enrolment, Pin, PlanRisk, ScheduleRun, Session
from scheduling.solver import reasons as explain_codes


def seats_taken() -> Subquery:
    """A session's enrolments as a correlated count (one index lookup per row shown): a
    `Count` join would group every enrolment of every matching session before paging."""
    return Subquery(
        Enrolment.objects.filter(session=OuterRef("pk")).order_by().values("session")
        .annotate(taken=Count("pk")).values("taken"),
        output_field=IntegerField(),
    )


def session_list_for_user(*, user: User, from_date: dt.date | None = None) -> QuerySet[Session]:
    queryset = session_queryset_for_user(user=user).select_related("module__trade", "site", "instructor")
    if from_date is not None:
        queryset = queryset.filter(ends_on__gte=from_date)
    return queryset.annotate(seats_taken=Coalesce(seats_taken(), 0)).order_by("starts_on", "module__code", "pk")


def session_list_page(
    *, user: User, from_date: dt.date | None = None, page: str | int | None = None, per_page: int = 50
) -> Page:
    """One page of the session list in two steps, like the caseload: the page's ids (counted
    and ordered without joins or grouping; `scheduling_session_list_idx`), then those sessions
    with their seats taken. A programme of 140,000 sessions pages in the same few queries."""
    ordered = session_queryset_for_user(user=user)
    if from_date is not None:
        ordered = ordered.filter(ends_on__gte=from_date)
    ids_page = Paginator(ordered.order_by("starts_on", "module__code", "pk").values_list("pk", flat=True),
                         per_page).get_page(page)
    ids: list[int] = list(ids_page.object_list)
    rows = session_list_for_user(user=user).filter(pk__in=ids).in_bulk()
    sessions: list[Session] = [rows[pk] for pk in ids if pk in rows]
    ids_page.object_list = sessions  # type: ignore[assignment]  # the page of ids becomes the page of sessions
    return ids_page


@dataclass
class SessionOption:
    session: Session
    seats_free: int
    ends_before_departure: bool
    already_enrolled: bool

    @property
    def can_enrol(self) -> bool:
        return self.seats_free > 0 and self.ends_before_departure and not self.already_enrolled


#: sessions offered per module of the plan on the enrolment page (the next ones to start; a large
#: programme runs over a thousand sessions of one module at a time, far more than anyone chooses from)
OPTIONS_PER_MODULE = 12


def session_options_for_participant(
    *, participant: Participant, today: dt.date, per_module: int = OPTIONS_PER_MODULE
) -> list[SessionOption]:
    """Sessions of the modules in the participant's agreed plan that have not ended yet: those
    the participant is enrolled in, and per module the next `per_module` to start at their own
    site and at the others (none for someone who left the programme early: `session_enrol`
    refuses them)."""
    if ProgrammeExit.objects.filter(participant=participant).exists():
        return []
    module_ids = list(
        participant.plans.filter(status=PlanStatus.FINAL).values_list("items__module", flat=True)
    )
    enrolled = set(participant.enrolments.values_list("session_id", flat=True))
    open_sessions = Session.objects.filter(module_id__in=module_ids, ends_on__gte=today)
    # the next ones per module, own site first: a window over the index (module, ends_on, starts_on)
    ranked = open_sessions.annotate(
        rank=Window(
            RowNumber(),
            partition_by=[F("module_id")],
            order_by=[Case(When(site_id=participant.site_id, then=0), default=1), F("starts_on"), F("pk")],
        )
    ).filter(rank__lte=per_module).values_list("pk", flat=True)
    # the ids first: an OR of two subqueries made PostgreSQL scan every session
    shown = {*ranked, *open_sessions.filter(pk__in=enrolled).values_list("pk", flat=True)}
    sessions = (
        Session.objects.annotate_ends_by_departure(departure=participant.planned_departure)
        .filter(pk__in=shown)
        .select_related("module", "site", "instructor")
        .annotate(seats_taken=Coalesce(seats_taken(), 0))
        .order_by("module__code", "starts_on", "pk")
    )
    return [
        SessionOption(
            session=session,
            seats_free=max(0, session.capacity - session.seats_taken),  # type: ignore[attr-defined]  # annotated
            ends_before_departure=session.ends_by_departure,  # type: ignore[attr-defined]  # annotated
            already_enrolled=session.pk in enrolled,
        )
        for session in sessions
    ]


# --- plans at risk, timelines, occupancy ------------------------------------------------------

REASON_TEXTS = {
    explain_codes.NO_SESSION: _("%(module)s is not offered."),
    explain_codes.NO_REACHABLE_SITE: _("No session of %(module)s at a site the participant can reach."),
    explain_codes.TOO_LATE: _("No session of %(module)s ends before %(date)s."),
    explain_codes.WEEKDAYS: _("Sessions of %(module)s meet on days the participant is not available."),
    explain_codes.PREREQUISITE: _("No session of %(module)s starts after %(other)s can be finished."),
    explain_codes.FULL: _("%(module)s full in all reachable sites."),
    explain_codes.CLASH: _("Sessions of %(module)s with free seats clash with the participant's other sessions."),
    explain_codes.OPEN: _("%(module)s not scheduled yet; a session with free seats still fits."),
}


def reason_text(reason: dict[str, str]) -> str:
    template = REASON_TEXTS.get(reason["code"])
    if template is None:
        return reason["code"]
    day = reason.get("date") or ""
    shown = dt.date.fromisoformat(day).strftime("%d.%m.%Y") if day else ""
    return str(template) % {"module": reason["module"], "date": shown, "other": reason.get("other", "")}


@dataclass
class PlanAtRisk:
    participant: Participant
    reasons: list[str]


def plan_risk_queryset_at_risk(*, user: User, today: dt.date) -> QuerySet[PlanRisk]:
    """The stored verdicts (`scheduling.risk`) of the user's participants whose plan is at risk,
    earliest departure first. One indexed query, however many participants there are."""
    return (
        PlanRisk.objects.filter(
            at_risk=True,
            participant__in=participant_queryset_for_user(user=user),
            participant__planned_departure__gte=today,
            participant__programme_exit__isnull=True,
        )
        .select_related("participant")
        .order_by("participant__planned_departure", "participant__case_number")
    )


def plan_risk_rows(risks: Iterable[PlanRisk]) -> list[PlanAtRisk]:
    return [PlanAtRisk(risk.participant, [reason_text(r) for r in risk.reasons]) for risk in risks]


def plan_list_at_risk(*, user: User, today: dt.date) -> list[PlanAtRisk]:
    """The user's participants whose agreed plan cannot finish before departure as things stand.

    "As things stand": today's enrolments and pins, today's free seats. A module that could
    still be booked (a fitting session has a free seat) does not count as a risk."""
    return plan_risk_rows(plan_risk_queryset_at_risk(user=user, today=today))


def plan_risk_for_participant(*, participant: Participant, today: dt.date) -> list[str]:
    """The case file's warning: the same stored verdict the at-risk page lists ([] if none)."""
    risk = PlanRisk.objects.filter(
        participant=participant, at_risk=True, participant__planned_departure__gte=today,
        participant__programme_exit__isnull=True,
    ).first()
    return [reason_text(r) for r in risk.reasons] if risk is not None else []


@dataclass
class TimelineBar:
    x: float
    width: float
    y: float
    label: str
    title: str


@dataclass
class Timeline:
    width: int
    height: int
    bars: list[TimelineBar]
    departure_x: float | None
    departure_label: str
    ticks: list[tuple[float, str]]


TIMELINE_WIDTH = 720
TIMELINE_ROW = 28
TIMELINE_LEFT = 90


def timeline_for_participant(*, participant: Participant, today: dt.date) -> Timeline:
    """The participant's enrolled sessions as bars on a time axis, with the departure as a line."""
    enrolments = list(
        participant.enrolments.select_related("session__module", "session__site").order_by("session__starts_on")
    )
    start = min([e.session.starts_on for e in enrolments] + [today])
    end = max([e.session.ends_on for e in enrolments] + [participant.planned_departure]) + dt.timedelta(days=7)
    span = max(1, (end - start).days)
    scale = (TIMELINE_WIDTH - TIMELINE_LEFT - 10) / span

    def x_of(day: dt.date) -> float:
        return round(TIMELINE_LEFT + (day - start).days * scale, 1)

    bars = [
        TimelineBar(
            x=x_of(e.session.starts_on),
            width=max(3.0, round(((e.session.ends_on - e.session.starts_on).days + 1) * scale, 1)),
            y=20 + index * TIMELINE_ROW,
            label=e.session.module.code,
            title=f"{e.session.module.code} · {e.session.site.name} · "
            f"{e.session.starts_on:%d.%m.%Y}–{e.session.ends_on:%d.%m.%Y}",
        )
        for index, e in enumerate(enrolments)
    ]
    ticks = []
    month = dt.date(start.year, start.month, 1)
    while month <= end:
        if month >= start:
            ticks.append((x_of(month), f"{month:%m.%Y}"))
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return Timeline(
        width=TIMELINE_WIDTH,
        height=40 + max(1, len(bars)) * TIMELINE_ROW,
        bars=bars,
        departure_x=x_of(participant.planned_departure),
        departure_label=f"{participant.planned_departure:%d.%m.%Y}",
        ticks=ticks,
    )


@dataclass
class OccupancyCell:
    used: int
    free: int
    level: int  # 0 (not running) .. 4 (full): a CSS class, occupancy-N


@dataclass
class OccupancyRow:
    session: Session
    cells: list[OccupancyCell]


def occupancy_for_site(*, site: Site, week_of: dt.date, weeks: int = 12) -> tuple[list[dt.date], list[OccupancyRow]]:
    """Seats used and free per session and week at one site, from the week of `week_of` on."""
    monday = week_of - dt.timedelta(days=week_of.weekday())
    mondays = [monday + dt.timedelta(weeks=n) for n in range(weeks)]
    last = mondays[-1] + dt.timedelta(days=6)
    sessions = (
        Session.objects.filter(site=site, starts_on__lte=last, ends_on__gte=monday)
        .select_related("module")
        .annotate(seats_taken=Count("enrolments"))
        .order_by("starts_on", "module__code")
    )
    rows = []
    for session in sessions:
        cells = []
        for week in mondays:
            running = session.starts_on <= week + dt.timedelta(days=6) and session.ends_on >= week
            if not running:
                cells.append(OccupancyCell(0, 0, 0))
                continue
            used = session.seats_taken
            share = used / session.capacity if session.capacity else 1.0
            level = 4 if used >= session.capacity else 3 if share >= 0.75 else 2 if share >= 0.4 else 1
            cells.append(OccupancyCell(used, max(0, session.capacity - used), level))
        rows.append(OccupancyRow(session, cells))
    return mondays, rows


def schedule_run_list() -> QuerySet[ScheduleRun]:
    return ScheduleRun.objects.select_related("created_by").order_by("-created_at", "-pk")


def schedule_run_proposal(*, run: ScheduleRun) -> dict[str, object]:
    """Moves grouped by participant (plans newly completed first) and the plans still at risk.

    People who left the programme early since the run are not named: their plan will not be
    completed, so neither their seats nor their risks are worth a decision."""
    moves = (
        run.moves.filter(participant__programme_exit__isnull=True)
        .select_related("participant", "session__module", "session__site")
        .order_by("-completes_plan", "participant__planned_departure", "participant__case_number", "session__starts_on")
    )
    grouped: dict[int, dict[str, object]] = {}
    for move in moves:
        entry = grouped.setdefault(
            move.participant_id, {"participant": move.participant, "completes": move.completes_plan, "sessions": []}
        )
        entry["sessions"].append(move.session)  # type: ignore[attr-defined]
    risks = [
        {"participant": risk.participant, "reasons": [reason_text(r) for r in risk.reasons]}
        for risk in run.risks.filter(participant__programme_exit__isnull=True)
        .select_related("participant")
        .order_by("participant__planned_departure", "pk")
    ]
    return {
        "moves": list(grouped.values()),
        "move_count": len(moves),
        "newly_completed": sum(1 for entry in grouped.values() if entry["completes"]),
        "risks": risks,
    }


def pin_session_choices(*, participant: Participant, today: dt.date) -> QuerySet[Session]:
    """Sessions a participant can be pinned to: a module of the agreed plan, not over yet,
    ending by the planned departure (none for someone who left the programme early)."""
    if ProgrammeExit.objects.filter(participant=participant).exists():
        return Session.objects.none()
    module_ids = participant.plans.filter(status=PlanStatus.FINAL).values_list("items__module", flat=True)
    return (
        Session.objects.ending_by_departure(departure=participant.planned_departure)
        .filter(module_id__in=module_ids, ends_on__gte=today)
        .select_related("module", "site")
        .order_by("module__code", "starts_on")
    )


def pin_list_for_participant(*, participant: Participant) -> QuerySet[Pin]:
    return participant.scheduling_pins.select_related("session__module", "session__site", "created_by").order_by(
        "session__starts_on"
    )


def session_offer(today: dt.date, departure: dt.date) -> list[SessionInfo]:
    """The sessions the plan recommender may place a module in (`plans.recommendations`): starting
    from today, ending by the departure, with their free places."""
    return [
        SessionInfo(id=s.pk, module=s.module.code, site=s.site.code, starts_on=s.starts_on, ends_on=s.ends_on,
                    free_places=s.capacity - s.enrolled)  # type: ignore[attr-defined]  # annotated
        for s in Session.objects.ending_by_departure(departure=departure)
        .filter(starts_on__gte=today)
        .select_related("module", "site")
        .annotate(enrolled=Count("enrolments"))
    ]
