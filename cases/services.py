"""Writes about the case as a whole: leaving the programme early (and coming back).

The early exit lives here, on the roof, because it reaches down into later stages: it
checks the return record and cancels enrolments in sessions not yet started."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_record
from accounts.models import AuditAction, User
from participants.models import ExitReason, Participant, ProgrammeExit
from participants.services import ERROR_PARTICIPANT_ANONYMISED
from returns.models import Return, ReturnStatus
from scheduling.models import Enrolment
from scheduling.risk import plan_risk_refresh, plan_risk_seats_changing

ERROR_EXIT_IN_FUTURE = _("The day of leaving lies in the future.")
ERROR_EXIT_BEFORE_INTAKE = _("The day of leaving lies before the intake date (%(intake)s).")
ERROR_EXIT_REASON = _("Choose the reason for leaving from the list.")
ERROR_EXIT_AFTER_RETURN = _("The participant departed on %(day)s: the day of leaving the programme must lie before it.")


@transaction.atomic
def programme_exit_record(
    *, acting_user: User, participant: Participant, left_on: dt.date, reason: str
) -> ProgrammeExit:
    """Record (or correct) that the participant left the programme early, with a coded reason.

    Enrolments in sessions that start after the day of leaving and hold nothing yet (no
    attendance, no result) are cancelled, so their places go to others and the scheduler
    stops planning the person; what was attended stays on record (a confirmation of
    attendance can still be issued). Audited with the reason code, the day and how many
    enrolments were cancelled."""
    if participant.anonymised_at is not None:
        raise ValidationError(ERROR_PARTICIPANT_ANONYMISED)
    errors: dict[str, list[Any]] = {}
    if left_on > timezone.localdate():
        errors["left_on"] = [ERROR_EXIT_IN_FUTURE]
    elif left_on < participant.intake_date:
        errors["left_on"] = [ValidationError(
            ERROR_EXIT_BEFORE_INTAKE, params={"intake": participant.intake_date.strftime("%d.%m.%Y")}
        )]
    if reason not in ExitReason.values:
        errors["reason"] = [ERROR_EXIT_REASON]
    if errors:
        raise ValidationError(errors)
    departed = (
        Return.objects.filter(participant=participant, status=ReturnStatus.RETURNED)
        .values_list("actual_departure", flat=True)
        .first()
    )
    if departed is not None and departed <= left_on:
        raise ValidationError(
            {"left_on": ValidationError(ERROR_EXIT_AFTER_RETURN, params={"day": departed.strftime("%d.%m.%Y")})}
        )
    record, created = ProgrammeExit.objects.update_or_create(
        participant=participant, defaults={"left_on": left_on, "reason": reason, "recorded_by": acting_user}
    )
    untouched = Enrolment.objects.filter(
        participant=participant, session__starts_on__gt=left_on, attendances__isnull=True, result__isnull=True
    )
    cancelled = [(enrolment.pk, enrolment.session_id) for enrolment in untouched.distinct()]
    # The person leaves the at-risk list; the seats freed may take others off it.
    with plan_risk_seats_changing(participant_ids=[participant.pk], session_ids=[s for _pk, s in cancelled]):
        Enrolment.objects.filter(pk__in=[pk for pk, _session in cancelled]).delete()
    audit_record(
        actor=acting_user, action=AuditAction.PARTICIPANT_EXIT if created else AuditAction.PARTICIPANT_EXIT_CORRECT,
        target=record,
        participant_id=participant.pk,
        detail={"reason": reason, "left_on": left_on.isoformat(),
                "enrolments_cancelled": [session for _pk, session in cancelled]},
    )
    return record


@transaction.atomic
def programme_exit_undo(*, acting_user: User, participant: Participant) -> None:
    """The person came back: the early exit is removed (cancelled enrolments are not
    restored — enrol again where there is room). Audited with what was removed."""
    record = ProgrammeExit.objects.select_for_update().filter(participant=participant).first()
    if record is None:
        return
    audit_record(
        actor=acting_user, action=AuditAction.PARTICIPANT_EXIT_UNDO, target=record, participant_id=participant.pk,
        detail={"reason": record.reason, "left_on": record.left_on.isoformat()},
    )
    record.delete()
    plan_risk_refresh(participant_ids=[participant.pk])
