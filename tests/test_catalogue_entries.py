"""Every catalogue keeps one blank line between entries.

A union merge of two branches that both appended to a `.po` file can join two entries
(`msgstr "…"` directly followed by `msgctxt`/`msgid`); gettext still compiles it, but tools that
read entries (makemessages, the participant checks) see one entry where there are two."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

CATALOGUES = sorted(Path(settings.BASE_DIR).glob("locale/*/LC_MESSAGES/django.po"))


def joined_entries(text: str) -> list[int]:
    """Line numbers where an entry starts right after the previous entry's translation."""
    found, last = [], None
    for number, line in enumerate(text.splitlines(), start=1):
        keyword = line.split(" ", 1)[0].split("[", 1)[0] if line and not line.startswith('"') else None
        if keyword in ("msgctxt", "msgid", "#", "#:", "#,", "#.", "#|") and last == "msgstr":
            found.append(number)
        if not line.strip():
            last = None
        elif keyword in ("msgctxt", "msgid", "msgid_plural", "msgstr"):
            last = keyword
    return found


def test_the_check_finds_a_joined_entry():
    assert joined_entries('msgid "a"\nmsgstr "b"\nmsgid "c"\nmsgstr "d"\n') == [3]
    assert joined_entries('msgid "a"\nmsgstr[0] "b"\n"more"\n\n#: x.py\nmsgid "c"\nmsgstr "d"\n') == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parts[-3])
def test_entries_are_separated_by_a_blank_line(path: Path):
    assert len(CATALOGUES) >= 13
    assert joined_entries(path.read_text(encoding="utf-8")) == []
