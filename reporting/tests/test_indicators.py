"""Each figure against its written definition, edge by edge."""

import datetime as dt
from fractions import Fraction

import pytest

from certificates.models import CertificateStatus
from certificates.tests.factories import CertificateFactory, PlanFactory
from participants.tests.factories import ParticipantFactory
from plans.models import PlanStatus
from reporting import indicators
from reporting.indicators import (
    GLOSSARY,
    Figures,
    participants_qualified,
    participants_qualified_and_returned,
    participants_returned,
    participants_started,
    programme_figures,
    share_qualified_and_returned,
)
from reporting.periods import Period
from reporting.tests.factories import ReturnFactory
from returns.models import ReturnStatus

pytestmark = pytest.mark.django_db

PERIOD = Period(start=dt.date(2024, 7, 1), end=dt.date(2025, 6, 30))
MID_PERIOD = dt.date(2024, 10, 15)


@pytest.fixture
def start(counsellor_a):
    """Make a participant who started on a day; all share one counsellor, as each new
    user costs a password hash."""

    def _start(*, on=MID_PERIOD, **kwargs):
        kwargs.setdefault("counsellor", counsellor_a)
        kwargs.setdefault("site", counsellor_a.site)
        return ParticipantFactory(intake_date=on, **kwargs)

    return _start


def certified(participant, *, on=None, status=CertificateStatus.VALID):
    return CertificateFactory(participant=participant, issued_on=on or MID_PERIOD, status=status)


def returned_home(participant, *, on=None, status=ReturnStatus.RETURNED):
    # Only a return that happened has a departure date (a database constraint).
    departure = (on or MID_PERIOD) if status == ReturnStatus.RETURNED else None
    return ReturnFactory(
        participant=participant, status=status, actual_departure=departure,
        status_date=departure or MID_PERIOD,
    )


# --- participants_started -------------------------------------------------------------


def test_started_counts_intakes_in_the_period_both_ends_included(start):
    start(on=PERIOD.start)
    start(on=PERIOD.end)
    start(on=MID_PERIOD)
    start(on=PERIOD.start - dt.timedelta(days=1))
    start(on=PERIOD.end + dt.timedelta(days=1))
    assert participants_started(period=PERIOD) == 3


def test_started_counts_every_site(start, site_b, counsellor_b):
    start()
    start(site=site_b, counsellor=counsellor_b)
    assert participants_started(period=PERIOD) == 2


# --- participants_qualified -------------------------------------------------------------


def test_qualified_counts_a_valid_certificate_issued_by_the_end_of_the_period(start):
    certified(start(), on=MID_PERIOD)
    certified(start(), on=PERIOD.end)
    certified(start(), on=PERIOD.end + dt.timedelta(days=1))  # too late for this period
    start()  # no certificate
    assert participants_qualified(period=PERIOD) == 2


@pytest.mark.parametrize("status", [CertificateStatus.REVOKED, CertificateStatus.SUPERSEDED])
def test_qualified_ignores_certificates_no_longer_valid(start, status):
    certified(start(), status=status)
    assert participants_qualified(period=PERIOD) == 0


def test_qualified_counts_a_person_with_two_valid_certificates_once(start):
    amina = start()
    first_plan = PlanFactory(participant=amina, status=PlanStatus.SUPERSEDED)
    second_plan = PlanFactory(participant=amina, status=PlanStatus.FINAL)
    CertificateFactory(participant=amina, plan=first_plan, issued_on=MID_PERIOD)
    CertificateFactory(participant=amina, plan=second_plan, issued_on=MID_PERIOD)
    assert participants_qualified(period=PERIOD) == 1


def test_qualified_ignores_people_who_started_outside_the_period(start):
    certified(start(on=PERIOD.start - dt.timedelta(days=1)), on=MID_PERIOD)
    assert participants_qualified(period=PERIOD) == 0


# --- participants_returned ------------------------------------------------------------


def test_returned_counts_departures_by_the_end_of_the_period(start):
    returned_home(start(), on=MID_PERIOD)
    returned_home(start(), on=PERIOD.end)
    returned_home(start(), on=PERIOD.end + dt.timedelta(days=1))  # too late for this period
    start()  # no return recorded
    assert participants_returned(period=PERIOD) == 2


