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


#: the figures a funder sees in every row of a breakdown (the other figures stay with staff:
#: together with these they would open more ways to subtract one group from another)
FUNDER_COUNTS = ["started", "with_plan", "qualified", "returned", "qualified_and_returned"]


def _row_suppress(values: dict[str, int]) -> dict[str, ShownFigure]:
    shown = counts_suppress(
        started=values["started"], qualified=values["qualified"], returned=values["returned"],
        qualified_and_returned=values["qualified_and_returned"],
    )
    # "With a plan" only touches the others through started: it and the people without a plan
    # must both be 0 or at least 5, and started must be known for the difference to matter.
    plan, started = values["with_plan"], values["started"]
    plan_safe = not (0 < plan < THRESHOLD) and not (0 < started - plan < THRESHOLD)
    shown["with_plan"] = ShownFigure(value=plan if plan_safe else None, below_threshold=0 < plan < THRESHOLD)
    return shown


def table_suppress(
    *, total: dict[str, int], rows: list[dict[str, int]]
) -> tuple[dict[str, ShownFigure], list[dict[str, ShownFigure]]]:
    """Suppress a breakdown whose rows split the total (each person in exactly one row).

    Each row and the total are first protected on their own (`counts_suppress` and the plan
    rule). Then, column by column, a withheld cell must never be the only one withheld in its
    column while the total is shown, or total minus the others would give it back: the
    smallest other non-zero cell is withheld with it ("hidden"). Repeated until nothing changes.
    """
    shown_total = _row_suppress(total)
    shown_rows = [_row_suppress(row) for row in rows]
    changed = True
    while changed:
        changed = False
        for name in FUNDER_COUNTS:
            if shown_total[name].value is None:
                continue
            withheld = [i for i, row in enumerate(shown_rows) if row[name].value is None and rows[i][name] > 0]
            if len(withheld) != 1:
                continue
            candidates = sorted(
                (rows[i][name], i)
                for i, row in enumerate(shown_rows)
                if row[name].value is not None and rows[i][name] > 0
            )
            if not candidates:
                # Nothing else to hide: the lone cell equals the total minus zeros, so hide the total.
                shown_total[name] = ShownFigure(value=None, below_threshold=shown_total[name].below_threshold)
            else:
                index = candidates[0][1]
                shown_rows[index][name] = ShownFigure(value=None, below_threshold=False)
            changed = True
    return shown_total, shown_rows
