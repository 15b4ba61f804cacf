"""Session and attendance tables scroll inside a wrapper on a 390 px phone instead of
widening the page (issue 18): every table of those screens sits in `.table-scroll`.
The browser walk (tests/test_walk_counsellor_instructor.py) measures the overflow itself."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCREENS = [
    *sorted((ROOT / "scheduling" / "templates").rglob("*.html")),
    *sorted((ROOT / "training" / "templates").rglob("*.html")),
    ROOT / "certificates" / "templates" / "certificates" / "session_issue.html",
    ROOT / "assessments" / "templates" / "assessments" / "tryouts.html",
    ROOT / "feedback" / "templates" / "feedback" / "session_links.html",
]


@pytest.mark.parametrize("template", [p for p in SCREENS if "pdf" not in p.name], ids=lambda p: p.name)
def test_every_table_scrolls_inside_its_wrapper(template):
    text = template.read_text(encoding="utf-8")
    for match in re.finditer(r"<table\b", text):
        before = text[: match.start()].rstrip()
        assert before.endswith(">") and 'class="table-scroll"' in before[before.rfind("<div"):], (
            f"{template.name}: a table outside .table-scroll at offset {match.start()}"
        )
