"""Tables scroll inside a wrapper on a phone instead of widening the page (issue 18, and for
every screen issue 24): every table of every HTML template sits in `.table-scroll`; a
table's header cells are never empty (a screen reader announces nothing for them).
The browser walk (tests/test_walk_counsellor_instructor.py) measures the overflow itself."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCREENS = sorted(
    path for path in ROOT.glob("*/templates/**/*.html")
    if ".venv" not in path.parts and "node_modules" not in path.parts
)


@pytest.mark.parametrize("template", [p for p in SCREENS if "pdf" not in p.name], ids=lambda p: p.name)
def test_every_table_scrolls_inside_its_wrapper(template):
    text = template.read_text(encoding="utf-8")
    for match in re.finditer(r"<table\b", text):
        before = text[: match.start()].rstrip()
        assert before.endswith(">") and 'class="table-scroll"' in before[before.rfind("<div"):], (
            f"{template.name}: a table outside .table-scroll at offset {match.start()}"
        )


@pytest.mark.parametrize("template", [p for p in SCREENS if "pdf" not in p.name], ids=lambda p: p.name)
def test_no_empty_header_cell(template):
    text = template.read_text(encoding="utf-8")
    assert not re.search(r"<th\b[^>]*>\s*</th>", text), f"{template.name}: an empty <th>"
