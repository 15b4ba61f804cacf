"""Reading a profile exported by the EU Skills Profile Tool for Third Country Nationals.

The tool exports XML (and the Europass successor JSON); element names differ between
versions and languages of the form, so the parser is tolerant by design:

- JSON or XML, detected from the content. XML is turned into the same nested shape as
  JSON (element → dict, repeated elements → list, attributes as keys); namespaces are
  dropped. DTDs and entities are refused.
- Sections are found at any depth by normalised name (case, `-`, `_` and spaces
  ignored): education (`education`, `educationAndTraining`, `schooling`, …), work
  (`workExperience`, `employment`, `occupations`, `jobs`, …), skills (`skills`,
  `skillsIdentification`, `competences`, …), languages (`languages`, `languageSkills`, …).
- Inside an entry, fields are looked up by the aliases in `FIELDS`; an occupation or
  skill may be a plain label or an object with `uri`/`label`.
- Personal information (`personalInformation`, names, birth date, contact, …) is never
  read: only what the assessment form needs is taken.

`skills_profile_parse` returns a `ParsedProfile` or raises `SkillsProfileError` with every
problem, naming the element (path) and why. It writes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET  # noqa: S405  # DTDs/entities are refused before parsing
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

SECTIONS = {
    "education": ("education", "educationandtraining", "educationtraining", "schooling", "educations",
                  "formaleducation", "qualifications"),
    "work": ("workexperience", "workexperiences", "employment", "employmenthistory", "occupations", "jobs",
             "professionalexperience", "workhistory"),
    "skills": ("skills", "skillsidentification", "competences", "skill", "skilllist", "otherskills"),
    "languages": ("languages", "languageskills", "language", "languagelist", "foreignlanguages"),
}
FIELDS = {
    "isced": ("isced", "iscedlevel", "level", "educationlevel", "eqflevel"),
    "country": ("country", "countrycode", "countryofeducation", "location"),
    "years": ("years", "yearsofschooling", "duration", "durationyears", "numberofyears", "yearsofexperience"),
    "from": ("from", "start", "startdate", "fromdate", "begin"),
    "to": ("to", "end", "enddate", "todate", "until"),
    "occupation": ("occupation", "job", "jobtitle", "position", "title", "label", "name"),
    "uri": ("uri", "escouri", "occupationuri", "skilluri", "conceptUri".lower(), "esco"),
    "kind": ("kind", "type", "employmenttype", "formal", "contract", "workform"),
    "skill": ("skill", "label", "name", "title", "description"),
    "level": ("level", "proficiency", "skilllevel", "selfassessment"),
    "language": ("language", "code", "languagecode", "name", "label"),
    "cefr": ("cefr", "level", "cefrlevel", "proficiency", "overall"),
}
IGNORED = ("personalinformation", "personalinfo", "person", "personaldata", "contact", "identification")
SKILL_LEVELS = {"basic": 1, "beginner": 1, "elementary": 1, "intermediate": 2, "good": 2, "advanced": 3,
                "very good": 3, "expert": 4, "excellent": 4, "grundkenntnisse": 1, "fortgeschritten": 3,
                "gut": 2, "sehr gut": 3, "experte": 4}
CEFR = ("A1", "A2", "B1", "B2", "C1", "C2")
MOTHER_TONGUE = ("mother tongue", "mothertongue", "native", "muttersprache")
WORK_KINDS = {"formal": "formal", "true": "formal", "yes": "formal", "employed": "formal",
              "informal": "informal", "false": "informal", "no": "informal",
              "self-employed": "self_employed", "selfemployed": "self_employed", "self_employed": "self_employed"}
MAX_BYTES = 2 * 1024 * 1024
#: nesting deeper than this is refused before parsing (real profiles nest fewer than ten levels;
#: without a limit a file of a million brackets ends in a RecursionError)
MAX_DEPTH = 40
_JSON_STRUCTURE = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


@dataclass
class ParsedWork:
    label: str
    uri: str
    years: Decimal
    kind: str


@dataclass
class ParsedSkill:
    label: str
    uri: str
    level: int


@dataclass
class ParsedProfile:
    education_level: int | None = None
    education_years: int | None = None
    education_country: str = ""
    work: list[ParsedWork] = field(default_factory=list)
    skills: list[ParsedSkill] = field(default_factory=list)
    languages: list[dict[str, str]] = field(default_factory=list)
    ignored_sections: int = 0


class SkillsProfileError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _norm(name: str) -> str:
    return re.sub(r"[\s\-_.:]", "", name.split("}")[-1]).lower()


def _xml_to_data(element: ET.Element) -> Any:
    children = list(element)
    if not children and not element.attrib:
        return (element.text or "").strip()
    data: dict[str, Any] = {_norm(k): v for k, v in element.attrib.items()}
    if (element.text or "").strip():
        data["text"] = element.text.strip()  # type: ignore[union-attr]
    for child in children:
        key = _norm(child.tag)
        value = _xml_to_data(child)
        if key in data:
            if not isinstance(data[key], list) or key not in data.get("__lists__", set()):
                data[key] = [data[key]]
                data.setdefault("__lists__", set()).add(key)
            data[key].append(value)
        else:
            data[key] = value
    data.pop("__lists__", None)
    return data


def _too_deep(line: int | None = None) -> SkillsProfileError:
    if line is None:
        return SkillsProfileError([
            _("file: nested deeper than %(max)s levels; a skills profile is not built like that") % {"max": MAX_DEPTH}
        ])
    return SkillsProfileError([
        _("file: nested deeper than %(max)s levels (line %(line)s); a skills profile is not built like that")
        % {"max": MAX_DEPTH, "line": line}
    ])


def _json_depth_check(text: str) -> None:
    """Count brackets outside strings; refuse the file at the first one nested too deep."""
    depth = 0
    for match in _JSON_STRUCTURE.finditer(text):
        symbol = match.group()
        if symbol in ("[", "{"):
            depth += 1
            if depth > MAX_DEPTH:
                raise _too_deep(text.count("\n", 0, match.start()) + 1)
        elif symbol in ("]", "}"):
            depth -= 1


def _xml_depth_check(text: str) -> None:
    """Walk the elements as they open and close (no tree yet); refuse at the first too deep."""
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start", "end"))
    depth = 0
    try:
        for start in range(0, len(text), 65536):
            parser.feed(text[start:start + 65536])
            for event in parser.read_events():
                depth += 1 if event[0] == "start" else -1
                if depth > MAX_DEPTH:
                    raise _too_deep()
        parser.close()
    except ET.ParseError:
        return  # reported with its position by the real parse


def _load(content: bytes) -> Any:
    if len(content) > MAX_BYTES:
        raise SkillsProfileError([_("file: larger than 2 MB")])
    text = content.decode("utf-8-sig", errors="strict") if content else ""
    stripped = text.lstrip()
    if not stripped:
        raise SkillsProfileError([_("file: empty")])
    if stripped.startswith(("{", "[")):
        _json_depth_check(stripped)
        try:
            return json.loads(stripped)
        except json.JSONDecodeError as error:
            raise SkillsProfileError([
                _("file: not valid JSON (line %(line)s, column %(col)s: %(msg)s)")
                % {"line": error.lineno, "col": error.colno, "msg": error.msg}
            ]) from error
    if stripped.startswith("<"):
        if re.search(r"<!(DOCTYPE|ENTITY)", stripped, re.IGNORECASE):
            raise SkillsProfileError([_("file: XML with a DTD or entities is not accepted")])
        _xml_depth_check(stripped)
        try:
            root = ET.fromstring(stripped)  # noqa: S314  # no DTD/entities (checked above)
        except ET.ParseError as error:
            line, col = error.position
            raise SkillsProfileError([
                _("file: not valid XML (line %(line)s, column %(col)s)") % {"line": line, "col": col}
            ]) from error
        return {_norm(root.tag): _xml_to_data(root)}
    raise SkillsProfileError([_("file: neither JSON nor XML")])


def _find_sections(data: Any, path: str, found: dict[str, list[tuple[str, Any]]], counts: list[int]) -> None:
    if isinstance(data, dict):
        for key, value in data.items():
            name = _norm(str(key))
            here = f"{path}/{key}" if path else str(key)
            if name in IGNORED:
                counts[0] += 1
                continue
            section = next((s for s, aliases in SECTIONS.items() if name in aliases), None)
            if section is not None and (isinstance(value, list | dict)):
                found.setdefault(section, []).append((here, value))
            else:
                _find_sections(value, here, found, counts)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            _find_sections(value, f"{path}[{index + 1}]", found, counts)


def _entries(path: str, value: Any, singular: tuple[str, ...]) -> list[tuple[str, Any]]:
    """A section's entries: a list, or a dict wrapping one list/entry (`<skills><skill>…</skill></skills>`)."""
    if isinstance(value, list):
        return [(f"{path}[{i + 1}]", v) for i, v in enumerate(value)]
    if isinstance(value, dict):
        for key, inner in value.items():
            if _norm(str(key)) in singular or isinstance(inner, list):
                if isinstance(inner, list):
                    return [(f"{path}/{key}[{i + 1}]", v) for i, v in enumerate(inner)]
                return [(f"{path}/{key}", inner)]
        return [(path, value)]
    return []


