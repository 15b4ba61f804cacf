"""Writes about sessions and enrolments. Enrolment locks the session row so seats never overbook."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_record
from accounts.models import AuditAction, Site, User
from accounts.selectors import instructor_teaches_trade
from catalogue.models import Module
from funding.models import FundingLine
from funding.selectors import ERROR_FUNDING_LINE_ENDED, funding_line_is_open
from participants.models import Participant, ProgrammeExit
from plans.models import PlanStatus
from scheduling import jobs, optimiser, replan
from scheduling.closures import site_closed_days
from scheduling.models import (
    Enrolment,
    Meeting,
    Pin,
    RunStatus,
    ScheduleMove,
    ScheduleRisk,
    ScheduleRun,
    SchedulingProfile,
    Session,
)
from scheduling.risk import (
    plan_risk_deferred,
    plan_risk_refresh,
    plan_risk_seats_changing,
    plan_risk_session_added,
)
from scheduling.signals import meeting_changed
from scheduling.solver import Progress

ERROR_PARTICIPANT_LEFT = _(
    "The participant left the programme on %(day)s. Remove the early exit on the case file first if they are back."
)
ERROR_SESSION_FULL = _("This session is full.")
ERROR_ENDS_AFTER_DEPARTURE = _("This session ends on %(ends)s, after the planned departure on %(departure)s.")
ERROR_ALREADY_ENROLLED = _("The participant is already enrolled in this session.")
ERROR_NOT_IN_PLAN = _("Module %(code)s is not in the participant's agreed plan.")
ERROR_NO_MEETING_DAYS = _("No meeting falls on the chosen weekdays between the start and end date.")
ERROR_INSTRUCTOR_ROLE = _("The instructor must have the instructor role.")
ERROR_INSTRUCTOR_TRADE = _("This instructor's profile does not include the trade %(trade)s.")
ERROR_END_BEFORE_START = _("The end date lies before the start date.")
ERROR_MEETING_PAST = _("A meeting that has begun cannot be moved or cancelled.")
ERROR_MEETING_TIMES = _("The meeting must end after it starts.")
ERROR_MEETING_SLOT_TAKEN = _("This session already meets at that day and time.")


@transaction.atomic
def session_create(
    *,
    acting_user: User,
    module: Module,
    site: Site,
    instructor: User,
    starts_on: dt.date,
    ends_on: dt.date,
    capacity: int,
    weekdays: list[int],
    starts_at: dt.time,
    ends_at: dt.time,
    funding_line: FundingLine | None = None,
) -> Session:
    """Create a session and one meeting on each chosen weekday (0 = Monday) in its date range."""
    if not instructor.is_instructor:
        raise ValidationError({"instructor": ERROR_INSTRUCTOR_ROLE})
    if not instructor_teaches_trade(instructor=instructor, trade_id=module.trade_id):
        raise ValidationError({"instructor": ERROR_INSTRUCTOR_TRADE % {"trade": module.trade.name}})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": ERROR_END_BEFORE_START})
    if funding_line is not None and not funding_line_is_open(line=funding_line, on=starts_on):
        raise ValidationError({"funding_line": ERROR_FUNDING_LINE_ENDED})
    # No meeting on a public holiday of the site's state or a day the provider closes.
    closed = site_closed_days(site=site, start=starts_on, end=ends_on)
    days = [
        starts_on + dt.timedelta(days=offset)
        for offset in range((ends_on - starts_on).days + 1)
        if (starts_on + dt.timedelta(days=offset)).weekday() in weekdays
        and starts_on + dt.timedelta(days=offset) not in closed
    ]
    if not days:
        raise ValidationError({"weekdays": ERROR_NO_MEETING_DAYS})
    session = Session(
        module=module, site=site, instructor=instructor, starts_on=days[0], ends_on=days[-1], capacity=capacity,
        funding_line=funding_line,
    )
    session.full_clean()
    session.save()
    Meeting.objects.bulk_create(
        Meeting(session=session, date=day, starts_at=starts_at, ends_at=ends_at) for day in days
    )
    audit_record(actor=acting_user, action=AuditAction.SESSION_CREATE, target=session, detail={"meetings": len(days)})
    plan_risk_session_added(session=session)
    return session


@transaction.atomic
def session_enrol(*, acting_user: User, session: Session, participant: Participant) -> Enrolment:
    """Enrol one participant. The session row is locked first, so concurrent requests queue."""
    locked = Session.objects.select_for_update().select_related("module").get(pk=session.pk)
    if Enrolment.objects.filter(session=locked, participant=participant).exists():
        raise ValidationError(ERROR_ALREADY_ENROLLED)
    left_on = ProgrammeExit.objects.filter(participant=participant).values_list("left_on", flat=True).first()
    if left_on is not None:
        raise ValidationError(ERROR_PARTICIPANT_LEFT % {"day": f"{left_on:%d.%m.%Y}"})
    in_plan = participant.plans.filter(status=PlanStatus.FINAL, items__module=locked.module_id).exists()
    if not in_plan:
        raise ValidationError(ERROR_NOT_IN_PLAN % {"code": locked.module.code})
    departure = participant.planned_departure
    if not Session.objects.ending_by_departure(departure=departure).filter(pk=locked.pk).exists():
        raise ValidationError(
            ERROR_ENDS_AFTER_DEPARTURE
            % {"ends": f"{locked.ends_on:%d.%m.%Y}", "departure": f"{participant.planned_departure:%d.%m.%Y}"}
        )
    if Enrolment.objects.filter(session=locked).count() >= locked.capacity:
        raise ValidationError(ERROR_SESSION_FULL)
    with plan_risk_seats_changing(participant_ids=[participant.pk], session_ids=[locked.pk]):
        enrolment = Enrolment.objects.create(session=locked, participant=participant, enrolled_by=acting_user)
    audit_record(
        actor=acting_user,
        action=AuditAction.ENROLMENT_CREATE,
        target=enrolment,
        participant_id=participant.pk,
        detail={"session": locked.pk},
    )
    return enrolment


# --- what the optimiser must respect: earliest start, pins --------------------------------

ERROR_EARLIEST_AFTER_DEPARTURE = _("The earliest start %(start)s lies after the planned departure on %(departure)s.")
ERROR_ALREADY_PINNED = _("The participant is already pinned to this session.")
ERROR_PIN_MODULE_TAKEN = _("The participant is already pinned to another session of module %(code)s.")


@transaction.atomic
def scheduling_profile_set_earliest_start(
    *, acting_user: User, participant: Participant, earliest_start: dt.date | None
) -> SchedulingProfile:
    """Set (or clear, with None) the day before which the optimiser plans no session."""
    if earliest_start is not None and earliest_start > participant.planned_departure:
        raise ValidationError({"earliest_start": ERROR_EARLIEST_AFTER_DEPARTURE % {
            "start": f"{earliest_start:%d.%m.%Y}", "departure": f"{participant.planned_departure:%d.%m.%Y}"}})
    profile, _created = SchedulingProfile.objects.get_or_create(participant=participant)
    profile.earliest_start = earliest_start
    profile.full_clean()
    profile.save(update_fields=["earliest_start"])
    plan_risk_refresh(participant_ids=[participant.pk])
    audit_record(
        actor=acting_user, action=AuditAction.SCHEDULING_PROFILE_EARLIEST_START, target=profile,
        participant_id=participant.pk,
        detail={"field": "earliest_start", "cleared": earliest_start is None},  # no dates: personal data
    )
    return profile


@transaction.atomic
def pin_create(*, acting_user: User, participant: Participant, session: Session) -> Pin:
    """Pin the participant to a session of a plan module: the optimiser keeps it."""
    session = Session.objects.select_related("module").get(pk=session.pk)
    if not participant.plans.filter(status=PlanStatus.FINAL, items__module=session.module_id).exists():
        raise ValidationError({"session": ERROR_NOT_IN_PLAN % {"code": session.module.code}})
    departure = participant.planned_departure
    if not Session.objects.ending_by_departure(departure=departure).filter(pk=session.pk).exists():
        raise ValidationError({"session": ERROR_ENDS_AFTER_DEPARTURE % {
            "ends": f"{session.ends_on:%d.%m.%Y}", "departure": f"{participant.planned_departure:%d.%m.%Y}"}})
    if Pin.objects.filter(participant=participant, session=session).exists():
        raise ValidationError({"session": ERROR_ALREADY_PINNED})
    if Pin.objects.filter(participant=participant, session__module=session.module_id).exists():
        raise ValidationError({"session": ERROR_PIN_MODULE_TAKEN % {"code": session.module.code}})
    pin = Pin(participant=participant, session=session, created_by=acting_user)
    pin.full_clean()
    with plan_risk_seats_changing(participant_ids=[participant.pk], session_ids=[session.pk]):
        pin.save()
    audit_record(actor=acting_user, action=AuditAction.PIN_CREATE, target=pin, participant_id=participant.pk,
                 detail={"session": session.pk})
    return pin


@transaction.atomic
def pin_delete(*, acting_user: User, pin: Pin) -> None:
    audit_record(actor=acting_user, action=AuditAction.PIN_DELETE, target=pin, participant_id=pin.participant_id,
                 detail={"session": pin.session_id})
    with plan_risk_seats_changing(participant_ids=[pin.participant_id], session_ids=[pin.session_id]):
        pin.delete()


# --- the optimiser's runs (scheduling/README.md) --------------------------------------------

ERROR_RUN_NOT_READY = _("Only a finished proposal can be applied or discarded.")
ERROR_RUN_STALE = _("The schedule changed since this proposal was made: %(error)s Nothing was applied.")


@transaction.atomic
def schedule_run_start(*, acting_user: User | None, time_limit: int = 20) -> ScheduleRun:
    """Queue a run; the job starts once this transaction commits."""
    run = ScheduleRun(created_by=acting_user, time_limit=time_limit)
    run.full_clean()
    run.save()
    audit_record(actor=acting_user, action=AuditAction.SCHEDULE_RUN_START, target=run,
                 detail={"time_limit": time_limit})
    transaction.on_commit(lambda: jobs.schedule_run_enqueue(run_id=run.pk))
    return run


def schedule_run_execute(*, run_id: int, today: dt.date | None = None,
                         on_progress: Callable[[Progress], None] | None = None) -> ScheduleRun:
    """The job itself: optimise, recording progress on the run row, then store the proposal."""
    run = ScheduleRun.objects.get(pk=run_id)
    if run.status != RunStatus.QUEUED:
        return run
    today = today or timezone.localdate()
    ScheduleRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, started_at=timezone.now())
    last_write = [0.0]
    owner = threading.get_ident()

    def record(progress: Progress) -> None:
        if on_progress is not None:
            on_progress(progress)
        if threading.get_ident() != owner:
            return  # a solver thread: no database connection of its own; the next report writes
        now = time.monotonic()
        if now - last_write[0] < 0.3 and progress.fraction < 1.0:
            return
        last_write[0] = now
        ScheduleRun.objects.filter(pk=run.pk).update(
            progress=min(0.99, progress.fraction), best_completed=progress.best_completed, bound=progress.bound
        )

    try:
        outcome = optimiser.optimise(today=today, time_limit=run.time_limit, on_progress=record)
    except Exception as error:  # the page must show a failed run, not spin for ever
        ScheduleRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, finished_at=timezone.now(), message=str(error)[:200]
        )
        raise
    _proposal_store(run=run, outcome=outcome)
    run.refresh_from_db()
    return run


@transaction.atomic
def _proposal_store(*, run: ScheduleRun, outcome: optimiser.Outcome) -> None:
    completed = set(outcome.best.completed)
    # existing enrolments stay as they are; manual pins not yet enrolled become moves
    kept = set(
        Enrolment.objects.filter(participant_id__in=list(outcome.built.participants)).values_list(
            "participant_id", "session_id"
        )
    )
    ScheduleMove.objects.bulk_create(
        ScheduleMove(run=run, participant_id=pid, session_id=sid, completes_plan=pid in completed)
        for pid, sid in outcome.best.assignments
        if (pid, sid) not in kept
    )
    ScheduleRisk.objects.bulk_create(
        ScheduleRisk(run=run, participant_id=pid, reasons=optimiser.reasons_as_data(reasons))
        for pid, reasons in outcome.risks.items()
    )
    ScheduleRun.objects.filter(pk=run.pk).update(
        status=RunStatus.FINISHED,
        progress=1.0,
        finished_at=timezone.now(),
        best_completed=outcome.best.completed_count,
        bound=outcome.bound,
        completed_before=outcome.before.completed_count,
        greedy_completed=outcome.greedy.completed_count,
        participants=len(outcome.built.instance.participants),
    )


@transaction.atomic
def schedule_run_apply(*, acting_user: User, run: ScheduleRun) -> int:
    """Enrol everyone the proposal moves, all or nothing, through `session_enrol` (seat locks hold)."""
    locked = ScheduleRun.objects.select_for_update().get(pk=run.pk)
    if locked.status != RunStatus.FINISHED:
        raise ValidationError(ERROR_RUN_NOT_READY)
    moves = list(locked.moves.select_related("participant", "session").order_by("session__starts_on", "pk"))
    with plan_risk_deferred():
        _moves_enrol(acting_user=acting_user, moves=moves)
    locked.status = RunStatus.APPLIED
    locked.save(update_fields=["status"])
    audit_record(actor=acting_user, action=AuditAction.SCHEDULE_RUN_APPLY, target=locked, detail={"moves": len(moves)})
    return len(moves)


def _moves_enrol(*, acting_user: User, moves: list[ScheduleMove]) -> None:
    for move in moves:
        pin = Pin.objects.filter(participant=move.participant, session=move.session)
        try:
            session_enrol(acting_user=acting_user, session=move.session, participant=move.participant)
        except ValidationError as error:
            raise ValidationError(ERROR_RUN_STALE % {"error": " ".join(error.messages)}) from error
        pin.delete()


@transaction.atomic
def schedule_run_discard(*, acting_user: User, run: ScheduleRun) -> None:
    locked = ScheduleRun.objects.select_for_update().get(pk=run.pk)
    if locked.status != RunStatus.FINISHED:
        raise ValidationError(ERROR_RUN_NOT_READY)
    locked.status = RunStatus.DISCARDED
    locked.save(update_fields=["status"])
    audit_record(actor=acting_user, action=AuditAction.SCHEDULE_RUN_DISCARD, target=locked, detail={})


# --- moving and cancelling one meeting ----------------------------------------------------


def _meeting_slot(meeting: Meeting) -> tuple[dt.date, dt.time, dt.time]:
    return (meeting.date, meeting.starts_at, meeting.ends_at)


def _meeting_announce(*, meeting: Meeting, change: str, before: tuple[dt.date, dt.time, dt.time],
                      after: tuple[dt.date, dt.time, dt.time] | None) -> None:
    """Tell the floors above (scheduling/signals.py) once the change has committed."""
    participant_ids = list(
        Enrolment.objects.filter(session_id=meeting.session_id).values_list("participant_id", flat=True)
    )
    # a meeting's day can decide whether the session ends before someone's departure
    plan_risk_refresh(participant_ids=participant_ids)
    session_id, meeting_id = meeting.session_id, (meeting.pk if after is not None else None)
    transaction.on_commit(lambda: meeting_changed.send(
        sender=Meeting, session_id=session_id, meeting_id=meeting_id, change=change,
        before=before, after=after, participant_ids=participant_ids,
    ))


def _meeting_check_future(meeting: Meeting, now: dt.datetime) -> None:
    starts = dt.datetime.combine(meeting.date, meeting.starts_at, tzinfo=timezone.get_current_timezone())
    if starts <= now:
        raise ValidationError(ERROR_MEETING_PAST)


@transaction.atomic
def meeting_move(
    *, acting_user: User, meeting: Meeting, date: dt.date, starts_at: dt.time, ends_at: dt.time,
    now: dt.datetime | None = None,
) -> Meeting:
    """Move one meeting of a session to another day or time (not one that has begun)."""
    now = now or timezone.now()
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _meeting_check_future(locked, now)
    if ends_at <= starts_at:
        raise ValidationError(ERROR_MEETING_TIMES)
    if Meeting.objects.filter(session_id=locked.session_id, date=date, starts_at=starts_at).exclude(
        pk=locked.pk
    ).exists():
        raise ValidationError(ERROR_MEETING_SLOT_TAKEN)
    before = _meeting_slot(locked)
    locked.date, locked.starts_at, locked.ends_at = date, starts_at, ends_at
    locked.full_clean()
    locked.save(update_fields=["date", "starts_at", "ends_at"])
    audit_record(actor=acting_user, action=AuditAction.MEETING_MOVE, target=locked,
                 detail={"session": locked.session_id, "from": before[0].isoformat(), "to": date.isoformat()})
    _meeting_announce(meeting=locked, change="moved", before=before, after=_meeting_slot(locked))
    return locked


@transaction.atomic
def meeting_cancel(*, acting_user: User, meeting: Meeting, now: dt.datetime | None = None) -> None:
    """Cancel one meeting that has not begun (it had no attendance yet, so nothing is lost)."""
    now = now or timezone.now()
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _meeting_check_future(locked, now)
    before = _meeting_slot(locked)
    audit_record(actor=acting_user, action=AuditAction.MEETING_CANCEL, target=locked,
                 detail={"session": locked.session_id, "date": before[0].isoformat()})
    _meeting_announce(meeting=locked, change="cancelled", before=before, after=None)
    locked.delete()


# --- re-planning one person after the departure moved (scheduling/replan.py) ---------------------

ERROR_PROPOSAL_EXPIRED = _("This proposal has expired or was altered. Nothing was applied; look at the new one.")
ERROR_PROPOSAL_STALE = ERROR_RUN_STALE  # the same words for a re-plan as for an optimiser proposal
ERROR_SEAT_STARTED = _("%(module)s has started or was attended: that seat cannot be given up here.")


def _give_up(*, participant_id: int, session: Session) -> str:
    """Drop a seat that has not started: the enrolment (never one with attendance) or the pin.
    Returns "enrolment" or "pin", what was held."""
    enrolment = Enrolment.objects.filter(participant_id=participant_id, session=session).first()
    if enrolment is not None and (session.starts_on <= timezone.localdate() or enrolment.attendances.exists()):
        raise ValidationError(ERROR_SEAT_STARTED % {"module": session.module.code})
    with plan_risk_seats_changing(participant_ids=[participant_id], session_ids=[session.pk]):
        Enrolment.objects.filter(participant_id=participant_id, session=session).delete()
        Pin.objects.filter(participant_id=participant_id, session=session).delete()
    return "enrolment" if enrolment is not None else "pin"


def replan_moved(*, token: str) -> list[int]:
    """Whom a signed proposal moves (for the view's check that the user may move them)."""
    try:
        data = signing.loads(token, salt=replan.SIGNING_SALT, max_age=replan.MAX_AGE)
    except signing.BadSignature as error:
        raise ValidationError(ERROR_PROPOSAL_EXPIRED) from error
    return [int(move[0]) for move in data["moves"]]


@transaction.atomic
def replan_apply(*, acting_user: User, participant: Participant, token: str) -> int:
    """Apply a confirmed proposal: moves first (each other person keeps a promise of the same
    kind, enrolment or pin, in the new session), then the seats given up, then the new
    enrolments, all through the seat locks of `session_enrol`; all or nothing. Returns how
    many enrolments were made for the person."""
    try:
        data = signing.loads(token, salt=replan.SIGNING_SALT, max_age=replan.MAX_AGE)
    except signing.BadSignature as error:
        raise ValidationError(ERROR_PROPOSAL_EXPIRED) from error
    if data["p"] != participant.pk or data["d"] != participant.planned_departure.isoformat():
        raise ValidationError(ERROR_PROPOSAL_EXPIRED)
    ids = {*data["take"], *data["release"], *(m[1] for m in data["moves"]), *(m[2] for m in data["moves"])}
    sessions = Session.objects.select_for_update().select_related("module").in_bulk(ids)
    others = Participant.objects.in_bulk([m[0] for m in data["moves"]])
    made = 0
    try:
        with plan_risk_deferred():
            for other_id, from_id, to_id in data["moves"]:
                other = others[other_id]
                kind = _give_up(participant_id=other_id, session=sessions[from_id])
                if kind == "enrolment":
                    session_enrol(acting_user=acting_user, session=sessions[to_id], participant=other)
                else:
                    with plan_risk_seats_changing(participant_ids=[other_id], session_ids=[to_id]):
                        Pin.objects.create(participant=other, session=sessions[to_id], created_by=acting_user)
                audit_record(actor=acting_user, action=AuditAction.ENROLMENT_MOVE, participant_id=other_id,
                             detail={"from": from_id, "to": to_id, "kind": kind, "for": participant.pk})
            for session_id in data["release"]:
                _give_up(participant_id=participant.pk, session=sessions[session_id])
            for session_id in data["take"]:
                session_enrol(acting_user=acting_user, session=sessions[session_id], participant=participant)
                made += 1
    except (ValidationError, KeyError) as error:
        messages = " ".join(error.messages) if isinstance(error, ValidationError) else ""
        raise ValidationError(ERROR_PROPOSAL_STALE % {"error": messages}) from error
    audit_record(actor=acting_user, action=AuditAction.REPLAN_APPLY, participant_id=participant.pk,
                 detail={"take": data["take"], "release": data["release"], "moves": len(data["moves"])})
    return made
