"""Days the workshops are closed: public holidays of the site's German state (the
`holidays` library, public category only) plus fixed days the provider closes every year
(by default 24 and 31 December). Pure: no Django; the caller passes state, dates and
language, so session generation, the optimiser's calendar and the planning proposals all
ask the same function.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

import holidays

#: the German states (ISO 3166-2:DE subdivision codes the library knows)
GERMAN_STATES: tuple[str, ...] = (
    "BB", "BE", "BW", "BY", "HB", "HE", "HH", "MV", "NI", "NW", "RP", "SH", "SL", "SN", "ST", "TH",
)
DEFAULT_STATE = "BY"


class UnknownStateError(ValueError):
    pass


def parse_fixed_days(text: str) -> tuple[tuple[int, int], ...]:
    """ "24.12,31.12" → ((12, 24), (12, 31)); a day that exists in no year is an error."""
    days: list[tuple[int, int]] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        day_text, _dot, month_text = part.rstrip(".").partition(".")
        try:
            day, month = int(day_text), int(month_text)
            dt.date(2024, month, day)  # a leap year: 29.2 is allowed
        except ValueError as exc:
            raise ValueError(f"not a day of the year (DD.MM): {part!r}") from exc
        days.append((month, day))
    return tuple(days)


@lru_cache(maxsize=256)
def _public_holidays(state: str, year: int, language: str) -> tuple[tuple[dt.date, str], ...]:
    if state not in GERMAN_STATES:
        raise UnknownStateError(f"unknown German state: {state!r}")
    found = holidays.country_holidays("DE", subdiv=state, years=year, language=language)
    return tuple(sorted(found.items()))


def closed_days(
    *,
    state: str,
    start: dt.date,
    end: dt.date,
    language: str = "de",
    fixed: Iterable[tuple[int, int]] = (),
    fixed_name: str = "",
) -> dict[dt.date, str]:
    """Every closed day from `start` to `end` (inclusive) with its name."""
    library_language = "de" if language.startswith("de") else "en_US"
    fixed = tuple(fixed)
    found: dict[dt.date, str] = {}
    for year in range(start.year, end.year + 1):
        for day, name in _public_holidays(state, year, library_language):
            if start <= day <= end:
                found[day] = name
        for month, day_of_month in fixed:
            try:
                day = dt.date(year, month, day_of_month)
            except ValueError:  # 29.2 outside a leap year
                continue
            if start <= day <= end:
                found.setdefault(day, fixed_name)
    return dict(sorted(found.items()))
