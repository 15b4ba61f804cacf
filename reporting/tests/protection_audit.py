"""An independent audit of what a funder is shown: the attacker's linear programmes.

Written apart from `reporting.suppression` on purpose (another solver, GLOP, and another model):
the people of each breakdown row are split into the eight groups of (plan?, qualified?,
returned?), each a non-negative unknown; every breakdown's rows add up, group by group, to the
totals' eight unknowns; every figure shown fixes the sum of the groups it counts. For each
withheld figure of 1–4 people we minimise and maximise it. It must stay free to be anything
from 0 to 5 people, or as far as the shown totals let any table go (the same programme with
every breakdown figure withheld).
"""

from __future__ import annotations

import math
from itertools import product
from typing import Any

from ortools.linear_solver import pywraplp

THRESHOLD = 5
FIGURES = ["started", "with_plan", "qualified", "returned", "qualified_and_returned"]
GROUPS = list(product((0, 1), repeat=3))  # (plan, qualified, returned)


def _counts(group: tuple[int, int, int], figure: str) -> bool:
    plan, qualified, returned = group
    return {
        "started": True, "with_plan": plan == 1, "qualified": qualified == 1, "returned": returned == 1,
        "qualified_and_returned": qualified == 1 and returned == 1,
    }[figure]


Cell = tuple[str, int, str]


def _tables(data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    return {"total": [data["total"]], **data["breakdowns"]}


def _bounds(exact: dict[str, Any], published: dict[Cell, int], cell: Cell) -> tuple[float, float]:
    """(min, max) of `cell` over every table that agrees with the published figures."""
    results = []
    # A bound far above anything protection asks for (an attacker gains nothing from it).
    ceiling = 10.0 * (exact["total"]["started"] + THRESHOLD)
    for sense in ("min", "max"):
        solver = pywraplp.Solver.CreateSolver("GLOP")
        unknowns = {
            (table, index, group): solver.NumVar(0, ceiling, "")
            for table, rows in _tables(exact).items() for index in range(len(rows)) for group in GROUPS
        }
        for table, rows in exact["breakdowns"].items():
            for group in GROUPS:
                solver.Add(sum(unknowns[(table, i, group)] for i in range(len(rows))) == unknowns[("total", 0, group)])
        for (table, index, figure), value in published.items():
            solver.Add(sum(unknowns[(table, index, g)] for g in GROUPS if _counts(g, figure)) == value)
        objective = sum(unknowns[(cell[0], cell[1], g)] for g in GROUPS if _counts(g, cell[2]))
        if sense == "min":
            solver.Minimize(objective)
        else:
            solver.Maximize(objective)
        status = solver.Solve()
        assert status == pywraplp.Solver.OPTIMAL, f"the published figures admit no table ({cell})"
        results.append(solver.Objective().Value())
    return results[0], results[1]


def audit(exact: dict[str, Any], shown: dict[str, Any], *, min_entrants: int = 10) -> dict[str, int]:
    """Assert that `shown` (a funder's data) protects every small cell of `exact`; returns counts."""
    published: dict[Cell, int] = {}
    withheld: list[Cell] = []
    for table, rows in _tables(shown).items():
        for index, row in enumerate(rows):
            for figure in FIGURES:
                value = row[figure]
                exact_value = _tables(exact)[table][index][figure]
                if isinstance(value, int):
                    assert value == exact_value, f"{table}[{index}].{figure} shown as {value}, is {exact_value}"
                    published[(table, index, figure)] = value
                else:
                    withheld.append((table, index, figure))
    totals_shown = exact["total"]["started"] >= min_entrants
    if totals_shown:
        assert all(("total", 0, figure) in published for figure in FIGURES), "a headline figure is withheld"
    only_totals = {cell: value for cell, value in published.items() if cell[0] == "total"} if totals_shown else {}
    checked = 0
    for table, rows in _tables(exact).items():
        for index, row in enumerate(rows):
            for figure in FIGURES:
                cell = (table, index, figure)
                value = row[figure]
                if not 0 < value < THRESHOLD or (table == "total" and totals_shown):
                    continue
                cap_low, cap_high = _bounds(exact, only_totals, cell)
                if cell in published:
                    # Only a small figure the shown totals fix anyway may be shown.
                    assert cap_high - cap_low < 1e-6, f"{cell} = {value} is shown"
                    continue
                low, high = _bounds(exact, published, cell)
                want_low, want_high = max(0.0, cap_low), min(float(THRESHOLD), math.floor(cap_high + 1e-6))
                assert low <= want_low + 1e-6, f"{cell} = {value} cannot be below {low} (must reach {want_low})"
                assert high >= want_high - 1e-6, f"{cell} = {value} cannot be above {high} (must reach {want_high})"
                checked += 1
    return {"withheld": len(withheld), "published": len(published), "small_cells_checked": checked}
