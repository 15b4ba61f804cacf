"""The certificate as an A4 PDF, German and English on the same page.

The page is bilingual by design, whatever language the staff member works in, so its
labels are written in both languages in the template rather than translated; numbers
and dates follow German conventions because the issuing provider is German.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML

from certificates.models import Certificate
from certificates.selectors import certificate_document

TEMPLATE = "certificates/certificate_pdf.html"


class ExternalResourceRefused(Exception):
    """The certificate template asked for something outside itself."""


def _refuse_url(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    # The certificate needs no images, fonts or stylesheets from anywhere: refusing every
    # fetch keeps rendering offline and stops any URL smuggled into the data being loaded.
    raise ExternalResourceRefused(url)


def certificate_pdf(*, certificate: Certificate) -> bytes:
    """Render the certificate as PDF bytes (PDF/A-3b, fonts embedded, for archiving)."""
    document = certificate_document(certificate=certificate)
    with translation.override("de"):
        html = render_to_string(
            TEMPLATE,
            {
                "document": document,
                "certificate": document.certificate,
                "participant": document.participant,
                "provider_name": settings.REINTEGRA_PROVIDER_NAME,
                "programme_name": settings.REINTEGRA_PROGRAMME_NAME,
            },
        )
    pdf = HTML(string=html, base_url=None, url_fetcher=_refuse_url).write_pdf(pdf_variant="pdf/a-3b")
    if pdf is None:  # only when a target is given, which we never do
        raise RuntimeError("WeasyPrint returned no PDF")
    return bytes(pdf)
