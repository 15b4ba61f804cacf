"""The document rule and the attendance arithmetic, without a database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from training import rules
from training.rules import ModuleStanding

NINE, ONE = dt.time(9), dt.time(13)

EIGHTY = Decimal(80)  # the threshold the programme runs with (settings.REINTEGRA_ATTENDANCE_THRESHOLD)


def test_minutes_attended_from_late_arrival_and_early_leave():
    assert rules.minutes_attended(status="present", starts_at=NINE, ends_at=ONE, arrived_at=None, left_at=None) == 240
    assert rules.minutes_attended(
        status="present", starts_at=NINE, ends_at=ONE, arrived_at=dt.time(9, 30), left_at=dt.time(12, 15)
    ) == 165
    # an arrival before the start does not add minutes
    assert rules.minutes_attended(
        status="present", starts_at=NINE, ends_at=ONE, arrived_at=dt.time(8), left_at=None
    ) == 240
    assert rules.minutes_attended(status="excused", starts_at=NINE, ends_at=ONE, arrived_at=None, left_at=None) == 0


def test_threshold_edges():
    below = rules.attendance_rate(attended_minutes=959, scheduled_minutes=1200)  # 79.916… %
    exact = rules.attendance_rate(attended_minutes=960, scheduled_minutes=1200)  # 80 %
    assert below is not None and below.quantize(Decimal("0.1")) == Decimal("79.9")
    assert not rules.meets_threshold(rate=below, threshold=EIGHTY)
    assert rules.meets_threshold(rate=exact, threshold=EIGHTY)
    assert rules.meets_threshold(rate=Decimal("79.9"), threshold=Decimal("75"))
    assert rules.attendance_rate(attended_minutes=0, scheduled_minutes=0) is None


def test_module_document_needs_both_pass_and_attendance():
    def standing(*, passed: bool, rate: str | None, attended: bool = True) -> ModuleStanding:
        return ModuleStanding(enrolled=True, passed=passed, attended=attended,
                              rate=Decimal(rate) if rate is not None else None)

    assert rules.module_document(standing=standing(passed=True, rate="80"), threshold=EIGHTY) == rules.CERTIFICATE
    assert rules.module_document(standing=standing(passed=True, rate="79.9"), threshold=EIGHTY) == rules.ATTENDANCE
    assert rules.module_document(standing=standing(passed=False, rate="100"), threshold=EIGHTY) == rules.ATTENDANCE
    assert rules.module_document(standing=standing(passed=False, rate="0", attended=False), threshold=EIGHTY) is None
    # no timetable kept: the result alone decides
    assert rules.module_document(standing=standing(passed=True, rate=None), threshold=EIGHTY) == rules.CERTIFICATE


def test_plan_document_is_a_certificate_only_when_every_module_earns_one():
    good = ModuleStanding(enrolled=True, passed=True, attended=True, rate=Decimal(95))
    low = ModuleStanding(enrolled=True, passed=True, attended=True, rate=Decimal(50))
    missing = ModuleStanding(enrolled=False, passed=False, attended=False, rate=None)
    assert rules.plan_document(standings=[good, good], threshold=EIGHTY) == rules.CERTIFICATE
    assert rules.plan_document(standings=[good, low], threshold=EIGHTY) == rules.ATTENDANCE
    assert rules.plan_document(standings=[good, missing], threshold=EIGHTY) == rules.ATTENDANCE
    assert rules.plan_document(standings=[missing], threshold=EIGHTY) is None
    assert rules.plan_document(standings=[], threshold=EIGHTY) is None


@given(
    attended=st.integers(min_value=0, max_value=10_000),
    scheduled=st.integers(min_value=1, max_value=10_000),
    threshold=st.integers(min_value=1, max_value=100),
)
def test_threshold_agrees_with_integer_arithmetic(attended, scheduled, threshold):
    # independent check: attended / scheduled ≥ threshold / 100  ⇔  100·attended ≥ threshold·scheduled
    rate = rules.attendance_rate(attended_minutes=attended, scheduled_minutes=scheduled)
    assert rules.meets_threshold(rate=rate, threshold=Decimal(threshold)) == (100 * attended >= threshold * scheduled)
