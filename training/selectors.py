"""Reads about attendance: the day sheet, rates per participant and module, the week list,
and access (fetch and authorise in one call, 404 for missing and not-yours)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404

from accounts.models import User
from catalogue.units import minutes_between, teaching_units
from participants.models import Participant, ProgrammeExit
from scheduling.models import Enrolment, Meeting, Session
from training import rules
from training.access import session_queryset_recordable_by, session_queryset_visible_for
from training.models import Attendance, AttendanceDay


def attendance_threshold() -> Decimal:
    """Attendance needed for a certificate, in percent: the one place that reads the setting
    REINTEGRA_ATTENDANCE_THRESHOLD (checked at start: 1–100); callers pass it to `training.rules`."""
    return Decimal(settings.REINTEGRA_ATTENDANCE_THRESHOLD)


# Access --------------------------------------------------------------------------


def meeting_get_for_user(*, user: User, pk: int, record: bool = False) -> Meeting:
    sessions = session_queryset_recordable_by(user) if record else session_queryset_visible_for(user)
    try:
        return Meeting.objects.select_related("session__module", "session__site", "session__instructor").get(
            pk=pk, session__in=sessions
        )
    except Meeting.DoesNotExist as exc:
        raise Http404 from exc


def attendance_get_for_user(*, user: User, pk: int, record: bool = False) -> Attendance:
    sessions = session_queryset_recordable_by(user) if record else session_queryset_visible_for(user)
    try:
        return Attendance.objects.select_related(
            "meeting__session__module", "meeting__session__site", "enrolment__participant"
        ).get(pk=pk, meeting__session__in=sessions)
    except Attendance.DoesNotExist as exc:
        raise Http404 from exc


def session_get_for_attendance(*, user: User, pk: int) -> Session:
    try:
        return session_queryset_visible_for(user).select_related("module", "site", "instructor").get(pk=pk)
    except Session.DoesNotExist as exc:
        raise Http404 from exc


# Rates ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceRate:
    """One enrolment's attendance over the meetings held up to a date."""

    attended_minutes: int
    scheduled_minutes: int
    meetings_held: int
    meetings_present: int

    @property
    def rate(self) -> Decimal | None:
        return rules.attendance_rate(attended_minutes=self.attended_minutes, scheduled_minutes=self.scheduled_minutes)

    @property
    def percent(self) -> Decimal | None:
        """For display, one decimal (the rule compares the unrounded rate)."""
        rate = self.rate
        return rate.quantize(Decimal("0.1")) if rate is not None else None

    @property
    def units_attended(self) -> Decimal:
        return teaching_units(self.attended_minutes)

    @property
    def units_scheduled(self) -> Decimal:
        return teaching_units(self.scheduled_minutes)

    def meets(self, threshold: Decimal) -> bool:
        return rules.meets_threshold(rate=self.rate, threshold=threshold)


def attendance_rates(
    *, enrolment_ids: list[int], until: dt.date, enrolment_sessions: dict[int, int] | None = None
) -> dict[int, AttendanceRate]:
    """Rate per enrolment over its session's meetings on or before `until`. Two queries, three
    without `enrolment_sessions` (enrolment id → session id) given."""
    sessions = (
        enrolment_sessions
        if enrolment_sessions is not None
        else dict(Enrolment.objects.filter(pk__in=enrolment_ids).values_list("pk", "session_id"))
    )
    scheduled: dict[int, int] = defaultdict(int)
    held: dict[int, int] = defaultdict(int)
    for session_id, starts_at, ends_at in Meeting.objects.filter(
        session_id__in=set(sessions.values()), date__lte=until
    ).values_list("session_id", "starts_at", "ends_at"):
        scheduled[session_id] += minutes_between(starts_at, ends_at)
        held[session_id] += 1
    attended: dict[int, int] = defaultdict(int)
    present: dict[int, int] = defaultdict(int)
    for enrolment_id, minutes, status in Attendance.objects.filter(
        enrolment_id__in=enrolment_ids, meeting__date__lte=until
    ).values_list("enrolment_id", "minutes_attended", "status"):
        attended[enrolment_id] += minutes
        present[enrolment_id] += status == rules.PRESENT
    return {
        enrolment_id: AttendanceRate(
            attended_minutes=attended[enrolment_id],
            scheduled_minutes=scheduled[session_id],
            meetings_held=held[session_id],
            meetings_present=present[enrolment_id],
        )
        for enrolment_id, session_id in sessions.items()
    }


