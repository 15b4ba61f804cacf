"""The certificate as an A4 PDF: German and English always, plus the participant's language.

The page's German/English text is written in the template rather than translated, so it
is the same whatever language the staff member works in; the third language's fixed
wording comes from certificates/labels.py. Numbers and dates follow German conventions
because the issuing provider is German. A QR code leads to the public verification page.

Speed: the stylesheet and the font configuration are built once per process and reused
for every render (bench/bench_certificates.py measures it). Measured 2026-11-25 (40
certificates, CPU per PDF): ~150 ms, of which layout ~110 ms (line breaking, tables), PDF
writing ~45 ms; PDF/A-3b costs < 5 ms, so it stays. "Seite / Page X / Y" causes no second
layout pass here (every page is laid out once). Laying out many certificates as ONE
document (page groups restart the counter, split with Document.copy) was tried and is
10-20 % SLOWER per certificate (the cascade grows with the document), so one document per
certificate it is; bulk work gains from worker processes instead. The closing block is a
table, not flex: flex layout cost ~15 %.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from certificates.labels import BASE_LANGUAGES, is_rtl, labels_for
from certificates.models import Certificate
from certificates.openbadge import verification_url
from certificates.selectors import CertificateDocument, certificate_document

TEMPLATE = "certificates/certificate_pdf.html"
STYLESHEET = Path(__file__).parent / "templates" / "certificates" / "certificate_pdf.css"


class ExternalResourceRefused(Exception):
    """The certificate template asked for something outside itself."""


class _EmbeddedOnlyFetcher(URLFetcher):
    """The certificate needs no images, fonts or stylesheets from anywhere: refusing every
    fetch keeps rendering offline and stops any URL smuggled into the data being loaded.
    Only the QR code, embedded by us as an SVG data: URI, is decoded. A refusal stops the
    rendering (fail_on_errors), so a template that reaches out is noticed at once."""

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        if not url.startswith("data:image/svg+xml"):
            raise ExternalResourceRefused(url)
        return super().fetch(url, headers)


_FETCHER = _EmbeddedOnlyFetcher(allowed_protocols={"data"}, fail_on_errors=True)


@lru_cache(maxsize=1)
def _styles() -> tuple[FontConfiguration, CSS]:
    font_config = FontConfiguration()
    return font_config, CSS(filename=str(STYLESHEET), font_config=font_config, url_fetcher=_FETCHER)


def qr_data_uri(url: str) -> str:
    return str(segno.make(url, error="m").svg_data_uri(scale=4, border=0, dark="#1d2430"))


def _third_language(document: CertificateDocument) -> dict[str, Any] | None:
    language = document.certificate.language
    if language in BASE_LANGUAGES:
        return None
    labels = labels_for(language)
    participant = document.participant
    kind = "attendance" if document.certificate.is_attendance else "certificate"
    statement: SafeString = format_html(
        labels[f"statement_{kind}"],
        name=participant.full_name,
        birth_date=participant.date_of_birth.strftime("%d.%m.%Y"),
        programme=settings.REINTEGRA_PROGRAMME_NAME,
    )
    return {
        "code": language,
        "dir": "rtl" if is_rtl(language) else "ltr",
        "labels": labels,
        "title": labels[f"title_{kind}"],
        "statement": statement,
    }


def certificate_html(*, document: CertificateDocument) -> str:
    url = verification_url(document.certificate.number)
    with translation.override("de"):
        return render_to_string(
            TEMPLATE,
            {
                "document": document,
                "certificate": document.certificate,
                "participant": document.participant,
                "provider_name": settings.REINTEGRA_PROVIDER_NAME,
                "programme_name": settings.REINTEGRA_PROGRAMME_NAME,
                "third": _third_language(document),
                "verification_url": url,
                "qr_code": qr_data_uri(url),
            },
        )


def certificate_pdf(*, certificate: Certificate) -> bytes:
    """Render the certificate as PDF bytes (PDF/A-3b, fonts embedded, for archiving)."""
    return certificate_pdf_from_document(document=certificate_document(certificate=certificate))


def certificate_pdf_from_document(*, document: CertificateDocument) -> bytes:
    font_config, stylesheet = _styles()
    html = HTML(string=certificate_html(document=document), base_url=None, url_fetcher=_FETCHER)
    # hinting=False drops the fonts' hinting tables from the embedded subsets: a third less
    # rendering time, no visible difference in print or on screen.
    pdf = html.write_pdf(stylesheets=[stylesheet], font_config=font_config, pdf_variant="pdf/a-3b", hinting=False)
    if pdf is None:  # only when a target is given, which we never do
        raise RuntimeError("WeasyPrint returned no PDF")
    return bytes(pdf)
