"""Returns as reporting needs them, made through the ORM.

Plans and certificates come from certificates/tests/factories.py; move ReturnFactory
to returns/tests/factories.py once that app has one.
"""

import datetime as dt

import factory

from participants.tests.factories import ParticipantFactory
from returns.models import Return, ReturnStatus


class ReturnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Return

    participant = factory.SubFactory(ParticipantFactory)
    status = ReturnStatus.RETURNED
    actual_departure = factory.LazyAttribute(
        lambda ret: ret.participant.intake_date + dt.timedelta(days=120)
    )
    status_date = factory.LazyAttribute(
        lambda ret: ret.actual_departure or ret.participant.intake_date + dt.timedelta(days=120)
    )
    recorded_by = factory.SelfAttribute("participant.counsellor")


def reporting_period_for(world):
    """A reporting period of a funding line (for the URL matrix); made once."""
    from funding.models import Funder, FunderKind, FundingLine, Project, ReportingPeriod

    period = ReportingPeriod.objects.filter(name="matrix").first()
    if period is None:
        project = Project.objects.create(name="RQ", starts_on=dt.date(2020, 10, 1), ends_on=dt.date(2030, 12, 31))
        funder = Funder.objects.create(code="matrix", name="Matrix funder", kind=FunderKind.STATE)
        line = FundingLine.objects.create(
            project=project, funder=funder, project_number="MATRIX-1", name="Matrix", share_percent=50
        )
        period = ReportingPeriod.objects.create(
            funding_line=line, name="matrix", starts_on=dt.date(2020, 10, 1), ends_on=dt.date(2030, 12, 31)
        )
    return period


def funding_line_of(funder_user, *, code="lfar"):
    """Give a funder account a funder with one funding line; returns the line."""
    from funding.models import Funder, FunderKind, FundingLine, Project

    project = Project.objects.create(name="RQ", starts_on=dt.date(2020, 10, 1), ends_on=dt.date(2030, 12, 31))
    funder = Funder.objects.create(code=code, name=f"Funder {code}", kind=FunderKind.STATE)
    funder_user.funder = funder
    funder_user.save(update_fields=["funder"])
    return FundingLine.objects.create(
        project=project, funder=funder, project_number=f"{code.upper()}-1", name=code, share_percent=50
    )
