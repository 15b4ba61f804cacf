"""Read the official ESCO CSV download (occupations_en.csv, skills_en.csv and the skill
collections) and check every record before anything is written.

Plain Python, no Django: `esco_read(directory)` returns the records or raises
`EscoImportError` listing every problem by file, record (row) number and field. The
header is row 1; a record spanning several lines (ESCO's multi-line alt labels) counts
as one row.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

OCCUPATIONS_FILE = "occupations_en.csv"
SKILL_FILES = ("skills_en.csv", "transversalSkillsCollection_en.csv", "languageSkillsCollection_en.csv")
OCCUPATION_PREFIX = "http://data.europa.eu/esco/occupation/"
SKILL_PREFIX = "http://data.europa.eu/esco/skill/"
ISCO_RE = re.compile(r"^\d{4}$")
MAX_LABEL = 250
MAX_URI = 200


@dataclass(frozen=True)
class EscoRecord:
    uri: str
    label_en: str
    isco_code: str = ""
    skill_type: str = ""


@dataclass
class EscoData:
    occupations: list[EscoRecord] = field(default_factory=list)
    skills: list[EscoRecord] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


class EscoImportError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _read_file(
    path: Path, *, required: tuple[str, ...], prefix: str, isco: bool, problems: list[str]
) -> list[EscoRecord]:
    name = path.name
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        problems.append(f"{name}: not UTF-8 text ({error.reason} at byte {error.start})")
        return []
    reader = csv.DictReader(text.splitlines(keepends=True))
    header = reader.fieldnames or []
    missing = [column for column in required if column not in header]
    if missing:
        problems.append(f"{name}, row 1: missing column(s) {', '.join(missing)}")
        return []
    records: list[EscoRecord] = []
    seen: dict[str, int] = {}
    try:
        for number, row in enumerate(reader, start=2):
            if None in row:
                problems.append(f"{name}, row {number}: more values than columns")
                continue
            uri = (row.get("conceptUri") or "").strip()
            label = (row.get("preferredLabel") or "").strip()
            row_ok = True
            if not uri.startswith(prefix) or len(uri) > MAX_URI or len(uri) == len(prefix):
                problems.append(f"{name}, row {number}, field conceptUri: {uri!r} is not an ESCO URI ({prefix}…)")
                row_ok = False
            elif uri in seen:
                problems.append(f"{name}, row {number}, field conceptUri: {uri!r} repeats row {seen[uri]}")
                row_ok = False
            if not label:
                problems.append(f"{name}, row {number}, field preferredLabel: empty")
                row_ok = False
            elif len(label) > MAX_LABEL:
                problems.append(f"{name}, row {number}, field preferredLabel: longer than {MAX_LABEL} characters")
                row_ok = False
            code = (row.get("iscoGroup") or "").strip()
            if isco and not ISCO_RE.match(code):
                problems.append(f"{name}, row {number}, field iscoGroup: {code!r} is not a four-digit ISCO-08 code")
                row_ok = False
            if row_ok:
                seen[uri] = number
                records.append(
                    EscoRecord(uri=uri, label_en=label, isco_code=code if isco else "",
                               skill_type=(row.get("skillType") or "").strip()[:40])
                )
    except csv.Error as error:
        problems.append(f"{name}, row {reader.line_num}: not valid CSV ({error})")
    return records


def esco_read(directory: Path) -> EscoData:
    """Every occupation and skill record in `directory`, or EscoImportError with all problems."""
    if not directory.is_dir():
        raise EscoImportError([f"{directory}: not a directory"])
    problems: list[str] = []
    data = EscoData()
    occupations = directory / OCCUPATIONS_FILE
    if occupations.exists():
        data.files.append(OCCUPATIONS_FILE)
        data.occupations = _read_file(
            occupations, required=("conceptUri", "preferredLabel", "iscoGroup"), prefix=OCCUPATION_PREFIX,
            isco=True, problems=problems,
        )
    seen_skills: set[str] = set()
    for name in SKILL_FILES:
        path = directory / name
        if not path.exists():
            continue
        data.files.append(name)
        for record in _read_file(
            path, required=("conceptUri", "preferredLabel"), prefix=SKILL_PREFIX, isco=False, problems=problems
        ):
            # The collections repeat skills of skills_en.csv: the first file wins.
            if record.uri not in seen_skills:
                seen_skills.add(record.uri)
                data.skills.append(record)
    if not data.files:
        problems.append(f"{directory}: none of {OCCUPATIONS_FILE}, {', '.join(SKILL_FILES)} found")
    if problems:
        raise EscoImportError(problems)
    return data
