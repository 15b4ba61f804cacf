from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from privacy.spreadsheet import neutralise_cell, neutralise_row

DANGEROUS = set("=+-@\t\r")


@given(st.text())
def test_output_never_starts_with_a_formula_trigger(value):
    result = neutralise_cell(value)
    assert isinstance(result, str)
    assert result == "" or result[0] not in DANGEROUS


@given(st.text())
def test_harmless_text_is_unchanged_and_dangerous_text_only_gains_a_quote(value):
    # Independent checker: decide by the first character alone.
    if value and value[0] in DANGEROUS:
        assert neutralise_cell(value) == "'" + value
    else:
        assert neutralise_cell(value) == value


@given(st.one_of(st.none(), st.integers(), st.floats(allow_nan=False), st.booleans(), st.dates()))
def test_non_strings_are_unchanged(value):
    assert neutralise_cell(value) == value


def test_examples():
    assert neutralise_cell('=HYPERLINK("http://evil","x")') == '\'=HYPERLINK("http://evil","x")'
    assert neutralise_cell("-2+3") == "'-2+3"
    assert neutralise_cell("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise_cell("\t=1") == "'\t=1"
    assert neutralise_cell("Karim") == "Karim"
    assert neutralise_row(["=1", 5, dt.date(2025, 1, 1)]) == ["'=1", 5, dt.date(2025, 1, 1)]
