"""Periods are pure: no database, no Django."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reporting.periods import Period, PeriodError, last_12_full_months, last_12_months, parse_date, parse_period

# Leave room for two years before (consecutive periods) and a day after.
dates = st.dates(min_value=dt.date(3, 1, 1), max_value=dt.date(9998, 12, 31))


def test_a_period_includes_both_ends():
    period = Period(start=dt.date(2025, 1, 1), end=dt.date(2025, 1, 31))
    assert dt.date(2025, 1, 1) in period
    assert dt.date(2025, 1, 31) in period
    assert dt.date(2024, 12, 31) not in period
    assert dt.date(2025, 2, 1) not in period
    assert period.days == 31


def test_a_single_day_is_a_period():
    day = dt.date(2025, 6, 15)
    assert Period(start=day, end=day).days == 1


def test_end_before_start_is_refused():
    with pytest.raises(PeriodError) as caught:
        Period(start=dt.date(2025, 6, 15), end=dt.date(2025, 6, 14))
    assert caught.value.code == PeriodError.END_BEFORE_START


def test_datetimes_are_refused():
    with pytest.raises(TypeError):
        Period(start=dt.datetime(2025, 1, 1, 12, 0), end=dt.date(2025, 2, 1))  # noqa: DTZ001


def test_period_is_frozen():
    period = Period(start=dt.date(2025, 1, 1), end=dt.date(2025, 1, 31))
    with pytest.raises(AttributeError):
        period.end = dt.date(2025, 12, 31)


@pytest.mark.parametrize(
    ("today", "start"),
    [
        (dt.date(2025, 6, 15), dt.date(2024, 6, 16)),
        (dt.date(2025, 1, 1), dt.date(2024, 1, 2)),
        (dt.date(2025, 12, 31), dt.date(2025, 1, 1)),
        (dt.date(2025, 3, 1), dt.date(2024, 3, 2)),
        (dt.date(2024, 2, 29), dt.date(2023, 3, 1)),  # leap day: the year before has none
    ],
)
def test_last_12_months(today, start):
    assert last_12_months(today) == Period(start=start, end=today)


@given(dates)
def test_last_12_months_ends_today_and_starts_after_the_same_day_a_year_ago(today):
    period = last_12_months(today)
    assert period.end == today
    assert period.days in (365, 366)
    day_before = period.start - dt.timedelta(days=1)
    assert day_before.year == today.year - 1
    if (today.month, today.day) == (2, 29):
        assert (day_before.month, day_before.day) == (2, 28)
    else:
        assert (day_before.month, day_before.day) == (today.month, today.day)


@given(dates)
def test_consecutive_yearly_periods_leave_no_gap(today):
    this_year = last_12_months(today)
    year_before = last_12_months(this_year.start - dt.timedelta(days=1))
    assert year_before.end + dt.timedelta(days=1) == this_year.start


@given(st.dates())
def test_parse_date_reads_what_isoformat_writes(day):
    assert parse_date(day.isoformat()) == day


def test_parse_date_ignores_surrounding_blanks():
    assert parse_date(" 2025-06-15\n") == dt.date(2025, 6, 15)


@pytest.mark.parametrize(
    "text", ["", "abc", "2025-13-01", "2025-02-30", "15.06.2025", "20250615", "2025-W24-1", "2025-6-5"]
)
def test_parse_date_refuses_anything_but_a_calendar_date(text):
    with pytest.raises(PeriodError) as caught:
        parse_date(text)
    assert caught.value.code == PeriodError.INVALID_DATE


def test_parse_period():
    assert parse_period(start="2024-07-01", end="2025-06-30") == Period(
        start=dt.date(2024, 7, 1), end=dt.date(2025, 6, 30)
    )


def test_parse_period_refuses_end_before_start():
    with pytest.raises(PeriodError) as caught:
        parse_period(start="2025-06-30", end="2024-07-01")
    assert caught.value.code == PeriodError.END_BEFORE_START


@pytest.mark.parametrize(
    ("today", "start", "end"),
    [
        (dt.date(2025, 6, 16), dt.date(2024, 6, 1), dt.date(2025, 5, 31)),
        (dt.date(2026, 1, 1), dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        (dt.date(2024, 3, 31), dt.date(2023, 3, 1), dt.date(2024, 2, 29)),
    ],
)
def test_the_last_12_full_months_end_before_this_month(today, start, end):
    period = last_12_full_months(today)
    assert (period.start, period.end) == (start, end)
    assert period.days in (365, 366)
