"""Small-cell protection for what funders see: minimal secondary suppression, proved by witnesses.

Pure module (no Django). What a funder sees of one period is a set of linked tables: the
programme totals and one breakdown per dimension (month, country, site…), each row holding
five counts of people (FUNDER_COUNTS). Every row of a breakdown splits the totals (each person
in exactly one row), so an attacker can add and subtract published figures across rows, and
across the figures of one row (qualified ≤ started, …).

The rules, as in tau-ARGUS and sdcTable:

- **Totals** of a period with at least `min_entrants` people (10 by default) are always shown:
  they describe the whole cohort and identify nobody. With fewer, the totals are cells like any
  other.
- **Primary suppression**: a cell counting 1 to `threshold − 1` people (1–4) is *sensitive* and
  withheld, unless the published totals fix it anyway (a breakdown with one row is the
  total itself).
- **Protection interval**: after publication, every sensitive cell must stay consistent with
  both 0 people and `threshold` (5) people, i.e. the interval an attacker can narrow it to
  (min and max of the cell over all non-negative tables that agree with every published
  figure) must contain [0, 5]. Where even hiding every other cell cannot reach that (the
  published totals cap it, e.g. a total of 3 qualified), the cap is the target.
- **Secondary suppression** is the integer programme of Fischetti and Salazar: a binary per
  cell (hidden or not), and per sensitive cell and direction a *witness*: integer deviations of
  the table's groups of people that keep every published figure unchanged, keep every group
  ≥ 0, and move the sensitive cell to the end of its protection interval. Minimise the number
  of hidden cells (then the people in them). Solved with OR-Tools CP-SAT (one worker, a fixed
  seed: the same figures give the same answer). Any feasible answer protects (each witness is
  a proof); when the solver proves optimality the answer is also minimal.
- Every withheld cell carries the same marker: marking the small ones apart ("<5") would tell
  an attacker that the others are 0 or at least 5, a constraint no linear witness respects.

The witnesses move the eight groups of each row, people by (agreed a plan?, qualified?,
returned?): every figure adds some of them up, and the groups of every breakdown add up to the
totals' groups, so a figure of one breakdown narrows the others (as the people are the same).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations

from ortools.sat.python import cp_model

THRESHOLD = 5
MIN_ENTRANTS = 10
#: the solver's deterministic time (roughly seconds) for one linked set of tables before it settles
#: for the best protecting answer found (still safe; then possibly not minimal)
SOLVER_SECONDS = 10.0

#: the figures a funder sees in every row of a breakdown (active, finished and drop-outs stay
#: with staff: they would add more relations between the published figures)
FUNDER_COUNTS = ["started", "with_plan", "qualified", "returned", "qualified_and_returned"]

#: the eight groups of people by (agreed a plan?, qualified?, returned?): every figure adds some up
GROUPS: tuple[tuple[int, int, int], ...] = tuple(
    (plan, qualified, returned) for plan in (0, 1) for qualified in (0, 1) for returned in (0, 1)
)
#: figure → the groups it counts
FIGURE_GROUPS: dict[str, tuple[int, ...]] = {
    "started": tuple(range(8)),
    "with_plan": tuple(i for i, g in enumerate(GROUPS) if g[0]),
    "qualified": tuple(i for i, g in enumerate(GROUPS) if g[1]),
    "returned": tuple(i for i, g in enumerate(GROUPS) if g[2]),
    "qualified_and_returned": tuple(i for i, g in enumerate(GROUPS) if g[1] and g[2]),
}

TOTAL = "total"


@dataclass(frozen=True)
class ShownFigure:
    value: int | None  # None: withheld
    below_threshold: bool  # withheld because it is itself 1–4 ("<5"); otherwise withheld to protect one


@dataclass(frozen=True)
class Suppression:
    """What a funder may see: the totals and every breakdown row, figure by figure."""

    total: dict[str, ShownFigure]
    breakdowns: dict[str, list[dict[str, ShownFigure]]]
    #: True when the solver proved that no smaller set of hidden cells protects every small cell
    minimal: bool

    def hidden_cells(self) -> int:
        rows = [self.total, *(row for rows in self.breakdowns.values() for row in rows)]
        return sum(1 for row in rows for figure in row.values() if figure.value is None)


def inner_cells(row: Mapping[str, int]) -> dict[str, int]:
    """The inner cells of one row's figures; ValueError naming the figure that does not fit."""
    missing = [name for name in FUNDER_COUNTS if name not in row]
    if missing:
        raise ValueError(f"A row lacks the figures {', '.join(missing)}.")
    started, plan, qualified, returned, both = (int(row[name]) for name in FUNDER_COUNTS)
    cells = {
        "a": both, "b": qualified - both, "c": returned - both, "d": started - qualified - returned + both,
        "p": plan, "n": started - plan,
    }
    if any(value < 0 for value in cells.values()):
        raise ValueError(
            f"Inconsistent figures: started {started}, with a plan {plan}, qualified {qualified}, "
            f"returned {returned}, qualified and returned {both}."
        )
    return cells


