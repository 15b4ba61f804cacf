"""The report as CSV, XLSX (one sheet per breakdown and a definitions sheet) and PDF.

Every cell passes `privacy.spreadsheet.neutralise_cell`; the data given here is already
suppressed (views call `data_suppress` for every export)."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.formats import get_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from privacy.spreadsheet import neutralise_row
from reporting.indicators import GLOSSARY
from reporting.periods import parse_date
from reporting.selectors import SUPPRESSED, content_hash, dimension_titles, figure_titles
from reporting.templatetags.reporting_tags import cell, figure

KINDS = ("csv", "xlsx", "pdf")
_VALUE_COLUMNS = [
    "started", "active", "finished", "with_plan", "qualified", "returned", "qualified_and_returned",
    "dropped_out", "dropped_out_withdrawn", "dropped_out_stays", "dropped_out_left_early", "module_hours",
    "median_days_to_return", "share_qualified_and_returned",
]


def _columns(data: dict[str, Any]) -> list[str]:
    return [name for name in _VALUE_COLUMNS if name in data["total"]]


def _rows(data: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    rows = [("total", _("Total"), data["total"])]
    for dimension, breakdown in data["breakdowns"].items():
        rows += [(dimension, row["label"] or "–", row) for row in breakdown]
    return rows


def report_csv(data: dict[str, Any]) -> str:
    """Figures written as the reader's language writes them; where the decimal mark is a comma
    (German) the fields are separated by semicolons, as spreadsheet programs there expect."""
    columns = _columns(data)
    titles, dimensions = figure_titles(), dimension_titles()
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if get_format("DECIMAL_SEPARATOR") == "," else ",")
    writer.writerow(neutralise_row([_("Breakdown"), _("Group"), *(titles[name] for name in columns)]))
    for dimension, label, row in _rows(data):
        writer.writerow(neutralise_row(
            [dimensions.get(dimension, _("Total")), label, *(figure(row, name) for name in columns)]
        ))
    return buffer.getvalue()


def _xlsx_value(row: dict[str, Any], name: str) -> Any:
    """Numbers stay numbers (the spreadsheet writes them in its reader's format); the withheld
    marker is translated."""
    value = row[name]
    return cell(value) if value == SUPPRESSED else value


def report_xlsx(data: dict[str, Any]) -> bytes:
    from openpyxl import Workbook

    columns = _columns(data)
    titles, dimensions = figure_titles(), dimension_titles()
    book = Workbook()
    sheet = book.active
    sheet.title = _("Total")[:31]
    date_format = "DD.MM.YYYY" if get_format("DECIMAL_SEPARATOR") == "," else "YYYY-MM-DD"
    sheet.append(neutralise_row(
        [_("Period"), parse_date(data["period"]["start"]), parse_date(data["period"]["end"])]
    ))
    for date_cell in sheet[1][1:3]:
        date_cell.number_format = date_format
    sheet.append(neutralise_row([titles[name] for name in columns]))
    sheet.append(neutralise_row([_xlsx_value(data["total"], name) for name in columns]))
    pages = [sheet]
    for dimension, breakdown in data["breakdowns"].items():
        page = book.create_sheet(dimensions[dimension][:31])
        page.append(neutralise_row([dimensions[dimension], *(titles[name] for name in columns)]))
        for row in breakdown:
            page.append(neutralise_row([row["label"] or "–", *(_xlsx_value(row, name) for name in columns)]))
        pages.append(page)
    if "share_qualified_and_returned" in columns:
        share_column = columns.index("share_qualified_and_returned")
        for page in pages:
            offset = 0 if page is sheet else 1
            for line in page.iter_rows(min_row=2):
                if isinstance(line[share_column + offset].value, float):
                    line[share_column + offset].number_format = "0.0%"
    definitions = book.create_sheet(_("Definitions")[:31])
    definitions.append(neutralise_row([_("Figure"), _("Counting rule")]))
    for name, definition in GLOSSARY:
        definitions.append(neutralise_row([str(name), str(definition)]))
    if data.get("suppressed"):
        definitions.append(neutralise_row([
            cell(SUPPRESSED),
            _("Not shown, so that no group of fewer than 5 people can be worked out from the figures of this report."),
        ]))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def report_pdf(data: dict[str, Any], charts: list[Any]) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "reporting/report_pdf.html",
        {"figures": data, "charts": charts, "columns": _columns(data), "figure_titles": figure_titles(),
         "period": {"start": parse_date(data["period"]["start"]), "end": parse_date(data["period"]["end"])},
         "dimension_titles": dimension_titles(), "glossary": GLOSSARY},
    )
    return bytes(HTML(string=html, base_url=None).write_pdf())


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def _content(kind: str, data: dict[str, Any], charts: list[Any]) -> bytes:
    """The file, kept in the cache by what it shows: the same figures in the same language are the
    same file, so a key made of the data (labels, protection and all) and the language can never
    serve a stale one, and twenty managers exporting the same period build it once."""
    key = "reporting:export:" + content_hash([kind, get_language(), data])
    content: bytes | None = cache.get(key)
    if content is None:
        if kind == "csv":
            content = report_csv(data).encode()
        elif kind == "xlsx":
            content = report_xlsx(data)
        else:
            content = report_pdf(data, charts)
        cache.set(key, content, timeout=60 * 60)
    return content


def response(*, kind: str, data: dict[str, Any], charts: list[Any]) -> HttpResponse:
    stem = f"reintegra-figures-{data['period']['start']}-{data['period']['end']}"
    result = HttpResponse(_content(kind, data, charts), content_type=CONTENT_TYPES[kind])
    result["Content-Disposition"] = f'attachment; filename="{stem}.{kind}"'
    return result
