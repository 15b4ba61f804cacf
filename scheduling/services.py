"""Writes about sessions and enrolments. Enrolment locks the session row so seats never overbook."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_record
from accounts.models import Role, Site, User
from catalogue.models import Module
from participants.models import Participant
from plans.models import PlanStatus
from scheduling.models import Enrolment, Meeting, Session

ERROR_SESSION_FULL = _("This session is full.")
ERROR_ENDS_AFTER_DEPARTURE = _("This session ends on %(ends)s, after the planned departure on %(departure)s.")
ERROR_ALREADY_ENROLLED = _("The participant is already enrolled in this session.")
ERROR_NOT_IN_PLAN = _("Module %(code)s is not in the participant's agreed plan.")
ERROR_NO_MEETING_DAYS = _("No meeting falls on the chosen weekdays between the start and end date.")
ERROR_INSTRUCTOR_ROLE = _("The instructor must have the instructor role.")
ERROR_END_BEFORE_START = _("The end date lies before the start date.")


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
) -> Session:
    """Create a session and one meeting on each chosen weekday (0 = Monday) in its date range."""
    if instructor.role != Role.INSTRUCTOR:
        raise ValidationError({"instructor": ERROR_INSTRUCTOR_ROLE})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": ERROR_END_BEFORE_START})
    days = [
        starts_on + dt.timedelta(days=offset)
        for offset in range((ends_on - starts_on).days + 1)
        if (starts_on + dt.timedelta(days=offset)).weekday() in weekdays
    ]
    if not days:
        raise ValidationError({"weekdays": ERROR_NO_MEETING_DAYS})
    session = Session(
        module=module, site=site, instructor=instructor, starts_on=days[0], ends_on=days[-1], capacity=capacity
    )
    session.full_clean()
    session.save()
    Meeting.objects.bulk_create(
        Meeting(session=session, date=day, starts_at=starts_at, ends_at=ends_at) for day in days
    )
    audit_record(actor=acting_user, action="session.create", target=session, detail={"meetings": len(days)})
    return session


@transaction.atomic
def session_enrol(*, acting_user: User, session: Session, participant: Participant) -> Enrolment:
    """Enrol one participant. The session row is locked first, so concurrent requests queue."""
    locked = Session.objects.select_for_update().select_related("module").get(pk=session.pk)
    if Enrolment.objects.filter(session=locked, participant=participant).exists():
        raise ValidationError(ERROR_ALREADY_ENROLLED)
    in_plan = participant.plans.filter(status=PlanStatus.FINAL, items__module=locked.module_id).exists()
    if not in_plan:
        raise ValidationError(ERROR_NOT_IN_PLAN % {"code": locked.module.code})
    if locked.ends_on > participant.planned_departure:
        raise ValidationError(
            ERROR_ENDS_AFTER_DEPARTURE
            % {"ends": f"{locked.ends_on:%d.%m.%Y}", "departure": f"{participant.planned_departure:%d.%m.%Y}"}
        )
    if Enrolment.objects.filter(session=locked).count() >= locked.capacity:
        raise ValidationError(ERROR_SESSION_FULL)
    enrolment = Enrolment.objects.create(session=locked, participant=participant, enrolled_by=acting_user)
    audit_record(
        actor=acting_user,
        action="enrolment.create",
        target=enrolment,
        participant_id=participant.pk,
        detail={"session": locked.pk},
    )
    return enrolment
