"""The export of one participant's data as a readable PDF, German and English labels.

Bilingual on purpose (like the certificate): the person may read either language,
whatever language the staff member works in. Rendered offline by WeasyPrint; every
external fetch is refused so no URL in the data is ever loaded.
"""

from __future__ import annotations

import copy
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from vault.registry import contributions

TEMPLATE = "privacy/export_pdf.html"


class ExternalResourceRefused(Exception):
    """The export template asked for something outside itself."""


class _RefuseAll(URLFetcher):
    """The export needs nothing from anywhere; any fetch stops the rendering."""

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        raise ExternalResourceRefused(url)


_FETCHER = _RefuseAll(fail_on_errors=True)


def _labelled(data: dict[str, Any]) -> dict[str, Any]:
    """A copy of the export data with readable labels next to the codes (each app labels its own)."""
    view = copy.deepcopy(data)
    for contribution in contributions():
        if contribution.pdf_labels is not None:
            contribution.pdf_labels(view)
    return view


def participant_export_pdf(*, data: dict[str, Any]) -> bytes:
    """Render the export data (privacy.selectors.participant_export_data) as PDF bytes."""
    with translation.override("de"):
        html = render_to_string(
            TEMPLATE,
            {
                "export": _labelled(data),
                "export_templates": [c.pdf_template for c in contributions() if c.pdf_template],
                "provider_name": settings.REINTEGRA_PROVIDER_NAME,
            },
        )
    pdf = HTML(string=html, base_url=None, url_fetcher=_FETCHER).write_pdf()
    if pdf is None:  # only when a target is given, which we never do
        raise RuntimeError("WeasyPrint returned no PDF")
    return bytes(pdf)
