"""The full report: every counting rule on crafted data, breakdowns, and its cost."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.tests.factories import ModuleFactory, TradeFactory
from certificates.tests.factories import CertificateFactory, PlanFactory, final_plan_with, passed
from plans.models import PlanStatus
from reporting.indicators import AGE_BANDS, Scope, _age_band_sql, programme_report
from reporting.periods import Period
from reporting.selectors import drill_down_participants
from reporting.tests.factories import ReturnFactory
from returns.models import ReturnStatus

pytestmark = pytest.mark.django_db

PERIOD = Period(start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
SCOPE = Scope(period=PERIOD)


def by_key(report, dimension):
    return {row.key: row for row in report.breakdowns[dimension]}


def test_active_finished_and_drop_outs_with_their_reasons(start):
    start()  # active: nothing recorded yet
    ReturnFactory(participant=start(), actual_departure=dt.date(2025, 9, 1))  # returned
    for status in (ReturnStatus.WITHDRAWN, ReturnStatus.STAYS, ReturnStatus.STAYS):
        ReturnFactory(participant=start(), status=status, actual_departure=None, status_date=dt.date(2025, 6, 1))
    # A drop-out recorded after the period ends does not count for it.
    ReturnFactory(
        participant=start(), status=ReturnStatus.STAYS, actual_departure=None, status_date=dt.date(2026, 2, 1)
    )
    ReturnFactory(participant=start(), status=ReturnStatus.POSTPONED, actual_departure=None)

    total = programme_report(SCOPE).total

    assert total.started == 7
    assert (total.returned, total.dropped_out, total.dropped_out_withdrawn, total.dropped_out_stays) == (1, 3, 1, 2)
    assert total.finished == 4
    assert total.active == 3


def test_with_plan_counts_an_agreement_by_the_end_of_the_period(start):
    PlanFactory(participant=start(), agreed_on=dt.date(2025, 4, 1))
    PlanFactory(participant=start(), agreed_on=dt.date(2026, 1, 5))  # agreed after the period
    PlanFactory(participant=start(), status=PlanStatus.DRAFT, agreed_on=None)
    start()

    assert programme_report(SCOPE).total.with_plan == 1


def test_module_hours_add_up_results_recorded_by_the_end_of_the_period(start):
    person = start()
    passed(participant=person, module=ModuleFactory(hours=Decimal("40")), starts_on=dt.date(2025, 4, 1),
           ends_on=dt.date(2025, 4, 10))
    passed(participant=person, module=ModuleFactory(hours=Decimal("12.5")), outcome="failed",
           starts_on=dt.date(2025, 5, 1), ends_on=dt.date(2025, 5, 3))
    passed(participant=person, module=ModuleFactory(hours=Decimal("80")), starts_on=dt.date(2026, 1, 10),
           ends_on=dt.date(2026, 1, 20))  # result after the period

    assert programme_report(SCOPE).total.module_hours == Decimal("52.5")


def test_median_days_from_intake_to_return(start):
    for days in (30, 100, 200):
        person = start(on=dt.date(2025, 1, 1))
        ReturnFactory(participant=person, actual_departure=dt.date(2025, 1, 1) + dt.timedelta(days=days))
    assert programme_report(SCOPE).total.median_days_to_return == Decimal("100.0")
    person = start(on=dt.date(2025, 1, 1))
    ReturnFactory(participant=person, actual_departure=dt.date(2025, 1, 1) + dt.timedelta(days=300))
    assert programme_report(SCOPE).total.median_days_to_return == Decimal("150.0")


def test_no_median_when_nobody_returned(start):
    start()
    assert programme_report(SCOPE).total.median_days_to_return is None


def test_breakdowns_by_month_country_gender_and_age_band(start):
    start(on=dt.date(2025, 1, 31), origin_country="NG", gender="m", date_of_birth=dt.date(2000, 2, 1))  # 24
    start(on=dt.date(2025, 2, 1), origin_country="NG", gender="f", date_of_birth=dt.date(2000, 2, 1))  # 25 today
    start(on=dt.date(2025, 2, 28), origin_country="AF", gender="f", date_of_birth=dt.date(1960, 1, 1))

    report = programme_report(SCOPE)

    assert {key: row.started for key, row in by_key(report, "month").items()} == {"2025-01": 1, "2025-02": 2}
    assert {key: row.started for key, row in by_key(report, "origin_country").items()} == {"AF": 1, "NG": 2}
    assert {key: row.started for key, row in by_key(report, "gender").items()} == {"f": 2, "m": 1}
    assert {key: row.started for key, row in by_key(report, "age_band").items()} == {
        "under 25": 1, "25–34": 1, "55 and over": 1,
    }


def test_age_bands_are_contiguous_from_zero():
    assert AGE_BANDS[0][0] == 0 and AGE_BANDS[-1][1] is None
    for (_low, high, _label), (next_low, _high, _next) in zip(AGE_BANDS, AGE_BANDS[1:], strict=False):
        assert high is not None and high + 1 == next_low


@pytest.mark.parametrize("age", [None, -1, 0, 24, 25, 34, 35, 44, 45, 54, 55, 99])
def test_the_age_band_sql_puts_each_age_in_its_band(age):
    """On PostgreSQL a width_bucket, on SQLite a CASE: both as AGE_BANDS says."""
    expected = next(
        (label for low, high, label in AGE_BANDS if age is not None and age >= low and (high is None or age <= high)),
        "unknown",
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {_age_band_sql()} FROM (SELECT CAST(%s AS INTEGER) AS f_age) AS ages", [age])  # noqa: S608
        assert cursor.fetchone()[0] == expected


def test_trade_is_that_of_the_first_module_of_the_latest_agreed_plan(start):
    metal, sewing = TradeFactory(code="metal"), TradeFactory(code="sewing")
    person = start()
    modules = [ModuleFactory(trade=sewing), ModuleFactory(trade=metal)]
    plan = final_plan_with(participant=person, modules=modules)
    plan.agreed_on = dt.date(2025, 4, 1)
    plan.save()
    start()  # no plan

    trades = {key: row.started for key, row in by_key(programme_report(SCOPE), "trade").items()}

    assert trades == {str(sewing.pk): 1, None: 1}


def test_site_and_funding_line_breakdowns_split_the_total(start, site_b, counsellor_b):
    start()
    start()
    start(site=site_b, counsellor=counsellor_b)
    report = programme_report(SCOPE)
    for dimension in report.breakdowns:
        assert sum(row.started for row in report.breakdowns[dimension]) == report.total.started == 3


def test_a_scope_of_one_site_counts_only_its_records(start, site_b, counsellor_b):
    start()
    start(site=site_b, counsellor=counsellor_b)
    assert programme_report(Scope(period=PERIOD, site_id=site_b.pk)).total.started == 1


def test_drill_down_lists_exactly_the_people_counted(start):
    both = start()
    CertificateFactory(participant=both, issued_on=dt.date(2025, 5, 1))
    ReturnFactory(participant=both, actual_departure=dt.date(2025, 6, 1))
    only_certificate = start()
    CertificateFactory(participant=only_certificate, issued_on=dt.date(2025, 5, 1))

    assert list(drill_down_participants(scope=SCOPE, figure="qualified_and_returned", dimension=None, key=None)) == [
        both
    ]
    qualified = drill_down_participants(scope=SCOPE, figure="qualified", dimension="month", key="2025-03")
    assert set(qualified) == {both, only_certificate}
    assert list(drill_down_participants(scope=SCOPE, figure="qualified", dimension="month", key="2025-04")) == []
    assert list(drill_down_participants(scope=SCOPE, figure="no-such", dimension=None, key=None)) == []


def _populate(start, count):
    for index in range(count):
        person = start(origin_country=["SY", "NG", "AF"][index % 3])
        if index % 2:
            CertificateFactory(participant=person, issued_on=dt.date(2025, 5, 1))
        if index % 3:
            ReturnFactory(participant=person, actual_departure=dt.date(2025, 8, 1))


@pytest.mark.parametrize("count", [5, 50])
def test_the_whole_report_is_one_query_for_5_or_50_participants(start, count):
    _populate(start, count)
    with CaptureQueriesContext(connection) as queries:
        report = programme_report(SCOPE)
    assert report.total.started == count
    statements = [query["sql"] for query in queries.captured_queries]
    assert sum(1 for sql in statements if sql.lstrip().startswith("WITH")) == 1
    # Besides it: whether any fact settled after the end (two index probes) and the funding lines'
    # funders; PostgreSQL adds its SET LOCAL (jit off, work_mem) inside a savepoint. Nothing per person.
    assert len(queries.captured_queries) == (3 if connection.vendor == "sqlite" else 6)


def test_the_dashboard_costs_the_same_queries_for_5_and_50(client_for, manager, start):
    from django.urls import reverse

    url = reverse("reporting:dashboard") + "?start=2025-01-01&end=2025-12-31"
    client = client_for(manager)
    client.get(url)
    _populate(start, 5)
    with CaptureQueriesContext(connection) as five:
        client.get(url)
    _populate(start, 45)
    with CaptureQueriesContext(connection) as fifty:
        assert client.get(url).status_code == 200
    assert len(fifty) == len(five)
