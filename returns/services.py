"""Recording the return."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_record
from accounts.models import User
from participants.models import Participant
from returns.models import Return, ReturnStatus

ERROR_DEPARTURE_REQUIRED = _("A return needs the actual departure date.")
ERROR_DEPARTURE_IN_FUTURE = _("The actual departure cannot lie in the future.")
ERROR_REASON_REQUIRED = _("Give a reason when the return is postponed, withdrawn or the person stays.")


@transaction.atomic
def return_record(
    *,
    acting_user: User,
    participant: Participant,
    status: str,
    status_date: dt.date,
    actual_departure: dt.date | None,
    reason: str = "",
    today: dt.date,
) -> Return:
    errors: dict[str, object] = {}
    if status == ReturnStatus.RETURNED and actual_departure is None:
        errors["actual_departure"] = ERROR_DEPARTURE_REQUIRED
    if actual_departure is not None and actual_departure > today:
        errors["actual_departure"] = ERROR_DEPARTURE_IN_FUTURE
    if status != ReturnStatus.RETURNED and not reason.strip():
        errors["reason"] = ERROR_REASON_REQUIRED
    if errors:
        raise ValidationError(errors)
    record = Return.objects.filter(participant=participant).first() or Return(participant=participant)
    record.status = status
    record.status_date = status_date
    record.actual_departure = actual_departure
    record.reason = reason.strip()
    record.recorded_by = acting_user
    record.full_clean()
    record.save()
    audit_record(actor=acting_user, action="return.record", target=record, participant_id=participant.pk,
                 detail={"status": status})
    return record
