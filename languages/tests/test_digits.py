"""Digits from Arabic and Persian keyboards read as ASCII (checked against the Unicode names)."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from languages.digits import ascii_digits


def test_eastern_arabic_and_persian_digits():
    assert ascii_digits("١٢٣٤٥٦٧٨٩٠") == "1234567890"  # Arabic keyboard
    assert ascii_digits("۱۲۳۴۵۶۷۸۹۰") == "1234567890"  # Persian / Dari / Pashto keyboard
    assert ascii_digits("۱2٣") == "123"  # mixed, as a phone may produce
    assert ascii_digits("\u200f١٢٣\u200e") == "123"  # direction marks dropped


def test_letters_stay_so_validation_still_refuses_them():
    assert ascii_digits("12a4") == "12a4"
    assert ascii_digits("١٢ب") == "12ب"
    assert ascii_digits("") == ""


@given(st.integers(min_value=0, max_value=9), st.sampled_from(["ARABIC-INDIC", "EXTENDED ARABIC-INDIC"]))
def test_each_digit_by_its_unicode_name(value, block):
    """The Unicode character names are the independent answer: "ARABIC-INDIC DIGIT SEVEN" is 7."""
    names = ["ZERO", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE"]
    char = unicodedata.lookup(f"{block} DIGIT {names[value]}")
    assert ascii_digits(char) == str(value)
