"""Recording what happened in a session: attendance per meeting and results."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_record
from accounts.models import User
from scheduling.models import Enrolment, Meeting, Session
from training.models import Attendance, Result

ERROR_NOT_IN_SESSION = _("This participant is not enrolled in the session.")
ERROR_MEETING_IN_FUTURE = _("Attendance cannot be recorded before the meeting took place.")


@transaction.atomic
def attendance_record(
    *, acting_user: User, meeting: Meeting, statuses: dict[int, str], today: dt.date
) -> list[Attendance]:
    """Record attendance for one meeting: `statuses` maps enrolment id → status."""
    if meeting.date > today:
        raise ValidationError(ERROR_MEETING_IN_FUTURE)
    enrolments = {e.pk: e for e in Enrolment.objects.filter(session_id=meeting.session_id)}
    saved = []
    for enrolment_id, status in statuses.items():
        if enrolment_id not in enrolments:
            raise ValidationError(ERROR_NOT_IN_SESSION)
        attendance, _created = Attendance.objects.update_or_create(
            meeting=meeting, enrolment_id=enrolment_id, defaults={"status": status, "recorded_by": acting_user}
        )
        attendance.full_clean()
        saved.append(attendance)
    audit_record(actor=acting_user, action="attendance.record", target=meeting,
                 detail={"entries": len(saved)})
    return saved


@transaction.atomic
def result_record(
    *, acting_user: User, session: Session, outcomes: dict[int, str], recorded_on: dt.date
) -> list[Result]:
    """Record the practical result per enrolment: `outcomes` maps enrolment id → passed/failed."""
    enrolments = {e.pk: e for e in Enrolment.objects.filter(session=session)}
    saved = []
    for enrolment_id, outcome in outcomes.items():
        enrolment = enrolments.get(enrolment_id)
        if enrolment is None:
            raise ValidationError(ERROR_NOT_IN_SESSION)
        result, _created = Result.objects.update_or_create(
            enrolment=enrolment,
            defaults={"outcome": outcome, "recorded_by": acting_user, "recorded_on": recorded_on},
        )
        result.full_clean()
        saved.append(result)
        audit_record(actor=acting_user, action="result.record", target=result,
                     participant_id=enrolment.participant_id, detail={"outcome": outcome})
    return saved
