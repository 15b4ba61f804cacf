"""The weekly attendance list as an A4 landscape PDF (WeasyPrint): the same fields as the
day sheet, the signatures drawn where the tablet took them and blank boxes where it did not,
so the paper list can be signed and its scan uploaded against the day. Nothing is fetched
from outside: signatures are inline SVG."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from catalogue.units import minutes_between, teaching_units
from training.selectors import WeekList, week_bounds

TEMPLATE = "training/attendance_week_pdf.html"

_STYLES = """
@page { size: A4 landscape; margin: 10mm 10mm 12mm 10mm;
        @bottom-right { content: counter(page) " / " counter(pages); font-size: 7pt; } }
html { font-family: "Noto Sans", sans-serif; font-size: 8pt; color: #1d2430; }
h1 { font-size: 13pt; margin: 0 0 1mm; color: #1f4e79; }
p.meta { margin: 0 0 3mm; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th, td { border: .5pt solid #7a8494; padding: 1mm; vertical-align: top; }
th { background: #eef1f5; text-align: left; }
td.sign { height: 12mm; }
svg.signature { width: 100%; height: 10mm; }
.small { font-size: 6.5pt; color: #5a6473; }
.locked { color: #1e6b34; font-weight: bold; }
tr { page-break-inside: avoid; }
"""


class ExternalResourceRefused(Exception):
    """The list template asked for something outside itself."""


class _NoFetcher(URLFetcher):
    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        raise ExternalResourceRefused(url)


@lru_cache(maxsize=1)
def _styles() -> tuple[FontConfiguration, CSS]:
    font_config = FontConfiguration()
    return font_config, CSS(string=_STYLES, font_config=font_config)


def attendance_week_html(*, week_list: WeekList) -> str:
    monday, sunday = week_bounds(year=week_list.year, week=week_list.week)
    days: list[dict[str, Any]] = [
        {
            "meeting": meeting,
            "units": teaching_units(minutes_between(meeting.starts_at, meeting.ends_at)),
            "day": week_list.days.get(meeting.pk),
        }
        for meeting in week_list.meetings
    ]
    rows = [
        {"enrolment": enrolment, "cells": [week_list.cell(enrolment, day["meeting"]) for day in days]}
        for enrolment in week_list.enrolments
    ]
    return render_to_string(TEMPLATE, {
        "session": week_list.session,
        "week": week_list.week,
        "year": week_list.year,
        "monday": monday,
        "sunday": sunday,
        "days": days,
        "rows": rows,
        "provider_name": settings.REINTEGRA_PROVIDER_NAME,
    })


def attendance_week_pdf(*, week_list: WeekList) -> bytes:
    font_config, stylesheet = _styles()
    html = HTML(string=attendance_week_html(week_list=week_list), base_url=None,
                url_fetcher=_NoFetcher(fail_on_errors=True))
    return bytes(html.write_pdf(stylesheets=[stylesheet], font_config=font_config))
