"""How long a participant's data is kept: the arithmetic, without Django.

Retention is counted in whole calendar years from the end of the year of the basis
date (the return's status date, or the last activity when there is no return): with
10 years and a return in March 2025, the data is kept until 31 December 2035 and is
anonymised from 1 January 2036.
"""

from __future__ import annotations

import datetime as dt


def retention_ends_on(*, basis: dt.date, years: int) -> dt.date:
    """The last day the data is kept."""
    return dt.date(basis.year + years, 12, 31)


def retention_cutoff(*, today: dt.date, years: int) -> dt.date:
    """Basis dates before this day have their retention ended by `today`.

    Lets the database select due participants with one comparison:
    `basis < retention_cutoff(today, years)` exactly when `retention_ends_on(basis) < today`.
    """
    year = today.year - years
    return dt.date(year, 1, 1) if year >= dt.MINYEAR else dt.date.min
