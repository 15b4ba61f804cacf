"""CI check: every participant-facing string (msgctxt "participant") is translated, and not
fuzzy, in every portal language; every catalogue says whether a native speaker reviewed it.

English is the source language and has no catalogue. Run `makemessages` (see locale/README.md)
after adding strings: the new entries then show up here as missing until translated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation import to_locale

from languages.purposes import PARTICIPANT_LANGUAGES

LOCALE = Path(settings.BASE_DIR) / "locale"
LANGUAGES = [code for code in PARTICIPANT_LANGUAGES if code != "en"]


@dataclass
class Entry:
    context: str = ""
    msgid: str = ""
    msgstr: list[str] = field(default_factory=list)
    fuzzy: bool = False
    obsolete: bool = False


def _unquote(text: str) -> str:
    return bytes(text, "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")


def parse_po(text: str) -> tuple[dict[str, str], list[Entry]]:
    """A small .po reader (polib is not a dependency): the header and the entries."""
    entries: list[Entry] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        entry = Entry()
        current: str | None = None
        for line in block.splitlines():
            if line.startswith("#~"):
                entry.obsolete = True
                continue
            if line.startswith("#,"):
                entry.fuzzy = entry.fuzzy or "fuzzy" in line
                continue
            if line.startswith("#") or not line.strip():
                continue
            match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+"(.*)"$', line)
            if match:
                current = match.group(1)
                value = _unquote(match.group(2))
            else:
                value = _unquote(line.strip()[1:-1])
            if current == "msgctxt":
                entry.context += value
            elif current == "msgid":
                entry.msgid += value
            elif current and current.startswith("msgstr"):
                index = int(current[7:-1]) if "[" in current else 0
                while len(entry.msgstr) <= index:
                    entry.msgstr.append("")
                entry.msgstr[index] += value
        entries.append(entry)
    header: dict[str, str] = {}
    if entries and entries[0].msgid == "":
        for line in entries[0].msgstr[0].splitlines():
            key, _sep, value = line.partition(":")
            header[key.strip()] = value.strip()
        entries = entries[1:]
    return header, entries


def _catalogue(code: str) -> Path:
    return LOCALE / to_locale(code) / "LC_MESSAGES" / "django.po"


def _participant_entries(code: str) -> list[Entry]:
    _header, entries = parse_po(_catalogue(code).read_text(encoding="utf-8"))
    return [entry for entry in entries if entry.context == "participant" and not entry.obsolete]


def test_parser_reads_context_fuzzy_and_plurals():
    header, entries = parse_po(
        'msgid ""\nmsgstr ""\n"Language: ar\\n"\n\n#, fuzzy\nmsgctxt "participant"\nmsgid "A"\nmsgstr "ب"\n\n'
        'msgctxt "participant"\nmsgid "x"\nmsgid_plural "y"\nmsgstr[0] ""\nmsgstr[1] "z"\n'
    )
    assert header["Language"] == "ar"
    assert entries[0].fuzzy and entries[0].msgstr == ["ب"] and entries[0].context == "participant"
    assert entries[1].msgstr == ["", "z"]


@pytest.mark.parametrize("code", LANGUAGES)
def test_catalogue_exists_and_records_review(code):
    header, _entries = parse_po(_catalogue(code).read_text(encoding="utf-8"))
    assert header.get("X-Reviewed-By-Native-Speaker") in {"yes", "no"}, (
        f"locale/{code}: add the header X-Reviewed-By-Native-Speaker: yes|no"
    )


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_participant_string_is_translated(code):
    entries = _participant_entries(code)
    assert entries, f"locale/{code} has no participant strings: run makemessages"
    missing = [entry.msgid for entry in entries if entry.fuzzy or not all(entry.msgstr)]
    assert missing == [], f"locale/{code}: {len(missing)} participant strings untranslated or fuzzy:\n" + "\n".join(
        f"  - {msgid}" for msgid in missing
    )


def test_every_catalogue_has_the_same_participant_strings():
    """A catalogue left out of the last makemessages run would hide untranslated strings."""
    known = {code: {entry.msgid for entry in _participant_entries(code)} for code in LANGUAGES}
    union = set().union(*known.values())
    behind = {code: sorted(union - ids)[:5] for code, ids in known.items() if union - ids}
    assert behind == {}, f"run makemessages for these languages: {behind}"
