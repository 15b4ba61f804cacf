"""Minimal secondary suppression (reporting.suppression), checked by the independent audit."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reporting.suppression import FUNDER_COUNTS, legacy_report_hidden_cells, report_suppress
from reporting.tests.protection_audit import audit


def _row(started, with_plan, qualified, returned, both):
    return {"started": started, "with_plan": with_plan, "qualified": qualified, "returned": returned,
            "qualified_and_returned": both}


@st.composite
def rows(draw, *, most=4, largest=14):
    result = []
    for _ in range(draw(st.integers(min_value=1, max_value=most))):
        started = draw(st.integers(min_value=0, max_value=largest))
        qualified = draw(st.integers(min_value=0, max_value=started))
        returned = draw(st.integers(min_value=0, max_value=started))
        both = draw(st.integers(min_value=max(0, qualified + returned - started), max_value=min(qualified, returned)))
        result.append(_row(started, draw(st.integers(min_value=0, max_value=started)), qualified, returned, both))
    return result


#: one person: (plan?, qualified?, returned?, group in breakdown 0, in 1, in 2)
people = st.lists(
    st.tuples(st.booleans(), st.booleans(), st.booleans(), st.integers(0, 4), st.integers(0, 2), st.integers(0, 1)),
    max_size=40,
)


def breakdowns_of(persons, dimensions=3):
    """The breakdowns of a set of people, as the report counts them (each person in one row of each)."""
    tables = {}
    for dimension in range(dimensions):
        keys = sorted({person[3 + dimension] for person in persons})
        tables[f"d{dimension}"] = [
            _row(*(sum(1 for p in persons if p[3 + dimension] == key and test(p)) for test in (
                lambda p: True, lambda p: p[0], lambda p: p[1], lambda p: p[2], lambda p: p[1] and p[2])))
            for key in keys
        ]
    return tables


def _total(table):
    return {name: sum(row[name] for row in table) for name in FUNDER_COUNTS}


def _as_data(total, breakdowns, protection=None):
    """Report data as `reporting.selectors` builds it (exact, or with the protection applied)."""
    def shown(figures):
        return {name: "withheld" if figure.value is None else figure.value for name, figure in figures.items()}

    if protection is None:
        return {"total": total, "breakdowns": breakdowns}
    return {"total": shown(protection.total),
            "breakdowns": {name: [shown(row) for row in rows] for name, rows in protection.breakdowns.items()}}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people)
def test_the_audit_finds_every_small_cell_protected_in_random_linked_tables(persons):
    breakdowns = breakdowns_of(persons)
    total = _total(breakdowns["d0"]) if persons else _row(0, 0, 0, 0, 0)
    protection = report_suppress(total=total, breakdowns=breakdowns, min_entrants=10, solver_seconds=5)
    audit(_as_data(total, breakdowns), _as_data(total, breakdowns, protection), min_entrants=10)


def _row_consistent(row):
    s, p, q, r, b = (row[name] for name in FUNDER_COUNTS)
    return 0 <= b <= min(q, r) and q + r - b <= s and 0 <= p <= s


def test_totals_of_ten_or_more_are_always_shown_even_when_small():
    table = [_row(8, 8, 3, 2, 2), _row(6, 6, 0, 1, 0)]
    protection = report_suppress(total=_total(table), breakdowns={"country": table})
    assert {name: figure.value for name, figure in protection.total.items()} == _total(table)


def test_a_lone_small_cell_takes_the_cheapest_partner_and_no_more():
    # Started: 3 beside 20 and 9. Hiding the 3 alone gives it back as 32 − 20 − 9; hiding it with the 9
    # lets it range from 0 to 12 (the 9 takes up the rest). The 20 stays shown.
    table = [_row(3, 3, 3, 3, 3), _row(20, 20, 20, 20, 20), _row(9, 9, 9, 9, 9)]
    protection = report_suppress(total=_total(table), breakdowns={"site": table})
    shown = [{name: figure.value for name, figure in row.items()} for row in protection.breakdowns["site"]]
    assert shown[1] == table[1]
    assert all(value is None for value in shown[0].values())
    assert all(value is None for value in shown[2].values())
    assert protection.minimal
    audit(_as_data(_total(table), {"site": table}), _as_data(_total(table), {"site": table}, protection))


def test_a_breakdown_of_one_row_is_the_total_and_shown():
    table = [_row(12, 10, 3, 2, 1)]
    protection = report_suppress(total=_total(table), breakdowns={"funder": table})
    assert protection.hidden_cells() == 0


def test_inconsistent_figures_are_refused_with_the_figure_named():
    with pytest.raises(ValueError, match="qualified 5"):
        report_suppress(total=_row(4, 4, 5, 0, 0), breakdowns={})
    with pytest.raises(ValueError, match="add up to 3 started"):
        report_suppress(total=_row(12, 0, 0, 0, 0), breakdowns={"site": [_row(3, 0, 0, 0, 0)]})


def test_the_new_protection_hides_no_more_than_the_old_heuristic_on_a_typical_breakdown():
    table = [_row(3, 2, 1, 1, 1), _row(20, 18, 10, 8, 5), _row(9, 7, 3, 3, 2), _row(12, 12, 6, 6, 6)]
    old = legacy_report_hidden_cells(total=_total(table), breakdowns={"country": table})
    new = report_suppress(total=_total(table), breakdowns={"country": table})
    assert new.hidden_cells() <= old


def test_the_audit_catches_a_protection_that_only_hides_the_small_cells():
    table = [_row(3, 3, 3, 3, 3), _row(20, 20, 20, 20, 20), _row(9, 9, 9, 9, 9)]
    total = _total(table)
    only_primary = {"total": total, "breakdowns": {"site": [dict.fromkeys(total, "withheld"), table[1], table[2]]}}
    with pytest.raises(AssertionError, match="cannot be below 3"):
        audit(_as_data(total, {"site": table}), only_primary)


def test_the_same_figures_always_give_the_same_cells():
    # Two different answers for one period could be laid side by side and subtracted: the solver
    # runs on one worker with a fixed seed and deterministic time, never on the clock.
    persons = [(i % 3 > 0, i % 2 == 0, i % 5 < 2, i % 5, i % 3, i % 2) for i in range(9)]
    breakdowns = breakdowns_of(persons)
    answers = {
        repr(report_suppress(total=_total(breakdowns["d0"]), breakdowns=breakdowns, solver_seconds=0.5))
        for _ in range(3)
    }
    assert len(answers) == 1
