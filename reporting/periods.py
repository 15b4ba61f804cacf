"""Reporting periods: closed date ranges, first and last day both included.

Pure module (no Django), so the rules can be tested alone. Errors carry a `code`
the form maps to a translated message; this module never speaks to users itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


class PeriodError(ValueError):
    """A period that cannot be built; `code` says why, for the caller to phrase."""

    INVALID_DATE = "invalid_date"
    END_BEFORE_START = "end_before_start"

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code


@dataclass(frozen=True)
class Period:
    """The days from `start` to `end`, both included."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        # datetime is a subclass of date; a time of day would make "<= end" lie.
        if isinstance(self.start, dt.datetime) or isinstance(self.end, dt.datetime):
            raise TypeError("A period is made of dates, not datetimes.")
        if self.end < self.start:
            raise PeriodError(
                PeriodError.END_BEFORE_START, f"End {self.end} lies before start {self.start}."
            )

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    @property
    def days(self) -> int:
        """Number of days in the period, counting both ends."""
        return (self.end - self.start).days + 1


def _one_year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February in a leap year: the year before has no such day
        return day.replace(year=day.year - 1, day=28)


def last_12_months(today: dt.date) -> Period:
    """The twelve months ending with `today`, e.g. 2024-06-16 to 2025-06-15.

    It starts the day after the same calendar day one year earlier, so consecutive
    yearly periods neither overlap nor leave a gap.
    """
    return Period(start=_one_year_before(today) + dt.timedelta(days=1), end=today)


def last_12_full_months(today: dt.date) -> Period:
    """The twelve calendar months before the month of `today`, e.g. on 2025-06-16:
    2024-06-01 to 2025-05-31. It moves once a month, not daily (see funder_periods)."""
    end = today.replace(day=1) - dt.timedelta(days=1)
    a_year_before = end.replace(day=1, year=end.year - 1)
    start = (a_year_before.replace(day=28) + dt.timedelta(days=4)).replace(day=1)  # the month after
    return Period(start=start, end=end)


def parse_date(text: str) -> dt.date:
    """An ISO 8601 calendar date (YYYY-MM-DD), surrounding blanks ignored."""
    cleaned = text.strip()
    # fromisoformat also takes "20250615" and week dates; periods in links and
    # exports are always written YYYY-MM-DD, so anything else is a typo.
    if len(cleaned) != 10 or cleaned[4] != "-" or cleaned[7] != "-":
        raise PeriodError(PeriodError.INVALID_DATE, f"Not a date in YYYY-MM-DD form: {text!r}.")
    try:
        return dt.date.fromisoformat(cleaned)
    except ValueError as error:
        raise PeriodError(PeriodError.INVALID_DATE, f"Not a calendar date: {text!r}.") from error


def parse_period(*, start: str, end: str) -> Period:
    """A period from two ISO dates as found in a query string or an export request."""
    return Period(start=parse_date(start), end=parse_date(end))
