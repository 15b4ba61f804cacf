"""Demo: reporting periods per funding line (issue #7), the earliest of each closed.

Each line reports per project year: from the project start in steps of twelve months up
to the current end. Every year already over is closed, so its figures are frozen (with
their hash and record fingerprints) the way a manager's "Close and freeze" does it; the
current year stays open. Deterministic: dates follow the seeder's anchor only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from funding.models import ReportingPeriod
from reporting.services import reporting_period_close


def _years(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    years = []
    first = start
    while first <= end:
        last = min(_same_day_next_year(first) - dt.timedelta(days=1), end)
        years.append((first, last))
        first = last + dt.timedelta(days=1)
    return years


def _same_day_next_year(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def seed_reporting(seeder: Any) -> None:
    manager = next(user for user in seeder.users.values() if user.role == "manager")
    for line in seeder.funding_lines:
        project = line.project
        for number, (first, last) in enumerate(_years(project.starts_on, project.current_end), start=1):
            period = ReportingPeriod(
                funding_line=line, name=f"Projektjahr {number}", starts_on=first, ends_on=last,
            )
            period.full_clean()
            period.save()
            if last < seeder.anchor:
                reporting_period_close(reporting_period=period, acting_user=manager)
