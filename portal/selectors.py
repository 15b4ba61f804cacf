"""Every read of the portal: one participant's own plan, timetable, attendance, documents."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from assessments.models import Assessment
from certificates.models import Certificate, CertificateStatus
from participants.models import Participant
from plans.models import Plan, PlanItem, PlanStatus
from portal.models import PortalAccount
from returns.models import FollowUp, Return
from returns.selectors import return_case_file
from scheduling.models import Meeting
from training.models import Attendance, AttendanceStatus


def portal_plan(*, participant: Participant) -> tuple[Plan | None, list[PlanItem]]:
    """The agreed plan and its modules in order (None while nothing is agreed)."""
    plan = Plan.objects.filter(participant=participant, status=PlanStatus.FINAL).first()
    if plan is None:
        return None, []
    items = list(
        plan.items.select_related("module", "module__trade")
        .prefetch_related(*_translations_of("module")).order_by("position")
    )
    return plan, items


def _translations_of(module: str) -> tuple[str, str]:
    """The catalogue translations of a module path, prefetched (two queries, not two per row)."""
    return f"{module}__translations", f"{module}__trade__translations"


def portal_timetable(*, participant: Participant, today: dt.date) -> QuerySet[Meeting]:
    """The meetings still to come in the sessions the participant is enrolled in."""
    return _meetings(participant).filter(date__gte=today).order_by("date", "starts_at")


def portal_timetable_past(*, participant: Participant, today: dt.date, limit: int = 20) -> list[Meeting]:
    """The most recent past meetings, oldest first (the page shows them under the coming ones)."""
    return list(reversed(_meetings(participant).filter(date__lt=today).order_by("-date", "-starts_at")[:limit]))


def _meetings(participant: Participant) -> QuerySet[Meeting]:
    return Meeting.objects.filter(session__enrolments__participant=participant).select_related(
        "session", "session__module", "session__module__trade", "session__site"
    ).prefetch_related(*_translations_of("session__module"))


@dataclass(frozen=True)
class AttendanceSummary:
    records: list[Attendance]
    present: int
    excused: int
    absent: int


def portal_attendance(*, participant: Participant) -> AttendanceSummary:
    records = list(
        Attendance.objects.filter(enrolment__participant=participant)
        .only("status", "meeting")  # not the (encrypted) absence reason: the page does not show it
        .select_related("meeting", "meeting__session__module")
        .prefetch_related("meeting__session__module__translations")
        .order_by("meeting__date", "meeting__starts_at")
    )
    present = sum(1 for record in records if record.status == AttendanceStatus.PRESENT)
    excused = sum(1 for record in records if record.status == AttendanceStatus.EXCUSED)
    return AttendanceSummary(records=records, present=present, excused=excused,
                             absent=len(records) - present - excused)


def portal_certificates(*, participant: Participant) -> QuerySet[Certificate]:
    """The participant's valid certificates and confirmations of attendance."""
    return Certificate.objects.filter(participant=participant, status=CertificateStatus.VALID).order_by("-issued_on")


def portal_return_status(*, participant: Participant) -> str | None:
    """The return's status ("returned", "postponed", …), or None while nothing is recorded."""
    return Return.objects.filter(participant=participant).values_list("status", flat=True).first()


@dataclass(frozen=True)
class ReturnOverview:
    handovers: list[Any]  # returns.Handover with .state_shown
    follow_ups_due: list[Any]  # returns.FollowUp not yet answered, soonest first


def portal_return_overview(*, participant: Participant) -> ReturnOverview:
    """Hand-overs and unanswered follow-ups, read through the returns app's own selector."""
    data = return_case_file(participant=participant)
    due = [follow_up for follow_up in data["follow_ups"] if follow_up.answered_on is None]
    return ReturnOverview(handovers=list(data["handovers"]), follow_ups_due=due)


#: a follow-up questionnaire opens from the portal this many days before it is due
FOLLOW_UP_OPEN_DAYS_BEFORE = 14


def follow_up_is_open(follow_up: FollowUp, today: dt.date) -> bool:
    return follow_up.answered_on is None and follow_up.due_on <= today + dt.timedelta(days=FOLLOW_UP_OPEN_DAYS_BEFORE)


def portal_follow_up_answerable(*, participant: Participant, pk: int, today: dt.date) -> FollowUp | None:
    """The participant's own unanswered follow-up `pk`, if it is open to answer now."""
    follow_up = FollowUp.objects.filter(participant=participant, pk=pk).first()
    return follow_up if follow_up is not None and follow_up_is_open(follow_up, today) else None


def portal_self_assessment_latest(*, account: PortalAccount) -> Assessment | None:
    """The last questionnaire the participant filled in themselves."""
    return (
        Assessment.objects.filter(participant_id=account.participant_id, assessed_by=account.user)
        .order_by("-created_at")
        .first()
    )
