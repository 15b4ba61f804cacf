"""Writes for reporting: closing a reporting period freezes its report."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_record
from accounts.models import AuditAction, User
from funding.models import ReportingPeriod
from reporting.indicators import programme_report
from reporting.models import FrozenReport
from reporting.selectors import content_hash, record_fingerprints, report_data, reporting_period_scope

ERROR_ALREADY_CLOSED = _("This reporting period is closed already; its frozen report cannot change.")


@transaction.atomic
def reporting_period_close(*, reporting_period: ReportingPeriod, acting_user: User) -> FrozenReport:
    """Freeze the period's figures (exact, as staff see them; suppression is applied when shown)."""
    period = ReportingPeriod.objects.select_for_update().get(pk=reporting_period.pk)
    if FrozenReport.objects.filter(reporting_period=period).exists():
        raise ValidationError(ERROR_ALREADY_CLOSED, code="closed")
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
