import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from funding.models import Funder, FunderKind, FundingLine, Project, ProjectExtension


@pytest.fixture
def project() -> Project:
    return Project.objects.create(name="RQ", starts_on=dt.date(2020, 10, 1), ends_on=dt.date(2021, 12, 31))


@pytest.mark.django_db
def test_the_current_end_follows_the_latest_extension_decision(project: Project) -> None:
    assert project.current_end == dt.date(2021, 12, 31)
    ProjectExtension.objects.create(project=project, new_end=dt.date(2022, 6, 30), decided_on=dt.date(2021, 9, 1))
    ProjectExtension.objects.create(project=project, new_end=dt.date(2022, 12, 31), decided_on=dt.date(2022, 3, 15))
    assert project.current_end == dt.date(2022, 12, 31)
    assert project.extensions.count() == 2  # earlier decisions are kept


@pytest.mark.django_db
def test_a_project_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValidationError):
        Project(name="x", starts_on=dt.date(2022, 1, 1), ends_on=dt.date(2021, 1, 1)).full_clean()


@pytest.mark.django_db
def test_retention_runs_from_the_final_report(project: Project) -> None:
    funder = Funder.objects.create(code="lfar", name="LfAR", kind=FunderKind.STATE)
    line = FundingLine(project=project, funder=funder, project_number="P-1", name="Land", share_percent=Decimal(40))
    assert line.retention_ends_on() is None  # no final report yet: nothing may go
    line.final_report_on = dt.date(2024, 2, 29)
    assert line.retention_ends_on() == dt.date(2034, 2, 28)
    line.retention_years = 5
    line.final_report_on = dt.date(2023, 6, 30)
    assert line.retention_ends_on() == dt.date(2028, 6, 30)


@pytest.mark.django_db
def test_a_share_above_100_percent_is_refused(project: Project) -> None:
    funder = Funder.objects.create(code="eu", name="AMIF", kind=FunderKind.EU)
    line = FundingLine(project=project, funder=funder, project_number="P-2", name="EU", share_percent=Decimal(120))
    with pytest.raises(ValidationError) as caught:
        line.full_clean()
    assert "share_percent" in caught.value.message_dict
