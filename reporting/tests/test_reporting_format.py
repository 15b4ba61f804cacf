"""Shares written as readers of each language expect."""

from fractions import Fraction

import pytest

from reporting.templatetags.reporting_format import format_share, percentage


@pytest.mark.parametrize(
    ("value", "german", "english"),
    [
        (Fraction(1, 2), "50\xa0%", "50%"),
        (Fraction(24, 49), "49\xa0%", "49%"),  # 48.98 %: one decimal at most, rounded
        (Fraction(1, 3), "33,3\xa0%", "33.3%"),
        (Fraction(1, 8), "12,5\xa0%", "12.5%"),
        (Fraction(1, 2000), "0,1\xa0%", "0.1%"),  # 0.05 % rounds half up
        (Fraction(0), "0\xa0%", "0%"),
        (Fraction(1), "100\xa0%", "100%"),
    ],
)
def test_format_share(value, german, english):
    assert format_share(value, language="de") == german
    assert format_share(value, language="en") == english


def test_regional_variants_follow_their_language():
    assert format_share(Fraction(1, 3), language="de-at") == "33,3\xa0%"


def test_no_share_shows_nothing():
    assert percentage(None) == ""
