"""The certificate as an A4 PDF: German and English always, plus the participant's language.

The page's German/English text is written in the template rather than translated, so it
is the same whatever language the staff member works in; the third language's fixed
wording comes from certificates/labels.py. Numbers and dates follow German conventions
because the issuing provider is German. A QR code leads to the public verification page.

Two ways to print, one look:
- `certificate_pdf`: one certificate laid out whole (a download from the case file).
- `CertificatePrinter` / `certificate_pdfs`: many at once (a session's print run). The
  person's own fields are *slots* in the template; everything else — modules, dates,
  results, notes, annex, in one kind and language — is laid out once as a background and
  each person's small layer of fields is stacked on top (pikepdf). Measured 2026-11-25 on
  this 2-core machine: ~55 ms CPU per certificate instead of ~250 ms whole.

Speed notes (bench/bench_certificates.py): the stylesheet and the font configuration are
built once per process. Laying out many certificates as ONE WeasyPrint document was tried
and is 10-20 % SLOWER per certificate (the cascade grows with the document). The closing
block is a table, not flex: flex layout cost ~15 %. The QR code is a PNG, not an SVG path:
~10 ms less per certificate. PDF/A-3b costs < 5 ms, so it stays.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import Any

import pikepdf
import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from weasyprint import CSS, HTML
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from certificates.labels import BASE_LANGUAGES, labels_for
from certificates.models import Certificate
from certificates.openbadge import verification_url
from certificates.selectors import CertificateDocument, certificate_document, certificate_documents
from languages.purposes import text_direction

TEMPLATE = "certificates/certificate_pdf.html"
OVERLAY_TEMPLATE = "certificates/certificate_pdf_overlay.html"
STYLESHEET = Path(__file__).parent / "templates" / "certificates" / "certificate_pdf.css"


class ExternalResourceRefused(Exception):
    """The certificate template asked for something outside itself."""


class _EmbeddedOnlyFetcher(URLFetcher):
    """The certificate needs no images, fonts or stylesheets from anywhere: refusing every
    fetch keeps rendering offline and stops any URL smuggled into the data being loaded.
    Only the QR code, embedded by us as a PNG data: URI, is decoded. A refusal stops the
    rendering (fail_on_errors), so a template that reaches out is noticed at once."""

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        if not url.startswith("data:image/png;base64,"):
            raise ExternalResourceRefused(url)
        return super().fetch(url, headers)


_FETCHER = _EmbeddedOnlyFetcher(allowed_protocols={"data"}, fail_on_errors=True)


@lru_cache(maxsize=1)
def _styles() -> tuple[FontConfiguration, CSS]:
    font_config = FontConfiguration()
    return font_config, CSS(filename=str(STYLESHEET), font_config=font_config, url_fetcher=_FETCHER)


def qr_data_uri(url: str) -> str:
    """The QR code as a PNG of one pixel per module, printed sharp (image-rendering:
    pixelated: no smoothing when scaled up). A PNG draws ~10 ms faster than the same code
    as an SVG path in WeasyPrint; error correction M survives a crease or a smudge."""
    return str(segno.make(url, error="m").png_data_uri(scale=1, border=0, dark="#1d2430"))


def _third_language(document: CertificateDocument) -> dict[str, Any] | None:
    language = document.certificate.language
    if language in BASE_LANGUAGES:
        return None
    participant = document.participant
    labels = labels_for(language, participant.gender)
    kind = "attendance" if document.certificate.is_attendance else "certificate"
    statement: SafeString = format_html(
        labels[f"statement_{kind}"],
        name=participant.full_name,
        birth_date=participant.date_of_birth.strftime("%d.%m.%Y"),
        programme=settings.REINTEGRA_PROGRAMME_NAME,
    )
    return {
        "code": language,
        "dir": text_direction(language),
        "labels": labels,
        "title": labels[f"title_{kind}"],
        "statement": statement,
    }


@dataclass
class _Slots:
    """Collects the person's own fields while the certificate template renders ({% slot %}).

    `background=False` prints each field in place (a whole certificate); `background=True`
    leaves its reserved box empty, so the page holds nothing personal and is the same for
    everyone with the same modules, dates, kind and language.
    """

    background: bool
    contents: dict[str, tuple[str, dict[str, str]]] = field(default_factory=dict)

    def place(self, *, name: str, content: str, attributes: dict[str, str]) -> SafeString:
        self.contents[name] = (content, attributes)
        extra = format_html_join("", ' {}="{}"', attributes.items())
        inner = "" if self.background else mark_safe(content)  # noqa: S308 - rendered by the autoescaping template
        return format_html('<span class="slot slot-{}" id="slot-{}"{}>{}</span>', name, name, extra, inner)


def _render(document: CertificateDocument, *, background: bool) -> tuple[str, _Slots]:
    url = verification_url(document.certificate.number)
    slots = _Slots(background=background)
    with translation.override("de"):
        html = render_to_string(
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
                "slots": slots,
            },
        )
    return html, slots


def certificate_html(*, document: CertificateDocument) -> str:
    """The whole certificate as HTML, every field in place."""
    return _render(document, background=False)[0]


def certificate_pdf(*, certificate: Certificate) -> bytes:
    """Render the certificate as PDF bytes (PDF/A-3b, fonts embedded, for archiving)."""
    return certificate_pdf_from_document(document=certificate_document(certificate=certificate))


def _write_options() -> dict[str, Any]:
    # hinting=False drops the fonts' hinting tables from the embedded subsets: a third less
    # rendering time, no visible difference in print or on screen.
    return {"pdf_variant": "pdf/a-3b", "hinting": False}


def _layout(html: str) -> Document:
    font_config, stylesheet = _styles()
    return HTML(string=html, base_url=None, url_fetcher=_FETCHER).render(
        stylesheets=[stylesheet], font_config=font_config, **_write_options()
    )


def _pdf_bytes(document: Document, *, archival: bool = True) -> bytes:
    # the layer of a stacked certificate needs no PDF/A trimmings: only its page is kept
    pdf = document.write_pdf(**(_write_options() if archival else {"hinting": False}))
    if pdf is None:  # only when a target is given, which we never do
        raise RuntimeError("WeasyPrint returned no PDF")
    return bytes(pdf)


def certificate_pdf_from_document(*, document: CertificateDocument) -> bytes:
    """One certificate laid out whole: what a single download gets."""
    return _pdf_bytes(_layout(certificate_html(document=document)))


# Many certificates at once ------------------------------------------------------------

#: a field laid on top may be this much (CSS px) taller than its box before it counts as overflowing
_FIT_TOLERANCE = 0.5


@dataclass(frozen=True)
class _Box:
    page: int
    name: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class _Background:
    pdf: bytes
    pages: int
    boxes: tuple[_Box, ...]
    origin: tuple[float, float]


class CertificatePrinter:
    """Prints many certificates fast, each the same as `certificate_pdf` would.

    Laying out a certificate is ~90 % of its cost, and in a bulk run most of each page is
    the same for everyone of a session: modules, dates, results, kind, language, notes,
    annex. So each distinct *background* (the certificate with the person's fields left as
    empty boxes, see `_Slots`) is laid out once per printer, and per person only the small
    layer of their own fields (name, date of birth, statement, number, QR code and link,
    page footers) is laid out and stacked onto the background's pages (pikepdf).

    The result cannot drift from the single certificate: both come from the same template
    and stylesheet, the slots reserve the same boxes in both, and when a person's field
    does not fit its box (a very long name, a taller script) that certificate is laid out
    whole instead (`fallbacks` counts them). A test compares both renderings pixel by pixel.
    """

    def __init__(self, *, max_backgrounds: int = 32) -> None:
        self._backgrounds: OrderedDict[str, _Background] = OrderedDict()
        self._max_backgrounds = max_backgrounds
        self.backgrounds_laid_out = 0
        self.fallbacks = 0

    def pdf(self, *, document: CertificateDocument) -> bytes:
        html, slots = _render(document, background=True)
        background = self._background(html)
        layer = _layout(self._layer_html(document=document, slots=slots, background=background))
        if not self._fits(layer=layer, background=background):
            self.fallbacks += 1
            return certificate_pdf_from_document(document=document)
        return _stack(background=background.pdf, layer=_pdf_bytes(layer, archival=False))

    def _background(self, html: str) -> _Background:
        key = hashlib.sha256(html.encode()).hexdigest()
        cached = self._backgrounds.get(key)
        if cached is not None:
            self._backgrounds.move_to_end(key)
            return cached
        laid_out = _layout(html)
        boxes = tuple(
            _Box(index, name.removeprefix("slot-"), *rectangle)
            for index, page in enumerate(laid_out.pages)
            for name, rectangle in page.anchors.items()
            if name.startswith("slot-")
        )
        corner = laid_out.pages[0].anchors["certificate"]
        background = _Background(
            pdf=_pdf_bytes(laid_out), pages=len(laid_out.pages), boxes=boxes, origin=(corner[0], corner[1])
        )
        self.backgrounds_laid_out += 1
        self._backgrounds[key] = background
        if len(self._backgrounds) > self._max_backgrounds:
            self._backgrounds.popitem(last=False)
        return background

    @staticmethod
    def _layer_html(*, document: CertificateDocument, slots: _Slots, background: _Background) -> str:
        pages: list[list[dict[str, Any]]] = [[] for _page in range(background.pages)]
        left, top = background.origin
        for box in background.boxes:
            content, attributes = slots.contents[box.name]
            pages[box.page].append({
                "name": box.name, "content": mark_safe(content),  # noqa: S308 - rendered by the autoescaping template
                "attributes": attributes,
                # formatted here: the template would localise the decimal point
                "left": f"{box.x0 - left:.3f}", "top": f"{box.y0 - top:.3f}", "width": f"{box.x1 - box.x0:.3f}",
            })
        return render_to_string(OVERLAY_TEMPLATE, {"pages": pages, "number": document.certificate.number})

    @staticmethod
    def _fits(*, layer: Document, background: _Background) -> bool:
        if len(layer.pages) != background.pages:
            return False
        for box in background.boxes:
            laid = layer.pages[box.page].anchors.get(f"overlay-{box.name}")
            if laid is None or laid[3] - laid[1] > box.y1 - box.y0 + _FIT_TOLERANCE:
                return False
        return True


def _stack(*, background: bytes, layer: bytes) -> bytes:
    """Lay each page of `layer` onto the same page of `background` (as a form XObject)."""
    with pikepdf.open(BytesIO(background)) as base, pikepdf.open(BytesIO(layer)) as top:
        for page, overlay in zip(base.pages, top.pages, strict=True):
            page.add_overlay(overlay, pikepdf.Rectangle(page.mediabox))
        out = BytesIO()
        base.save(out, compress_streams=True)
    return out.getvalue()


#: certificates whose documents are read together (a few queries per chunk, not per certificate)
_DOCUMENT_CHUNK = 50


def certificate_pdfs(*, certificates: Iterable[Certificate]) -> Iterator[tuple[Certificate, bytes]]:
    """The PDFs of many certificates, one at a time (for a ZIP, a print run): one
    `CertificatePrinter`, so each distinct background is laid out only once; what is
    printed is read for a chunk of certificates at once (`certificate_documents`)."""
    printer = CertificatePrinter()
    pending = list(certificates)
    for start in range(0, len(pending), _DOCUMENT_CHUNK):
        chunk = pending[start:start + _DOCUMENT_CHUNK]
        for certificate, document in zip(chunk, certificate_documents(certificates=chunk), strict=True):
            yield certificate, printer.pdf(document=document)