_Cell = tuple[str, int, str]  # (table, row index, figure); the totals are table "total", row 0


def report_suppress(
    *,
    total: Mapping[str, int],
    breakdowns: Mapping[str, Sequence[Mapping[str, int]]],
    threshold: int = THRESHOLD,
    min_entrants: int = MIN_ENTRANTS,
    solver_seconds: float = SOLVER_SECONDS,
) -> Suppression:
    """Protect a whole report (totals and every breakdown) as one set of linked tables.

    Each breakdown's rows must add up to the totals, figure by figure (ValueError if not)."""
    inner_cells(total)
    figures: dict[tuple[str, int], dict[str, int]] = {(TOTAL, 0): {n: int(total[n]) for n in FUNDER_COUNTS}}
    for table, table_rows in breakdowns.items():
        if table == TOTAL:
            raise ValueError("A breakdown cannot be called 'total'.")
        for index, row in enumerate(table_rows):
            inner_cells(row)
            figures[(table, index)] = {n: int(row[n]) for n in FUNDER_COUNTS}
        for name in FUNDER_COUNTS:
            added = sum(int(row[name]) for row in table_rows)
            if added != int(total[name]):
                raise ValueError(f"The rows of {table!r} add up to {added} {name}, the total says {total[name]}.")
    totals_shown = int(total["started"]) >= min_entrants
    rows = _base_table(figures, list(breakdowns))
    # Shown totals make every breakdown a problem of its own, when the witnesses also keep the
    # totals' eight groups as they are (an attacker may know less, never more: still safe).
    problems = [[table] for table in breakdowns] if totals_shown else [list(breakdowns)]
    hidden: set[_Cell] = set()
    sensitive: set[_Cell] = set()
    minimal = True
    for tables in problems:
        problem = _Problem(
            rows={key: value for key, value in rows.items() if key[0] in tables or key[0] == TOTAL},
            tables=tables, totals_fixed=totals_shown, threshold=threshold,
        )
        found, small, optimal = problem.solve(solver_seconds)
        if not optimal and not totals_shown:
            # A small cohort the solver could not finish in time: perhaps better to withhold every
            # breakdown and protect the totals alone (a small problem), whichever withholds less.
            alone = _Problem(rows={(TOTAL, 0): rows[(TOTAL, 0)]}, tables=[], totals_fixed=False, threshold=threshold)
            totals_hidden, totals_small, _ = alone.solve(solver_seconds)
            breakdown_cells = {cell for cell in problem.cells if cell[0] != TOTAL}
            if len(totals_hidden) + len(breakdown_cells) < len(found):
                found = totals_hidden | breakdown_cells
                small = totals_small | {cell for cell in breakdown_cells if 0 < problem.value(cell) < threshold}
        hidden |= found
        sensitive |= small
        minimal = minimal and optimal

    def shown(table: str, index: int, values: Mapping[str, int]) -> dict[str, ShownFigure]:
        return {
            name: ShownFigure(
                value=None if (table, index, name) in hidden else int(values[name]),
                below_threshold=(table, index, name) in sensitive,
            )
            for name in FUNDER_COUNTS
        }

    return Suppression(
        total=shown(TOTAL, 0, total),
        breakdowns={table: [shown(table, i, row) for i, row in enumerate(table_rows)]
                    for table, table_rows in breakdowns.items()},
        minimal=minimal,
    )


def _base_table(figures: dict[tuple[str, int], dict[str, int]], tables: list[str]) -> dict[tuple[str, int], list[int]]:
    """One table of the eight groups per row that gives every exact figure and links every
    breakdown to the same totals (the real people are one; any such table serves as the point the
    witnesses move from, as the set of tables they reach is the same)."""
    model = cp_model.CpModel()
    largest = figures[(TOTAL, 0)]["started"]
    groups = {key: [model.new_int_var(0, largest, "") for _ in GROUPS] for key in figures}
    for key, row in figures.items():
        for name, value in row.items():
            model.add(sum(groups[key][i] for i in FIGURE_GROUPS[name]) == value)
    for table in tables:
        members = [key for key in figures if key[0] == table]
        for i in range(len(GROUPS)):
            model.add(sum(groups[key][i] for key in members) == groups[(TOTAL, 0)][i])
    solver = _solver(30.0)
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise ValueError("The breakdowns do not describe one set of people (no table fits all their figures).")
    return {key: [int(solver.value(variable)) for variable in variables] for key, variables in groups.items()}


