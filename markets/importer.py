"""Reading a labour-market file as staff keep it: CSV (German Excel: `;`, UTF-8 with BOM,
decimal comma, dd.mm.yyyy) or XLSX (first sheet). Header row first; German or English
column names; unknown columns are ignored.

`market_file_parse` reads the whole file and returns every row, or raises
`MarketFileError` with every bad row named: row number (the header is row 1, as in
Excel), column, value and reason. It touches no database: the ESCO occupations it may
resolve to ISCO-08 codes are passed in.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from languages.codes import country_choices, is_country

MAX_ROWS = 20_000
MAX_ERRORS = 200

#: column → accepted header names (compared case-insensitively, spaces and -_ ignored)
COLUMNS: dict[str, tuple[str, ...]] = {
    "country": ("land", "herkunftsland", "country", "countrycode", "iso"),
    "isco": ("isco08", "isco", "iscocode", "isco08code"),
    "esco": ("escouri", "esco", "escooccupation", "escoberuf"),
    "occupation": ("beruf", "berufsbezeichnung", "occupation", "label"),
    "level": ("nachfrage", "bedarf", "demand", "level", "demandlevel"),
    "score": ("wert", "punktzahl", "score", "demandscore", "index"),
    "work_mode": ("arbeitsform", "beschäftigungsform", "workmode", "wayofworking", "employment"),
    "source": ("quelle", "source"),
    "date": ("stand", "datum", "date", "sourcedate", "asof"),
}
REQUIRED = ("country", "level_or_score", "work_mode", "source", "date")

LEVELS = {
    "hoch": "high", "high": "high", "h": "high",
    "mittel": "medium", "medium": "medium", "m": "medium",
    "niedrig": "low", "gering": "low", "low": "low", "l": "low",
}
WORK_MODES = {
    "angestellt": "employed", "abhängig beschäftigt": "employed", "employed": "employed", "employee": "employed",
    "selbstständig": "self_employed", "selbständig": "self_employed", "self-employed": "self_employed",
    "self employed": "self_employed", "self_employed": "self_employed",
    "informell": "informal", "informal": "informal",
    "gemischt": "mixed", "mixed": "mixed",
}
ISCO_RE = re.compile(r"^\d{4}$")
DATE_DE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
HEADER_ROW = 1


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        return _("row %(row)s, column %(column)s, value “%(value)s”: %(reason)s") % {
            "row": self.row, "column": self.column or "—", "value": self.value, "reason": self.reason,
        }


class MarketFileError(Exception):
    def __init__(self, errors: list[RowError], total: int | None = None) -> None:
        super().__init__("; ".join(str(e) for e in errors[:5]))
        self.errors = errors
        self.total = total if total is not None else len(errors)


@dataclass(frozen=True)
class DemandRow:
    row: int
    country: str
    isco_code: str
    esco_uri: str
    occupation: str
    level: str
    score: Decimal | None
    work_mode: str
    source: str
    source_date: dt.date


def _key(header: str) -> str:
    return re.sub(r"[\s\-_./()]", "", header.strip().lower())


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise MarketFileError([RowError(0, "", "", _("the file is neither UTF-8 nor Windows-1252 text"))])


def _csv_rows(content: bytes) -> list[list[str]]:
    text = _decode(content)
    if "\x00" in text:
        raise MarketFileError([RowError(0, "", "", _("the file contains binary data, not CSV text"))])
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first_line else "\t" if "\t" in first_line else ","
    try:
        return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as error:
        raise MarketFileError([RowError(0, "", "", _("not valid CSV: %(error)s") % {"error": error})]) from error


def _xlsx_rows(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise MarketFileError([RowError(0, "", "", _("not a readable Excel (.xlsx) file"))]) from error
    try:
        sheet = workbook.worksheets[0]
        return [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _country_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for language in ("de", "en"):
        for code, name in country_choices(language):
            names[name.casefold()] = code
    return names


def _parse_country(text: str, names: Mapping[str, str]) -> str | None:
    if len(text) == 2 and is_country(text):
        return text.upper()
    if len(text) == 3:
        import pycountry

        country = pycountry.countries.get(alpha_3=text.upper())
        if country is not None:
            return str(country.alpha_2)
    return names.get(text.casefold())


def _parse_decimal(text: str) -> Decimal | None:
    cleaned = text.replace(" ", "").replace("\u00a0", "")
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")  # German: 1.234,5
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _parse_date(text: str) -> dt.date | None:
    for pattern, order in ((DATE_DE, (3, 2, 1)), (DATE_ISO, (1, 2, 3))):
        match = pattern.match(text)
        if match:
            try:
                return dt.date(int(match.group(order[0])), int(match.group(order[1])), int(match.group(order[2])))
            except ValueError:
                return None
    return None


def level_from_score(score: Decimal) -> str:
    return "high" if score >= 67 else "medium" if score >= 34 else "low"


def market_file_parse(
    *, content: bytes, file_name: str, today: dt.date, esco_isco: Mapping[str, str] | None = None
) -> list[DemandRow]:
    """Every row of the file, checked; MarketFileError naming each bad row otherwise."""
    esco_isco = esco_isco or {}
    is_xlsx = file_name.lower().endswith((".xlsx", ".xlsm")) or content[:2] == b"PK"
    table = _xlsx_rows(content) if is_xlsx else _csv_rows(content)
    while table and not any(cell.strip() for cell in table[0]):
        table.pop(0)
    if not table:
        raise MarketFileError([RowError(HEADER_ROW, "", "", _("the file is empty"))])
    header = table[0]
    positions: dict[str, int] = {}
    errors: list[RowError] = []
    for index, name in enumerate(header):
        key = _key(name)
        for column, aliases in COLUMNS.items():
            if key in aliases:
                if column in positions:
                    errors.append(RowError(HEADER_ROW, name, name, _("this column appears twice")))
                positions[column] = index
    labels = {column: header[index].strip() for column, index in positions.items()}
    for column in ("country", "work_mode", "source", "date"):
        if column not in positions:
            errors.append(RowError(HEADER_ROW, column, "", _("required column missing")))
    if "isco" not in positions and "esco" not in positions:
        errors.append(RowError(HEADER_ROW, "ISCO-08", "", _("give an ISCO-08 or an ESCO-URI column")))
    if "level" not in positions and "score" not in positions:
        errors.append(RowError(HEADER_ROW, "Nachfrage", "", _("give a demand level or a score column")))
    if errors:
        raise MarketFileError(errors)
    if len(table) - 1 > MAX_ROWS:
        raise MarketFileError([RowError(MAX_ROWS + 2, "", "", _("more than %(max)s rows") % {"max": MAX_ROWS})])
    names = _country_names()
    rows: list[DemandRow] = []
    seen: dict[tuple[str, str, str], int] = {}
    total_errors = 0

    def fail(row: int, column: str, value: str, reason: str) -> None:
        nonlocal total_errors
        total_errors += 1
        if len(errors) < MAX_ERRORS:
            errors.append(RowError(row, labels.get(column, column), value, reason))

    for number, cells in enumerate(table[1:], start=HEADER_ROW + 1):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header):]):
            fail(number, "", ";".join(cells[len(header):])[:60], _("more values than columns in the header"))
            continue

        def get(column: str, cells: list[str] = cells) -> str:
            index = positions.get(column)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        before = total_errors
        country_text = get("country")
        country = _parse_country(country_text, names) if country_text else None
        if not country_text:
            fail(number, "country", "", _("required"))
        elif country is None:
            fail(number, "country", country_text, _("not a country (use the ISO code, e.g. SY)"))
        isco = get("isco")
        esco = get("esco")
        if isco and not ISCO_RE.match(isco):
            fail(number, "isco", isco, _("an ISCO-08 unit group code has four digits"))
        if esco and not esco.startswith("http://data.europa.eu/esco/occupation/"):
            fail(number, "esco", esco, _("not an ESCO occupation URI"))
        elif esco and esco not in esco_isco and not isco:
            fail(number, "esco", esco, _("unknown ESCO occupation: give its ISCO-08 code as well"))
        elif esco and isco and esco in esco_isco and esco_isco[esco] != isco:
            fail(number, "isco", isco,
                 _("does not match the ESCO occupation (ISCO %(code)s)") % {"code": esco_isco[esco]})
        if not isco and not esco:
            fail(number, "isco", "", _("give an ISCO-08 code or an ESCO URI"))
        isco = isco or esco_isco.get(esco, "")
        score_text = get("score")
        score = _parse_decimal(score_text) if score_text else None
        if score_text and score is None:
            fail(number, "score", score_text, _("not a number (decimal comma allowed: 72,5)"))
        elif score is not None and not (0 <= score <= 100):
            fail(number, "score", score_text, _("must lie between 0 and 100"))
            score = None
        elif score is not None and score != score.quantize(Decimal("0.1")):
            fail(number, "score", score_text, _("at most one decimal place"))
            score = None
        level_text = get("level")
        level = LEVELS.get(level_text.casefold()) if level_text else None
        if level_text and level is None:
            fail(number, "level", level_text, _("use hoch/mittel/niedrig (high/medium/low)"))
        if not level_text and not score_text:
            fail(number, "level", "", _("give a demand level or a score"))
        if level is None and score is not None:
            level = level_from_score(score)
        mode_text = get("work_mode")
        mode = WORK_MODES.get(mode_text.casefold()) if mode_text else None
        if not mode_text:
            fail(number, "work_mode", "", _("required"))
        elif mode is None:
            fail(number, "work_mode", mode_text, _("use angestellt, selbstständig, informell or gemischt"))
        source = get("source")
        if not source:
            fail(number, "source", "", _("required"))
        elif len(source) > 300:
            fail(number, "source", source[:40] + "…", _("longer than 300 characters"))
        occupation = get("occupation")
        if len(occupation) > 200:
            fail(number, "occupation", occupation[:40] + "…", _("longer than 200 characters"))
        date_text = get("date")
        source_date = _parse_date(date_text) if date_text else None
        if not date_text:
            fail(number, "date", "", _("required"))
        elif source_date is None:
            fail(number, "date", date_text, _("not a date (dd.mm.yyyy)"))
        elif source_date > today:
            fail(number, "date", date_text, _("lies in the future"))
        if total_errors > before:
            continue
        if not (country and level and mode and source_date):  # all checked above; keeps the types narrow
            continue
        identity = (country, isco, esco)
        if identity in seen:
            fail(number, "isco", isco or esco,
                 _("repeats row %(row)s for the same country") % {"row": seen[identity]})
            continue
        seen[identity] = number
        rows.append(DemandRow(
            row=number, country=country, isco_code=isco, esco_uri=esco, occupation=occupation, level=level,
            score=score, work_mode=mode, source=source, source_date=source_date,
        ))
    if errors:
        raise MarketFileError(errors, total_errors)
    if not rows:
        raise MarketFileError([RowError(HEADER_ROW + 1, "", "", _("the file has no data rows"))])
    return rows
