"""Which document a participant earns for a module, and how attendance is measured. Pure, no Django.

The one place for the rule (issue #8, "Two documents, kept apart"):

* **Zertifikat** (certificate) for a module needs the practical check passed AND an
  attendance rate of at least the threshold. The threshold is read once from the setting
  `REINTEGRA_ATTENDANCE_THRESHOLD` (`training.selectors.attendance_threshold`) and passed
  in: this module has no default of its own. The rate is compared unrounded: 79.99 % is
  below 80 %.
* Otherwise, if the module was attended at all, a **Teilnahmebescheinigung**
  (confirmation of attendance) stating the units attended and the content.

Attendance rate = minutes attended / minutes scheduled, over the session's meetings held
so far. Only "present" counts as attended (an excused absence is excused, not attended);
a late arrival or an early leave shortens the minutes attended. A session without any
scheduled meeting (records from before meetings were kept) has no rate; its result alone
decides, and the evidence page says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from catalogue.units import minutes_between

PRESENT = "present"
CERTIFICATE = "certificate"
ATTENDANCE = "attendance"


def minutes_attended(
    *, status: str, starts_at: dt.time, ends_at: dt.time, arrived_at: dt.time | None, left_at: dt.time | None
) -> int:
    """Minutes of the meeting the participant was there: none unless present; from the later
    of start and arrival to the earlier of end and leaving."""
    if status != PRESENT:
        return 0
    start = max(starts_at, arrived_at) if arrived_at is not None else starts_at
    end = min(ends_at, left_at) if left_at is not None else ends_at
    return minutes_between(start, end)


def attendance_rate(*, attended_minutes: int, scheduled_minutes: int) -> Decimal | None:
    """Percent attended, unrounded (None without scheduled time)."""
    if scheduled_minutes <= 0:
        return None
    return Decimal(attended_minutes) * 100 / Decimal(scheduled_minutes)


def meets_threshold(*, rate: Decimal | None, threshold: Decimal) -> bool:
    """Attendance suffices for a certificate (no rate: nothing to measure, nothing held against)."""
    return rate is None or rate >= threshold


@dataclass(frozen=True)
class ModuleStanding:
    """What is known about one module of a participant's plan."""

    enrolled: bool
    passed: bool
    #: attended at all (present at a meeting, a result, or a finished session)
    attended: bool
    rate: Decimal | None


def module_document(*, standing: ModuleStanding, threshold: Decimal) -> str | None:
    """"certificate", "attendance" or None (nothing to document) for one module."""
    if standing.passed and meets_threshold(rate=standing.rate, threshold=threshold):
        return CERTIFICATE
    if standing.attended or standing.passed:
        return ATTENDANCE
    return None


def plan_document(*, standings: list[ModuleStanding], threshold: Decimal) -> str | None:
    """The document for a whole plan: a certificate only when every module earns one;
    else a confirmation of attendance when any module was attended; else nothing."""
    kinds = [module_document(standing=standing, threshold=threshold) for standing in standings]
    if kinds and all(kind == CERTIFICATE for kind in kinds):
        return CERTIFICATE
    if any(kind is not None for kind in kinds):
        return ATTENDANCE
    return None
