"""Breakdown tables for funders: no small cell shown, none recoverable from the total."""

from hypothesis import given
from hypothesis import strategies as st

from reporting.suppression import FUNDER_COUNTS, THRESHOLD, table_suppress


def _row(started, with_plan, qualified, returned, both):
    return {"started": started, "with_plan": with_plan, "qualified": qualified, "returned": returned,
            "qualified_and_returned": both}


@st.composite
def rows(draw):
    count = draw(st.integers(min_value=1, max_value=6))
    result = []
    for _ in range(count):
        started = draw(st.integers(min_value=0, max_value=40))
        qualified = draw(st.integers(min_value=0, max_value=started))
        returned = draw(st.integers(min_value=0, max_value=started))
        low = max(0, qualified + returned - started)
        both = draw(st.integers(min_value=low, max_value=min(qualified, returned)))
        plan = draw(st.integers(min_value=0, max_value=started))
        result.append(_row(started, plan, qualified, returned, both))
    return result


def _total(table):
    return {name: sum(row[name] for row in table) for name in FUNDER_COUNTS}


@given(rows())
def test_no_shown_cell_is_a_small_group(table):
    shown_total, shown_rows = table_suppress(total=_total(table), rows=table)
    for shown in [shown_total, *shown_rows]:
        for figure in shown.values():
            assert figure.value is None or not 0 < figure.value < THRESHOLD


@given(rows())
def test_a_withheld_cell_cannot_be_recovered_by_subtracting_the_others_from_the_total(table):
    """The differencing attack: total minus every shown cell of a column. If exactly one cell of
    that column is withheld (and holds people), the difference would be its value."""
    total = _total(table)
    shown_total, shown_rows = table_suppress(total=total, rows=table)
    for name in FUNDER_COUNTS:
        if shown_total[name].value is None:
            continue
        withheld = [i for i, row in enumerate(shown_rows) if row[name].value is None and table[i][name] > 0]
        assert len(withheld) != 1, (name, table)


def test_one_small_row_takes_a_second_cell_with_it():
    table = [_row(3, 0, 0, 0, 0), _row(20, 0, 0, 0, 0), _row(9, 0, 0, 0, 0)]
    shown_total, shown_rows = table_suppress(total=_total(table), rows=table)
    assert shown_total["started"].value == 32
    assert shown_rows[0]["started"].value is None and shown_rows[0]["started"].below_threshold
    # The smallest other row is withheld as well, as "hidden", not "<5".
    assert shown_rows[2]["started"].value is None and not shown_rows[2]["started"].below_threshold
    assert shown_rows[1]["started"].value == 20
    # The attacker's subtraction now gives 3 + 9 together, not the 3.
    assert shown_total["started"].value - shown_rows[1]["started"].value == 12


def test_plan_is_withheld_when_those_without_a_plan_are_few():
    table = [_row(20, 17, 10, 10, 10)]
    _, shown_rows = table_suppress(total=_total(table), rows=table)
    assert shown_rows[0]["with_plan"].value is None