class _Problem:
    """One linked set of tables: the totals row and the breakdowns named in `tables`."""

    def __init__(
        self, *, rows: dict[tuple[str, int], list[int]], tables: list[str], totals_fixed: bool, threshold: int
    ) -> None:
        self.rows = rows
        self.tables = tables
        self.totals_fixed = totals_fixed
        self.threshold = threshold
        self.cells: list[_Cell] = [(table, index, name) for (table, index) in rows for name in FUNDER_COUNTS]
        # Cells the published totals fix (totals shown, or a breakdown row that is the total).
        self.fixed: set[_Cell] = set()
        if totals_fixed:
            self.fixed = {cell for cell in self.cells if cell[0] == TOTAL}
            for table in tables:
                if sum(1 for key in rows if key[0] == table) == 1:
                    self.fixed |= {(table, 0, name) for name in FUNDER_COUNTS}
        self.room = sum(rows[(TOTAL, 0)]) + threshold

    def value(self, cell: _Cell) -> int:
        return sum(self.rows[cell[:2]][i] for i in FIGURE_GROUPS[cell[2]])

    def _witness(
        self, model: cp_model.CpModel, hidden: dict[_Cell, cp_model.IntVar] | None
    ) -> dict[tuple[str, int], list[cp_model.IntVar]]:
        """Deviation variables of a table that agrees with every published figure.

        `hidden` None: every cell that is not fixed may move (the most an attacker can be denied)."""
        deviation = {
            key: [model.new_int_var(-count, self.room, "") for count in counts] for key, counts in self.rows.items()
        }
        total = deviation[(TOTAL, 0)]
        if self.totals_fixed:
            for variable in total:
                model.add(variable == 0)
        for table in self.tables:
            table_rows = [row for key, row in deviation.items() if key[0] == table]
            for i in range(len(GROUPS)):
                model.add(sum(row[i] for row in table_rows) == total[i])
        for cell in self.cells:
            change = sum(deviation[cell[:2]][i] for i in FIGURE_GROUPS[cell[2]])
            if cell in self.fixed:
                model.add(change == 0)
            elif hidden is not None:
                model.add(change == 0).only_enforce_if(hidden[cell].Not())
        return deviation

    def _change(self, deviation: dict[tuple[str, int], list[cp_model.IntVar]], cell: _Cell) -> cp_model.LinearExpr:
        return sum(deviation[cell[:2]][i] for i in FIGURE_GROUPS[cell[2]])  # type: ignore[return-value]

    def _reach(self, cell: _Cell, *, upward: bool) -> int:
        """How far the cell can move at most when every cell not fixed is hidden."""
        model = cp_model.CpModel()
        change = self._change(self._witness(model, None), cell)
        if upward:
            model.maximize(change)
        else:
            model.minimize(change)
        solver = _solver(5.0)
        status = solver.solve(model)
        if status != cp_model.OPTIMAL:
            return 0
        return abs(int(solver.objective_value))

    def targets(self, cell: _Cell) -> tuple[int, int]:
        """(up, down): how far the sensitive cell must be movable each way."""
        value = self.value(cell)
        up = min(self.threshold - value, self._reach(cell, upward=True))
        down = min(value, self._reach(cell, upward=False))
        return up, down

    def solve(self, seconds: float) -> tuple[set[_Cell], set[_Cell], bool]:
        """(hidden cells, sensitive cells among them, proved minimal)."""
        primary = [cell for cell in self.cells if cell not in self.fixed and 0 < self.value(cell) < self.threshold]
        demands = {cell: self.targets(cell) for cell in primary}
        # A small cell the totals pin down (it cannot move at all) is published: hiding it protects nothing.
        sensitive = {cell for cell, (up, down) in demands.items() if up > 0 or down > 0}
        if not sensitive:
            return set(), set(), True
        model = cp_model.CpModel()
        hidden = {cell: model.new_bool_var("") for cell in self.cells if cell not in self.fixed}
        for cell in sensitive:
            model.add(hidden[cell] == 1)
            for sign, amount in ((1, demands[cell][0]), (-1, demands[cell][1])):
                if amount > 0:
                    model.add(sign * self._change(self._witness(model, hidden), cell) >= amount)
        # Fewest hidden cells first, then fewest people in them.
        weight = self.room + 1
        for variable in hidden.values():
            model.add_hint(variable, 1)  # hiding every movable cell protects: a first answer at once
        model.minimize(sum(variable * (weight + self.value(cell)) for cell, variable in hidden.items()))
        solver = _solver(seconds)
        status = solver.solve(model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            chosen = {cell for cell, variable in hidden.items() if solver.value(variable)}
            return chosen, sensitive, status == cp_model.OPTIMAL
        # No answer in time: hiding every movable cell reaches every target by construction.
        return set(hidden), sensitive, False


def _solver(seconds: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    # Deterministic time, not wall-clock: the same figures must give the same cells on a busy
    # machine too, or two answers for one period could be laid side by side.
    solver.parameters.max_deterministic_time = seconds
    return solver


# --- the former heuristic, kept only to measure the new protection against -------------------------

_VECTORS: dict[str, tuple[int, int, int, int]] = {
    "started": (1, 1, 1, 1), "qualified": (1, 1, 0, 0), "returned": (1, 0, 1, 0),
    "qualified_and_returned": (1, 0, 0, 0),
}
_WITHHOLD_ORDER = ["returned", "qualified", "qualified_and_returned", "started"]
_GROUPS = [
    tuple(1 if i in chosen else 0 for i in range(4)) for size in range(1, 5) for chosen in combinations(range(4), size)
]


def _rank(rows: Sequence[tuple[int, ...]]) -> int:
    matrix = [[Fraction(value) for value in row] for row in rows]
    rank = 0
    for column in range(4):
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


def _legacy_row(values: Mapping[str, int]) -> dict[str, ShownFigure]:
    cells = inner_cells(values)
    quadrants = (cells["a"], cells["b"], cells["c"], cells["d"])
    shown = [name for name in FUNDER_COUNTS if name != "with_plan"]
    for name in [*(n for n in _WITHHOLD_ORDER if 0 < values[n] < THRESHOLD), *_WITHHOLD_ORDER]:
        basis = [_VECTORS[n] for n in shown]
        base_rank = _rank(basis) if basis else 0
        groups = [g for g in _GROUPS if basis and _rank([*basis, g]) == base_rank]
        if not any(0 < sum(c for c, bit in zip(quadrants, g, strict=True) if bit) < THRESHOLD for g in groups):
            break
        if name in shown:
            shown.remove(name)
    result = {
        name: ShownFigure(value=values[name] if name in shown else None,
                          below_threshold=name not in shown and 0 < values[name] < THRESHOLD)
        for name in FUNDER_COUNTS if name != "with_plan"
    }
    plan, started = values["with_plan"], values["started"]
    plan_safe = not (0 < plan < THRESHOLD) and not (0 < started - plan < THRESHOLD)
    result["with_plan"] = ShownFigure(value=plan if plan_safe else None, below_threshold=0 < plan < THRESHOLD)
    return result


def legacy_report_hidden_cells(
    *, total: Mapping[str, int], breakdowns: Mapping[str, Sequence[Mapping[str, int]]]
) -> int:
    """How many cells the former row-by-row and column-pairing heuristic withheld (for comparison)."""
    total_shown = _legacy_row(total)
    hidden = 0
    for table_rows in breakdowns.values():
        total_here = _legacy_row(total)
        shown_rows = [_legacy_row(row) for row in table_rows]
        changed = True
        while changed:
            changed = False
            for name in FUNDER_COUNTS:
                if total_here[name].value is None:
                    continue
                withheld = [i for i, r in enumerate(shown_rows) if r[name].value is None and table_rows[i][name] > 0]
                if len(withheld) != 1:
                    continue
                candidates = sorted(
                    (table_rows[i][name], i) for i, r in enumerate(shown_rows)
                    if r[name].value is not None and table_rows[i][name] > 0
                )
                if not candidates:
                    total_here[name] = ShownFigure(value=None, below_threshold=False)
                else:
                    shown_rows[candidates[0][1]][name] = ShownFigure(value=None, below_threshold=False)
                changed = True
        # A figure withheld in any breakdown's total was withheld everywhere.
        total_shown.update({name: figure for name, figure in total_here.items() if figure.value is None})
        hidden += sum(1 for r in shown_rows for figure in r.values() if figure.value is None)
    return hidden + sum(1 for figure in total_shown.values() if figure.value is None)


def column_partners(values: Sequence[float], withheld: set[int]) -> set[int]:
    """For a column of additive amounts (module hours) whose total is shown: if exactly one
    non-zero amount is withheld, the total minus the others would give it back, so the smallest
    other non-zero amount is withheld with it. Returns the indices withheld in the end."""
    result = set(withheld)
    lone = [i for i in result if values[i] != 0]
    if len(lone) == 1:
        others = sorted((values[i], i) for i in range(len(values)) if i not in result and values[i] != 0)
        if others:
            result.add(others[0][1])
    return result