def _get(entry: Any, name: str) -> Any:
    if not isinstance(entry, dict):
        return None
    normalised = {_norm(str(k)): v for k, v in entry.items()}
    for alias in FIELDS[name]:
        if alias in normalised and normalised[alias] not in (None, "", [], {}):
            return normalised[alias]
    return None


def _text(value: Any) -> str:
    if isinstance(value, dict):
        for key in ("label", "preferredlabel", "name", "title", "text", "value"):
            if key in {_norm(k) for k in value}:
                return _text(next(v for k, v in value.items() if _norm(k) == key))
        return ""
    if isinstance(value, list):
        return _text(value[0]) if value else ""
    return "" if value is None else str(value).strip()


def _uri(entry: Any, field_name: str) -> str:
    value = _get(entry, "uri")
    if value is None:
        inner = _get(entry, field_name)
        if isinstance(inner, dict):
            value = next((v for k, v in inner.items() if _norm(k) in ("uri", "escouri", "concepturi")), None)
    return _text(value)


def _date(value: str) -> dt.date | None:
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%Y-%m", "%Y"):
        try:
            return dt.datetime.strptime(value[:10], pattern).date()  # noqa: DTZ007  # a calendar date
        except ValueError:
            continue
    return None


def _years(entry: Any, where: str, problems: list[str]) -> Decimal | None:
    raw = _get(entry, "years")
    if raw is not None:
        text = _text(raw).replace(",", ".")
        try:
            years = Decimal(re.sub(r"[^\d.]", "", text) or "x")
        except InvalidOperation:
            problems.append(
                _("%(where)s/years: “%(value)s” is not a number of years") % {"where": where, "value": text}
            )
            return None
        if years > 70:
            problems.append(_("%(where)s/years: %(value)s years is not plausible") % {"where": where, "value": years})
            return None
        return years.quantize(Decimal("0.1"))
    start, end = _get(entry, "from"), _get(entry, "to")
    if start is not None:
        begin = _date(_text(start))
        finish = _date(_text(end)) if end is not None else None
        if begin is None:
            problems.append(_("%(where)s/from: “%(value)s” is not a date") % {"where": where, "value": _text(start)})
            return None
        finish = finish or begin
        if finish < begin:
            problems.append(_("%(where)s: the end lies before the start") % {"where": where})
            return None
        return (Decimal((finish - begin).days) / Decimal("365.25")).quantize(Decimal("0.1"))
    return None


