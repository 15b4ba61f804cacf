"""Many certificates at once (CertificatePrinter): a shared background per kind, language and
modules, each person's fields stacked on top. It must print exactly what a single download
prints, and the shared part must hold nothing personal."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageChops

from certificates.pdf import CertificatePrinter, _render, certificate_pdf, certificate_pdfs
from certificates.selectors import certificate_document
from certificates.services import certificate_issue
from certificates.tests.factories import EnrolmentFactory, ResultFactory, final_plan_with
from participants.tests.factories import ParticipantFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils"),
]

#: share of a page's pixels that may differ between the stacked and the whole rendering
#: (anti-aliasing at glyph edges); a field out of place differs in thousands of pixels
PIXEL_TOLERANCE = 0.001


@pytest.fixture
def yusuf(amina_ready, met_101, met_201, site_a, counsellor_a):
    """Amina's classmate: same plan, same two sessions, both passed."""
    person = ParticipantFactory(
        first_name="Yusuf", last_name="Karimi", date_of_birth=dt.date(1979, 2, 8), site=site_a,
        counsellor=counsellor_a, languages=["ar"],
    )
    final_plan_with(participant=person, modules=[met_101, met_201])
    for enrolment in amina_ready.enrolments.select_related("result"):
        ResultFactory(
            enrolment=EnrolmentFactory(session=enrolment.session, participant=person),
            outcome=enrolment.result.outcome,
        )
    return person


def _pages(pdf: bytes, tmp_path: Path, name: str) -> list[Image.Image]:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(  # noqa: S603 - fixed poppler tool on a file we wrote
        ["pdftoppm", "-png", "-r", "60", str(path), str(tmp_path / name)],  # noqa: S607
        check=True, capture_output=True,
    )
    return [Image.open(png).convert("L") for png in sorted(tmp_path.glob(f"{name}-*.png"))]


def _differing_share(first: Image.Image, second: Image.Image) -> float:
    difference = ImageChops.difference(first, second).point(lambda value: 255 if value > 64 else 0)
    return difference.histogram()[255] / (first.width * first.height)


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "text.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(  # noqa: S603
        ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True  # noqa: S607
    )
    return " ".join(result.stdout.split())


@pytest.mark.parametrize("language", ["en", "ar", "ti", "ka", "ru"])
def test_stacked_certificate_looks_like_the_whole_one(amina_ready, counsellor_a, tmp_path, language):
    certificate = certificate_issue(acting_user=counsellor_a, participant=amina_ready, language=language)
    printer = CertificatePrinter()
    stacked = printer.pdf(document=certificate_document(certificate=certificate))
    assert printer.fallbacks == 0, "the fields fit their boxes: no whole layout needed"
    whole = _pages(certificate_pdf(certificate=certificate), tmp_path, "whole")
    layered = _pages(stacked, tmp_path, "stacked")
    assert len(whole) == len(layered) >= 1
    for page, (expected, got) in enumerate(zip(whole, layered, strict=True), start=1):
        assert expected.size == got.size
        assert _differing_share(expected, got) <= PIXEL_TOLERANCE, f"page {page} differs"


def test_a_field_in_the_wrong_place_would_be_noticed(amina_ready, counsellor_a, tmp_path):
    """The comparison above can fail: the same certificate for another person differs."""
    first = certificate_issue(acting_user=counsellor_a, participant=amina_ready, language="en")
    amina_ready.last_name = "Haddad-Al-Masri"
    amina_ready.save(update_fields=["last_name"])
    other = certificate_pdf(certificate=first)
    first.participant.last_name = "Haddad"
    first.participant.save(update_fields=["last_name"])
    original = _pages(certificate_pdf(certificate=first), tmp_path, "original")
    renamed = _pages(other, tmp_path, "renamed")
    assert _differing_share(original[0], renamed[0]) > PIXEL_TOLERANCE


def test_background_is_laid_out_once_per_kind_language_and_modules(amina_ready, yusuf, counsellor_a, tmp_path):
    amina_certificate = certificate_issue(acting_user=counsellor_a, participant=amina_ready, language="ar")
    yusuf_certificate = certificate_issue(acting_user=counsellor_a, participant=yusuf, language="ar")
    printer = CertificatePrinter()
    amina_pdf = printer.pdf(document=certificate_document(certificate=amina_certificate))
    yusuf_pdf = printer.pdf(document=certificate_document(certificate=yusuf_certificate))
    assert printer.backgrounds_laid_out == 1
    amina_text, yusuf_text = _text(amina_pdf, tmp_path), _text(yusuf_pdf, tmp_path)
    assert "Amina Haddad" in amina_text and "17.05.1990" in amina_text and amina_certificate.number in amina_text
    assert "Yusuf Karimi" in yusuf_text and "08.02.1979" in yusuf_text and yusuf_certificate.number in yusuf_text
    assert "Amina" not in yusuf_text and amina_certificate.number not in yusuf_text
    french = certificate_issue(acting_user=counsellor_a, participant=yusuf, language="fr")
    printer.pdf(document=certificate_document(certificate=french))
    assert printer.backgrounds_laid_out == 2


def test_background_holds_nothing_personal(amina_ready, counsellor_a):
    certificate = certificate_issue(acting_user=counsellor_a, participant=amina_ready, language="ar")
    html, slots = _render(certificate_document(certificate=certificate), background=True)
    for personal in ("Amina", "Haddad", "17.05.1990", certificate.number, "data:image/png"):
        assert personal not in html, personal
    assert set(slots.contents) == {"name", "born", "statement", "number", "qr", "url"}


def test_a_field_too_long_for_its_box_is_laid_out_whole(amina_ready, counsellor_a, tmp_path):
    amina_ready.first_name = "Amina Fatima Zahra Maryam Khadija Aisha Layla"
    amina_ready.last_name = "Haddad Al-Masri Bint Abdulrahman Ibn Suleiman"
    amina_ready.save(update_fields=["first_name", "last_name"])
    certificate = certificate_issue(acting_user=counsellor_a, participant=amina_ready, language="en")
    printer = CertificatePrinter()
    pdf = printer.pdf(document=certificate_document(certificate=certificate))
    assert printer.fallbacks == 1
    assert "Bint Abdulrahman" in _text(pdf, tmp_path)


def test_stacked_pdf_stays_pdf_a_with_the_backgrounds_metadata(amina_ready, counsellor_a):
    certificate = certificate_issue(acting_user=counsellor_a, participant=amina_ready, language="fa")
    (_, pdf), = certificate_pdfs(certificates=[certificate])
    with pikepdf.open(BytesIO(pdf)) as document:
        assert "/OutputIntents" in document.Root
        with document.open_metadata() as metadata:
            assert metadata.pdfa_status == "3B"
        assert len(document.pages) >= 1
