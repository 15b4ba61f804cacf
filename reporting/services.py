"""Writes for reporting: closing a reporting period freezes its report."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_record
from accounts.models import AuditAction, User
from funding.models import ReportingPeriod
from reporting.indicators import programme_report
from reporting.models import FrozenReport
from reporting.selectors import content_hash, record_fingerprints, report_data, reporting_period_scope

ERROR_ALREADY_CLOSED = _("This reporting period is closed already; its frozen report cannot change.")
ERROR_NOT_ENDED = _("This reporting period ends on %(end)s; it can be closed from the day after it ended.")


def reporting_period_can_close(*, reporting_period: ReportingPeriod, today: dt.date | None = None) -> bool:
    """A period closes once its last day is over (its figures could still grow before)."""
    return reporting_period.ends_on < (today or timezone.localdate())


@transaction.atomic
def reporting_period_close(*, reporting_period: ReportingPeriod, acting_user: User) -> FrozenReport:
    """Freeze the period's figures (exact, as staff see them; suppression is applied when shown)."""
    period = ReportingPeriod.objects.select_for_update().get(pk=reporting_period.pk)
    if FrozenReport.objects.filter(reporting_period=period).exists():
        raise ValidationError(ERROR_ALREADY_CLOSED, code="closed")
    if not reporting_period_can_close(reporting_period=period):
        raise ValidationError(
            ERROR_NOT_ENDED, code="not_ended", params={"end": date_format(period.ends_on, "SHORT_DATE_FORMAT")}
        )
    scope = reporting_period_scope(period)
    values = report_data(programme_report(scope))
    frozen = FrozenReport(
        reporting_period=period, values=values, content_hash=content_hash(values),
        fingerprints=record_fingerprints(scope), closed_by=acting_user,
    )
    frozen.full_clean()
    frozen.save()
    audit_record(
        actor=acting_user, action=AuditAction.REPORTING_PERIOD_CLOSE, target=frozen,
        detail={"reporting_period": period.pk, "content_hash": frozen.content_hash,
                "records": len(frozen.fingerprints)},
    )
    return frozen
