"""The report as CSV, XLSX (one sheet per breakdown and a definitions sheet) and PDF.

Every cell passes `privacy.spreadsheet.neutralise_cell`; the data given here is already
suppressed (views call `data_suppress` for every export)."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from privacy.spreadsheet import neutralise_row
from reporting.indicators import GLOSSARY
from reporting.selectors import dimension_titles, figure_titles

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
    columns = _columns(data)
    titles, dimensions = figure_titles(), dimension_titles()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(neutralise_row([_("Breakdown"), _("Group"), *(titles[name] for name in columns)]))
    for dimension, label, row in _rows(data):
        writer.writerow(neutralise_row([dimensions.get(dimension, _("Total")), label, *(row[n] for n in columns)]))
    return buffer.getvalue()


def report_xlsx(data: dict[str, Any]) -> bytes:
    from openpyxl import Workbook

    columns = _columns(data)
    titles, dimensions = figure_titles(), dimension_titles()
    book = Workbook()
    sheet = book.active
    sheet.title = _("Total")[:31]
    sheet.append(neutralise_row([_("Period"), data["period"]["start"], data["period"]["end"]]))
    sheet.append(neutralise_row([titles[name] for name in columns]))
    sheet.append(neutralise_row([data["total"][name] for name in columns]))
    for dimension, breakdown in data["breakdowns"].items():
        page = book.create_sheet(dimensions[dimension][:31])
        page.append(neutralise_row([dimensions[dimension], *(titles[name] for name in columns)]))
        for row in breakdown:
            page.append(neutralise_row([row["label"] or "–", *(row[name] for name in columns)]))
    definitions = book.create_sheet(_("Definitions")[:31])
    definitions.append(neutralise_row([_("Figure"), _("Counting rule")]))
    for name, definition in GLOSSARY:
        definitions.append(neutralise_row([str(name), str(definition)]))
    if data.get("suppressed"):
        definitions.append(neutralise_row([
            "<5", _("Withheld: fewer than 5 people. “hidden”: withheld so that no such group can be worked out."),
        ]))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def report_pdf(data: dict[str, Any], charts: list[Any]) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "reporting/report_pdf.html",
        {"figures": data, "charts": charts, "columns": _columns(data), "figure_titles": figure_titles(),
         "dimension_titles": dimension_titles(), "glossary": GLOSSARY},
    )
    return bytes(HTML(string=html, base_url=None).write_pdf())


def response(*, kind: str, data: dict[str, Any], charts: list[Any]) -> HttpResponse:
    stem = f"reintegra-figures-{data['period']['start']}-{data['period']['end']}"
    if kind == "csv":
        result = HttpResponse(report_csv(data), content_type="text/csv; charset=utf-8")
    elif kind == "xlsx":
        result = HttpResponse(
            report_xlsx(data), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        result = HttpResponse(report_pdf(data, charts), content_type="application/pdf")
    result["Content-Disposition"] = f'attachment; filename="{stem}.{kind}"'
    return result
