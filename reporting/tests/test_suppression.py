from itertools import product

from hypothesis import given
from hypothesis import strategies as st

from reporting.suppression import THRESHOLD, counts_suppress


def _counts(cells):
    both, qualified_only, returned_only, neither = cells
    return {
        "started": sum(cells),
        "qualified": both + qualified_only,
        "returned": both + returned_only,
        "qualified_and_returned": both,
    }


def _derivable_sizes(shown: dict[str, int], cells) -> list[int]:
    """Independent check: every integer combination (-1, 0, 1) of the shown figures that
    equals the size of some union of cells is something a reader can compute."""
    names = list(shown)
    counts = _counts(cells)
    sizes = []
    for coefficients in product((-1, 0, 1), repeat=len(names)):
        if not any(coefficients):
            continue
        total = sum(c * counts[n] for c, n in zip(coefficients, names, strict=True))
        # which cells does this combination count, and with what weight?
        weights = [0, 0, 0, 0]
        vectors = {"started": (1, 1, 1, 1), "qualified": (1, 1, 0, 0), "returned": (1, 0, 1, 0),
                   "qualified_and_returned": (1, 0, 0, 0)}
        for c, n in zip(coefficients, names, strict=True):
            weights = [w + c * v for w, v in zip(weights, vectors[n], strict=True)]
        if all(w in (0, 1) for w in weights):
            sizes.append(total)
    return sizes


@given(st.lists(st.integers(min_value=0, max_value=30), min_size=4, max_size=4))
def test_no_group_of_one_to_four_can_be_computed_from_what_is_shown(cells):
    result = counts_suppress(**_counts(cells))
    shown = {name: figure.value for name, figure in result.items() if figure.value is not None}
    assert all(size == 0 or size >= THRESHOLD for size in _derivable_sizes(shown, cells))
    for name, figure in result.items():
        if figure.value is None and 0 < _counts(cells)[name] < THRESHOLD:
            assert figure.below_threshold


def test_headline_kept_when_only_a_margin_must_go():
    # qualified only 7, returned only 1, neither 16: "returned" must go, the rest may stay
    result = counts_suppress(started=48, qualified=31, returned=25, qualified_and_returned=24)
    assert result["returned"].value is None and not result["returned"].below_threshold
    assert (result["started"].value, result["qualified"].value, result["qualified_and_returned"].value) == (48, 31, 24)


def test_large_cells_shown_and_tiny_cohort_hidden():
    result = counts_suppress(started=60, qualified=30, returned=30, qualified_and_returned=20)
    assert [f.value for f in result.values()] == [60, 30, 30, 20]
    tiny = counts_suppress(started=3, qualified=1, returned=1, qualified_and_returned=1)
    assert all(f.value is None and f.below_threshold for f in tiny.values())
