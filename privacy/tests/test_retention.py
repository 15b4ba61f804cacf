from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalogue.tests.factories import ModuleFactory
from certificates.tests.factories import passed
from participants.tests.factories import ParticipantFactory
from privacy.retention import retention_cutoff, retention_ends_on
from privacy.selectors import participant_list_retention_due
from reporting.tests.factories import ReturnFactory

days = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2200, 12, 31))


@given(basis=days, today=days, years=st.integers(min_value=1, max_value=50))
def test_cutoff_selects_exactly_those_whose_retention_ended(basis, today, years):
    assert (basis < retention_cutoff(today=today, years=years)) == (retention_ends_on(basis=basis, years=years) < today)


@given(basis=days, years=st.integers(min_value=1, max_value=50))
def test_retention_ends_on_the_last_day_of_a_year_at_least_years_later(basis, years):
    end = retention_ends_on(basis=basis, years=years)
    assert (end.month, end.day) == (12, 31)
    assert end.year == basis.year + years


def test_cutoff_before_year_one_selects_nobody():
    assert retention_cutoff(today=dt.date(2025, 6, 1), years=2025) == dt.date.min


@pytest.mark.django_db
def test_due_counts_from_the_end_of_the_year_of_the_return(counsellor_a):
    person = ParticipantFactory(site=counsellor_a.site, counsellor=counsellor_a, intake_date=dt.date(2013, 2, 1))
    ReturnFactory(participant=person, status="returned", actual_departure=dt.date(2014, 3, 1),
                  status_date=dt.date(2014, 3, 1))
    assert list(participant_list_retention_due(today=dt.date(2024, 12, 31), years=10)) == []
    assert list(participant_list_retention_due(today=dt.date(2025, 1, 1), years=10)) == [person]


@pytest.mark.django_db
def test_without_a_return_the_last_activity_counts(counsellor_a, instructor_a):
    person = ParticipantFactory(site=counsellor_a.site, counsellor=counsellor_a, intake_date=dt.date(2012, 5, 1))
    passed(participant=person, module=ModuleFactory(), instructor=instructor_a,
           starts_on=dt.date(2014, 6, 2), ends_on=dt.date(2014, 6, 6))
    # The result is recorded on the session's last day, 2014-06-06: basis year 2014.
    assert list(participant_list_retention_due(today=dt.date(2024, 12, 31), years=10)) == []
    assert list(participant_list_retention_due(today=dt.date(2025, 1, 1), years=10)) == [person]


@pytest.mark.django_db
def test_only_intake_counts_when_nothing_else_happened(counsellor_a):
    person = ParticipantFactory(site=counsellor_a.site, counsellor=counsellor_a, intake_date=dt.date(2012, 5, 1))
    assert list(participant_list_retention_due(today=dt.date(2023, 1, 1), years=10)) == [person]
    assert list(participant_list_retention_due(today=dt.date(2023, 1, 1), years=11)) == []


@pytest.mark.django_db
def test_anonymised_participants_are_not_due_again(counsellor_a):
    from django.utils import timezone

    ParticipantFactory(site=counsellor_a.site, counsellor=counsellor_a, intake_date=dt.date(2001, 5, 1),
                       anonymised_at=timezone.now())
    assert list(participant_list_retention_due(today=dt.date(2025, 1, 1), years=10)) == []