@pytest.mark.parametrize("status", [ReturnStatus.POSTPONED, ReturnStatus.WITHDRAWN, ReturnStatus.STAYS])
def test_returned_ignores_returns_that_did_not_happen(start, status):
    returned_home(start(), status=status)
    assert participants_returned(period=PERIOD) == 0


def test_returned_ignores_people_who_started_outside_the_period(start):
    returned_home(start(on=PERIOD.end + dt.timedelta(days=1)), on=PERIOD.end)
    assert participants_returned(period=PERIOD) == 0


# --- participants_qualified_and_returned and the share ----------------------------------


def test_qualified_and_returned_needs_both(start):
    amina = start()
    certified(amina)
    returned_home(amina)
    certified(start())  # qualified, still here
    returned_home(start())  # returned without a certificate
    start()  # neither
    assert participants_qualified_and_returned(period=PERIOD) == 1
    assert share_qualified_and_returned(period=PERIOD) == Fraction(1, 4)


def test_qualified_and_returned_needs_both_by_the_end_of_the_period(start):
    late = start()
    certified(late, on=PERIOD.end + dt.timedelta(days=1))
    returned_home(late, on=MID_PERIOD)
    assert participants_qualified_and_returned(period=PERIOD) == 0


def test_no_share_when_nobody_started():
    assert programme_figures(period=PERIOD) == Figures(
        period=PERIOD, started=0, qualified=0, returned=0, qualified_and_returned=0
    )
    assert share_qualified_and_returned(period=PERIOD) is None


def test_the_funders_example_half_qualified_and_returned(start):
    """'In the last 12 months 4 participants; 50 % qualified with a certificate and returned.'"""
    for _ in range(2):
        person = start()
        certified(person)
        returned_home(person)
    certified(start(), status=CertificateStatus.REVOKED)
    returned_home(start(), status=ReturnStatus.POSTPONED)

    figures = programme_figures(period=PERIOD)

    assert figures == Figures(period=PERIOD, started=4, qualified=2, returned=2, qualified_and_returned=2)
    assert figures.share_qualified_and_returned == Fraction(1, 2)


# --- cost -------------------------------------------------------------------------------


def _populate(start, count):
    for index in range(count):
        person = start()
        if index % 2:
            certified(person)
        if index % 3:
            returned_home(person)


@pytest.mark.parametrize("count", [0, 1, 25])
def test_all_figures_take_one_query_whatever_the_data(start, django_assert_num_queries, count):
    _populate(start, count)
    with django_assert_num_queries(1):
        programme_figures(period=PERIOD)


# --- glossary ---------------------------------------------------------------------------


def test_glossary_shows_exactly_what_the_functions_document():
    documented = [
        participants_started, indicators.participants_active, indicators.participants_finished,
        indicators.participants_with_plan, participants_qualified, participants_returned,
        participants_qualified_and_returned, share_qualified_and_returned, indicators.participants_dropped_out,
        indicators.participants_left_early, indicators.module_hours_delivered,
        indicators.median_days_intake_to_return, indicators.breakdown_age_band, indicators.breakdown_trade,
    ]
    assert [str(definition) for _, definition in GLOSSARY] == [f.__doc__ for f in documented]
    assert [str(name) for name, _ in GLOSSARY] == [
        "Started", "Active", "Finished", "With a plan", "Qualified", "Returned", "Qualified and returned",
        "Share qualified and returned", "Dropped out", "Dropped out: left the programme early",
        "Module hours delivered", "Median days from intake to return", "Age band", "Trade",
    ]


def test_every_public_indicator_is_in_the_glossary():
    public = [
        name for name in dir(indicators)
        if name.startswith(("participants_", "share_", "module_", "median_", "breakdown_"))
        and callable(getattr(indicators, name))
    ]
    documented = {getattr(indicators, name).__doc__ for name in public}
    assert documented == {str(definition) for _, definition in GLOSSARY}
