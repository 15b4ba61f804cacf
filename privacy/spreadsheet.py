"""Cells for CSV and XLSX exports, neutralised against formula injection.

A spreadsheet program treats a cell starting with = + - @ (and, in some, tab or
carriage return) as a formula, so a name typed as `=HYPERLINK(...)` would run when a
manager opens the export. Every CSV/XLSX export in Reintegra passes its cells through
`neutralise_cell`: a leading apostrophe makes the program show the text as text.
Pure module, no Django.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

#: first characters that make a spreadsheet program read a cell as a formula (OWASP)
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

Cell = TypeVar("Cell")


def neutralise_cell(value: Cell) -> Cell | str:
    """`value` with a leading `'` if it is a string starting with a formula trigger.

    Anything else (numbers, dates, None, harmless strings) is returned unchanged, so
    numeric cells stay numbers in XLSX.
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def neutralise_row(values: Iterable[object]) -> list[object]:
    return [neutralise_cell(value) for value in values]