def _isced(value: Any) -> int | None:
    text = _text(value).upper()
    match = re.search(r"\d+", text)
    if match and ("ISCED" in text or "EQF" not in text):
        level = int(match.group())
        return level if 0 <= level <= 8 else None
    return None


def _country(value: Any) -> str:
    text = _text(value)
    if len(text) == 2 and text.isalpha():
        return text.upper()
    if isinstance(value, dict):
        code = next((v for k, v in value.items() if _norm(k) in ("code", "iso", "countrycode")), "")
        return str(code).upper()[:2] if len(str(code)) == 2 else ""
    return ""


def _skill_level(value: Any) -> int | None:
    text = _text(value).casefold()
    if text.isdigit():
        level = int(text)
        return level if 1 <= level <= 4 else None
    return SKILL_LEVELS.get(text)


def skills_profile_parse(content: bytes) -> ParsedProfile:
    try:
        data = _load(content)
    except UnicodeDecodeError as error:
        raise SkillsProfileError([_("file: not UTF-8 text (byte %(pos)s)") % {"pos": error.start}]) from error
    found: dict[str, list[tuple[str, Any]]] = {}
    counts = [0]
    _find_sections(data, "", found, counts)
    if not found:
        raise SkillsProfileError([
            _("file: no education, work experience, skills or languages section found")
        ])
    problems: list[str] = []
    profile = ParsedProfile(ignored_sections=counts[0])
    total_years = 0
    best_level: int | None = None
    for path, section in found.get("education", []):
        for where, entry in _entries(path, section, ("education", "entry", "item", "qualification")):
            raw = _get(entry, "isced")
            level = _isced(raw) if raw is not None else None
            if raw is not None and level is None:
                problems.append(_("%(where)s/level: “%(value)s” is not an ISCED level 0–8")
                                % {"where": where, "value": _text(raw)})
                continue
            years = _years(entry, where, problems)
            if years is not None:
                total_years += int(years)
            if level is not None and (best_level is None or level > best_level):
                best_level = level
                profile.education_country = _country(_get(entry, "country")) if _get(entry, "country") else ""
    profile.education_level = best_level
    profile.education_years = min(total_years, 30) if total_years else None
    for path, section in found.get("work", []):
        for where, entry in _entries(path, section, ("workexperience", "experience", "job", "entry", "item")):
            label = _text(_get(entry, "occupation"))
            uri = _uri(entry, "occupation")
            if uri and not uri.startswith("http://data.europa.eu/esco/occupation/"):
                problems.append(_("%(where)s/uri: “%(value)s” is not an ESCO occupation URI")
                                % {"where": where, "value": uri})
                continue
            if not label and not uri:
                problems.append(_("%(where)s: no occupation given") % {"where": where})
                continue
            years = _years(entry, where, problems)
            kind_raw = _text(_get(entry, "kind")).casefold()
            profile.work.append(ParsedWork(label=label[:150], uri=uri, years=years or Decimal("0"),
                                           kind=WORK_KINDS.get(kind_raw, "")))
    for path, section in found.get("skills", []):
        for where, entry in _entries(path, section, ("skill", "competence", "entry", "item")):
            if isinstance(entry, str):
                entry = {"skill": entry}
            label = _text(_get(entry, "skill"))
            uri = _uri(entry, "skill")
            if uri and not uri.startswith(("http://data.europa.eu/esco/skill/", "urn:reintegra:skill:")):
                problems.append(_("%(where)s/uri: “%(value)s” is not an ESCO skill URI")
                                % {"where": where, "value": uri})
                continue
            if not label and not uri:
                problems.append(_("%(where)s: no skill given") % {"where": where})
                continue
            raw_level = _get(entry, "level")
            level = _skill_level(raw_level) if raw_level is not None else 1
            if level is None:
                problems.append(_("%(where)s/level: “%(value)s” is not a skill level (1–4, basic … expert)")
                                % {"where": where, "value": _text(raw_level)})
                continue
            profile.skills.append(ParsedSkill(label=label[:150], uri=uri, level=level))
    for path, section in found.get("languages", []):
        for where, entry in _entries(path, section, ("language", "languageskill", "entry", "item")):
            if isinstance(entry, str):
                entry = {"language": entry}
            code = _text(_get(entry, "language")).lower()
            if not re.fullmatch(r"[a-z]{2,3}", code):
                problems.append(_("%(where)s/language: “%(value)s” is not an ISO 639 language code")
                                % {"where": where, "value": code})
                continue
            raw = _text(_get(entry, "cefr")).strip()
            cefr = raw.upper() if raw.upper() in CEFR else ("native" if raw.casefold() in MOTHER_TONGUE else "")
            if raw and not cefr:
                problems.append(_("%(where)s/level: “%(value)s” is not a CEFR level (A1–C2) or mother tongue")
                                % {"where": where, "value": raw})
                continue
            profile.languages.append({"language": code, "level": cefr})
    if problems:
        raise SkillsProfileError(problems)
    return profile