# The day sheet ---------------------------------------------------------------------


@dataclass(frozen=True)
class DayRow:
    enrolment: Enrolment
    attendance: Attendance | None
    rate: AttendanceRate
    #: the day the participant left the programme, when that was on or before this meeting
    left_on: dt.date | None = None


@dataclass(frozen=True)
class DaySheet:
    meeting: Meeting
    day: AttendanceDay | None
    rows: list[DayRow]
    threshold: Decimal

    @property
    def locked(self) -> bool:
        return self.day is not None and self.day.locked

    @property
    def units(self) -> Decimal:
        return teaching_units(minutes_between(self.meeting.starts_at, self.meeting.ends_at))


def _left_by(participant: Participant, day: dt.date) -> dt.date | None:
    try:
        left_on = participant.programme_exit.left_on  # selected with the enrolment: no query
    except ProgrammeExit.DoesNotExist:
        return None
    return left_on if left_on <= day else None


def attendance_day_sheet(*, meeting: Meeting, today: dt.date) -> DaySheet:
    """Everyone enrolled in the meeting's session, their row for the day and their rate so far."""
    enrolments = list(
        Enrolment.objects.filter(session_id=meeting.session_id)
        .select_related("participant__programme_exit")  # the sheet marks who has left the programme
        .order_by("participant__last_name", "participant__first_name", "pk")
    )
    attendances = {
        a.enrolment_id: a
        for a in Attendance.objects.filter(meeting=meeting).prefetch_related(
            Prefetch("corrections", to_attr="correction_list")
        ).select_related("recorded_by")
    }
    rates = attendance_rates(
        enrolment_ids=[e.pk for e in enrolments], until=max(today, meeting.date),
        enrolment_sessions={e.pk: e.session_id for e in enrolments},
    )
    day = AttendanceDay.objects.select_related("countersigned_by", "scan_uploaded_by").filter(meeting=meeting).first()
    return DaySheet(
        meeting=meeting,
        day=day,
        rows=[
            DayRow(enrolment=e, attendance=attendances.get(e.pk), rate=rates[e.pk],
                   left_on=_left_by(e.participant, meeting.date))
            for e in enrolments
        ],
        threshold=attendance_threshold(),
    )


# The week list -----------------------------------------------------------------------


@dataclass(frozen=True)
class WeekList:
    session: Session
    year: int
    week: int
    meetings: list[Meeting]
    enrolments: list[Enrolment]
    #: (enrolment id, meeting id) → attendance
    cells: dict[tuple[int, int], Attendance]
    days: dict[int, AttendanceDay]

    def cell(self, enrolment: Enrolment, meeting: Meeting) -> Attendance | None:
        return self.cells.get((enrolment.pk, meeting.pk))


def week_bounds(*, year: int, week: int) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of the ISO week (ValueError for a week that does not exist)."""
    monday = dt.date.fromisocalendar(year, week, 1)
    return monday, monday + dt.timedelta(days=6)


def attendance_week_list(*, session: Session, year: int, week: int) -> WeekList:
    monday, sunday = week_bounds(year=year, week=week)
    meetings = list(session.meetings.filter(date__range=(monday, sunday)).order_by("date", "starts_at"))
    enrolments = list(
        session.enrolments.select_related("participant").order_by("participant__last_name", "participant__first_name")
    )
    cells = {
        (a.enrolment_id, a.meeting_id): a for a in Attendance.objects.filter(meeting__in=meetings)
    }
    days = {
        d.meeting_id: d for d in AttendanceDay.objects.filter(meeting__in=meetings).select_related("countersigned_by")
    }
    return WeekList(session=session, year=year, week=week, meetings=meetings, enrolments=enrolments, cells=cells,
                    days=days)


def session_weeks(*, session: Session) -> list[tuple[int, int]]:
    """The ISO weeks (year, week) in which the session meets, in order."""
    weeks: list[tuple[int, int]] = []
    for date in session.meetings.order_by("date").values_list("date", flat=True):
        iso = date.isocalendar()
        key = (iso.year, iso.week)
        if key not in weeks:
            weeks.append(key)
    return weeks
