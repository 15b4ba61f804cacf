"""Teaching units (Unterrichtseinheiten): one unit is 45 minutes. Pure, no Django.

Every conversion between clock time and units goes through here, so a module's stated
units, a meeting's units and the units a participant attended are computed alike.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

#: One teaching unit (Unterrichtseinheit) is 45 minutes.
MINUTES_PER_TEACHING_UNIT = 45
_ONE_DECIMAL = Decimal("0.1")


def teaching_units(minutes: int | Decimal) -> Decimal:
    """Minutes as teaching units, rounded to one decimal (135 min → 3.0, 100 min → 2.2)."""
    return (Decimal(minutes) / MINUTES_PER_TEACHING_UNIT).quantize(_ONE_DECIMAL)


def teaching_units_from_hours(hours: Decimal) -> Decimal:
    return teaching_units(hours * 60)


def minutes_between(start: dt.time, end: dt.time) -> int:
    """Whole minutes from `start` to `end` on the same day (0 if `end` is not later)."""
    delta = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    return max(delta, 0)
