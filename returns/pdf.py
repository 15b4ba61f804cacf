"""The hand-over package as PDF in the partner's working language (English, French, Arabic).

The wording comes from returns/labels.py; Arabic is set right to left. Nothing is fetched
from outside: the template holds everything (like the certificate, certificates/pdf.py)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from languages.codes import country_name
from languages.purposes import text_direction
from returns.labels import labels_for

TEMPLATE = "returns/handover_pdf.html"

STYLESHEET = """
@page { size: A4; margin: 16mm; }
html { font-family: "Noto Sans", "Noto Sans Arabic", sans-serif; font-size: 10pt; line-height: 1.4; color: #1d2430; }
h1 { font-size: 17pt; color: #1f4e79; margin: 0 0 3mm; }
h2 { font-size: 12pt; color: #1f4e79; margin: 5mm 0 2mm; border-bottom: 1pt solid #1f4e79; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: start; vertical-align: top; padding: 1mm 1.5mm; border-bottom: .5pt solid #d8dde5; }
th { font-size: 8.5pt; }
dl { margin: 0; } dt { font-weight: bold; float: inline-start; width: 45mm; } dd { margin-inline-start: 47mm; }
.muted { color: #5a6473; } .code { font-family: "Noto Sans Mono", monospace; font-size: 8pt; direction: ltr; }
.notice { border-inline-start: 2pt solid #1f4e79; padding-inline-start: 3mm; font-size: 8.5pt; margin-top: 6mm; }
"""


class ExternalResourceRefused(Exception):
    """The template asked for something outside itself."""


class _NothingFetcher(URLFetcher):
    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        raise ExternalResourceRefused(url)


_FETCHER = _NothingFetcher(fail_on_errors=True)


@lru_cache(maxsize=1)
def _styles() -> tuple[FontConfiguration, CSS]:
    font_config = FontConfiguration()
    return font_config, CSS(string=STYLESHEET, font_config=font_config)


def _date(value: str) -> str:
    return dt.date.fromisoformat(value).strftime("%d.%m.%Y") if value else ""


def handover_html(*, package: dict[str, Any]) -> str:
    language = package["language"]
    labels = labels_for(language)
    person = package["person"]
    with translation.override("en"):
        return render_to_string(TEMPLATE, {
            "package": package,
            "labels": labels,
            "language": language,
            "dir": text_direction(language),
            "intro": labels["intro"].format(provider=package["provider"], partner=package["partner"]["name"]),
            "country": country_name(person["origin_country"]),
            "date_of_birth": _date(person["date_of_birth"]),
            "departure": _date(person["departure"]),
            "prepared_on": _date(package["prepared_on"]),
            "competences": [
                {**entry, "level_text": labels.get(f"level_{entry['level']}", str(entry["level"]))}
                for entry in package["competences"]
            ],
            "qualifications": [
                {**entry, "issued": _date(entry["issued_on"])} for entry in package["qualifications"]
            ],
        })


def handover_pdf(*, package: dict[str, Any]) -> bytes:
    font_config, stylesheet = _styles()
    html = HTML(string=handover_html(package=package), base_url=None, url_fetcher=_FETCHER)
    pdf = html.write_pdf(stylesheets=[stylesheet], font_config=font_config, hinting=False)
    if pdf is None:
        raise RuntimeError("WeasyPrint returned no PDF")
    return bytes(pdf)
