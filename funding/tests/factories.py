import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from funding.models import Funder, FunderKind, FundingLine, Project


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    name = "Reintegra"
    starts_on = dt.date(2024, 1, 1)
    # Running for years from today: an ended project's lines take no new participants.
    ends_on = factory.LazyFunction(lambda: timezone.localdate().replace(month=12, day=31) + dt.timedelta(days=3 * 365))


class FunderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Funder

    code = factory.Sequence(lambda n: f"funder{n}")
    name = factory.Sequence(lambda n: f"Funder {n}")
    kind = FunderKind.FEDERAL


class FundingLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingLine

    project = factory.SubFactory(ProjectFactory)
    funder = factory.SubFactory(FunderFactory)
    project_number = factory.Sequence(lambda n: f"PN-{n:04d}")
    name = factory.Sequence(lambda n: f"Line {n}")
    share_percent = Decimal("50")
