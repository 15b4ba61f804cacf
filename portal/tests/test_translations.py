"""CI check: every participant-facing string (msgctxt "participant") is translated, and not
fuzzy, in every portal language, with every plural form the language has; placeholders in
every translation match the source; each catalogue's plural rule agrees with CLDR (Babel);
every catalogue says whether a native speaker reviewed it.

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

from languages.plurals import parse_plural_forms, plural_rule_problems
from languages.purposes import PARTICIPANT_LANGUAGES

LOCALE = Path(settings.BASE_DIR) / "locale"
LANGUAGES = [code for code in PARTICIPANT_LANGUAGES if code != "en"]


@dataclass
class Entry:
    context: str = ""
    msgid: str = ""
    msgid_plural: str = ""
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
            elif current == "msgid_plural":
                entry.msgid_plural += value
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
    assert entries[1].msgstr == ["", "z"] and entries[1].msgid_plural == "y"


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


#: %(name)s, %s / %d, and {name} (certificate and partner wording uses str.format)
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]|\{(\w*)\}")


def placeholders(text: str) -> set[str] | tuple[str, ...]:
    """Named placeholders as a set (a translation may repeat one, German does), positional
    ones as their sequence (order and count matter)."""
    found = [match.group(0) for match in _PLACEHOLDER.finditer(text)]
    positional = tuple(token for token in found if token in {"%s", "%d", "{}"})
    return positional if positional else set(found)


def test_placeholder_reader():
    assert placeholders("%(a)s of %(b)s, {name}") == {"%(a)s", "%(b)s", "{name}"}
    assert placeholders("%s and %d") == ("%s", "%d")
    assert placeholders("100%% sure") == set()


def _header_and_entries(code: str) -> tuple[dict[str, str], list[Entry]]:
    header, entries = parse_po(_catalogue(code).read_text(encoding="utf-8"))
    return header, [entry for entry in entries if not entry.obsolete]


@pytest.mark.parametrize("code", LANGUAGES)
def test_placeholders_match_the_source(code):
    """A translation that drops, renames or adds a placeholder breaks the page (KeyError) or
    shows the wrong value: checked on every translated entry, staff strings included."""
    _header, entries = _header_and_entries(code)
    wrong = []
    for entry in entries:
        if entry.fuzzy or not any(entry.msgstr):
            continue
        sources = [entry.msgid] if not entry.msgid_plural else [entry.msgid, entry.msgid_plural]
        expected = placeholders(sources[-1])
        for index, text in enumerate(entry.msgstr):
            if text and placeholders(text) != expected and placeholders(text) != placeholders(sources[0]):
                wrong.append(f"  - {entry.msgid!r} [{index}]: {text!r}")
    assert wrong == [], f"locale/{code}: placeholders differ from the source:\n" + "\n".join(wrong)


@pytest.mark.parametrize("code", LANGUAGES)
def test_plural_rule_agrees_with_cldr(code):
    header, _entries = _header_and_entries(code)
    problems = plural_rule_problems(code, header["Plural-Forms"])
    assert problems == [], f"locale/{code}: Plural-Forms splits numbers unlike CLDR: {problems[:5]}"


@pytest.mark.parametrize("code", LANGUAGES)
def test_participant_plurals_have_every_form(code):
    header, _entries = _header_and_entries(code)
    nplurals, _plural = parse_plural_forms(header["Plural-Forms"])
    plural_entries = [entry for entry in _participant_entries(code) if entry.msgid_plural]
    assert plural_entries, f"locale/{code}: no counted participant strings (hours, days, documents)"
    short = [entry.msgid for entry in plural_entries if len(entry.msgstr) != nplurals or not all(entry.msgstr)]
    assert short == [], f"locale/{code}: plural forms missing (nplurals={nplurals}): {short}"


@pytest.mark.parametrize("code", LANGUAGES)
def test_no_fuzzy_guess_in_participant_context(code):
    """msgmerge's fuzzy guesses are never shown, but a reviewer may drop the flag: none stays."""
    fuzzy = [entry.msgid for entry in _participant_entries(code) if entry.fuzzy]
    assert fuzzy == [], f"locale/{code}: fuzzy participant entries: {fuzzy}"
