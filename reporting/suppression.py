"""Small-cell suppression for what funders see: no group of 1 to 4 people can be read off.

The four figures describe a 2×2 table over the people who started (qualified or not ×
returned or not). Any union of its four inner cells is a group of people; a group is
*recoverable* when its size follows from the shown figures by adding and subtracting
(its indicator vector lies in the span of the shown figures' vectors). Figures are
withheld one at a time — returned, then qualified, then qualified-and-returned, then
started — until no recoverable group holds 1 to 4 people. A withheld figure that is
itself under 5 shows as "<5"; one withheld only to protect another shows as hidden.
Pure arithmetic, no Django.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations

THRESHOLD = 5

# Cells: (qualified & returned, qualified only, returned only, neither).
_VECTORS: dict[str, tuple[int, int, int, int]] = {
    "started": (1, 1, 1, 1),
    "qualified": (1, 1, 0, 0),
    "returned": (1, 0, 1, 0),
    "qualified_and_returned": (1, 0, 0, 0),
}
_WITHHOLD_ORDER = ["returned", "qualified", "qualified_and_returned", "started"]
_GROUPS = [
    tuple(1 if i in chosen else 0 for i in range(4))
    for size in range(1, 5)
    for chosen in combinations(range(4), size)
]


def _rank(rows: Sequence[tuple[int, ...]]) -> int:
    matrix = [[Fraction(value) for value in row] for row in rows]
    rank, column_count = 0, 4
    for column in range(column_count):
        pivot = next((r for r in range(rank, len(matrix)) if matrix[r][column] != 0), None)
        if pivot is None:
            continue
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        for r in range(len(matrix)):
            if r != rank and matrix[r][column] != 0:
                factor = matrix[r][column] / matrix[rank][column]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[rank], strict=True)]
        rank += 1
    return rank


def recoverable_groups(shown: list[str]) -> list[tuple[int, ...]]:
    """The groups (as cell indicator vectors) whose size the shown figures give away."""
    basis = [_VECTORS[name] for name in shown]
    base_rank = _rank(basis) if basis else 0
    return [group for group in _GROUPS if basis and _rank([*basis, group]) == base_rank]


@dataclass(frozen=True)
class ShownFigure:
    value: int | None  # None: withheld
    below_threshold: bool  # withheld because it is itself 1–4 ("<5")


def counts_suppress(
    *, started: int, qualified: int, returned: int, qualified_and_returned: int
) -> dict[str, ShownFigure]:
    values = {
        "started": started, "qualified": qualified, "returned": returned,
        "qualified_and_returned": qualified_and_returned,
    }
    cells = (
        qualified_and_returned,
        qualified - qualified_and_returned,
        returned - qualified_and_returned,
        started - qualified - returned + qualified_and_returned,
    )
    shown = list(values)
    for name in [*(n for n in _WITHHOLD_ORDER if 0 < values[n] < THRESHOLD), *_WITHHOLD_ORDER]:
        sizes = [sum(c for c, bit in zip(cells, group, strict=True) if bit) for group in recoverable_groups(shown)]
        if not any(0 < size < THRESHOLD for size in sizes):
            break
        if name in shown:
            shown.remove(name)
    return {
        name: ShownFigure(
            value=value if name in shown else None,
            below_threshold=name not in shown and 0 < value < THRESHOLD,
        )
        for name, value in values.items()
    }
