"""Indicator arithmetic is pure: checked against independent computations."""

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reporting.arithmetic import rounded, share


def test_share_is_exact():
    assert share(part=1, whole=3) == Fraction(1, 3)
    assert share(part=49, whole=49) == 1
    assert share(part=0, whole=49) == 0


def test_no_share_when_nobody_started():
    assert share(part=0, whole=0) is None


@pytest.mark.parametrize(("part", "whole"), [(2, 1), (-1, 3), (0, -1)])
def test_share_refuses_impossible_counts(part, whole):
    with pytest.raises(ValueError, match="cannot"):
        share(part=part, whole=whole)


@given(st.integers(min_value=1, max_value=10**6).flatmap(
    lambda whole: st.tuples(st.integers(min_value=0, max_value=whole), st.just(whole))
))
def test_share_times_whole_gives_part(counts):
    part, whole = counts
    result = share(part=part, whole=whole)
    assert result is not None
    assert 0 <= result <= 1
    assert result * whole == part


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Fraction(1, 8), 2, Decimal("0.13")),  # half up, where round() would give 0.12
        (Fraction(1, 2), 0, Decimal("1")),
        (Fraction(24, 49), 3, Decimal("0.490")),
        (Fraction(1, 3), 3, Decimal("0.333")),
        (Fraction(0), 1, Decimal("0.0")),
    ],
)
def test_rounded(value, places, expected):
    result = rounded(value, places=places)
    assert result == expected
    assert result.as_tuple().exponent == -places


@given(
    st.fractions(min_value=0, max_value=1, max_denominator=10**6),
    st.integers(min_value=0, max_value=6),
)
def test_rounded_is_the_nearest_value_halves_going_up(value, places):
    scale = 10**places
    expected = Fraction(math.floor(value * scale + Fraction(1, 2)), scale)
    assert Fraction(rounded(value, places=places)) == expected
    assert abs(Fraction(rounded(value, places=places)) - value) <= Fraction(1, 2 * scale)


def test_rounded_refuses_negative_places():
    with pytest.raises(ValueError, match="places"):
        rounded(Fraction(1, 3), places=-1)


@given(st.lists(st.integers(min_value=0, max_value=1000), max_size=60))
def test_median_of_counts_is_the_median_of_the_values(values):
    import statistics
    from collections import Counter
    from decimal import Decimal as D

    from reporting.arithmetic import median_of_counts

    expected = None if not values else D(str(statistics.median(values))).quantize(D("0.1"))
    assert median_of_counts(dict(Counter(values))) == expected
