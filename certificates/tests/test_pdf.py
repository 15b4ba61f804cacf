from __future__ import annotations

import re
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from django.test import override_settings
from PIL import Image, ImageStat

from certificates.models import CertificateStatus
from certificates.pdf import certificate_pdf
from certificates.services import certificate_issue

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils"),
]


@pytest.fixture
def certificate(amina_ready, counsellor_a):
    return certificate_issue(acting_user=counsellor_a, participant=amina_ready)


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(  # noqa: S603 - fixed poppler tool on a file we wrote
        ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True  # noqa: S607
    )
    # One space between words: the assertions should not depend on where lines wrap.
    return " ".join(result.stdout.split())


def test_pdf_names_person_number_and_both_languages(certificate, tmp_path):
    pdf = certificate_pdf(certificate=certificate)
    assert pdf.startswith(b"%PDF-")
    text = _text(pdf, tmp_path)
    for expected in [
        "Zertifikat", "Certificate", "Amina Haddad", "17.05.1990", certificate.number,
        "MET-101", "Grundlagen der Metallbearbeitung", "Metalworking basics",
        "MET-201", "Schweißen (MAG)", "MAG welding",
        "Metallbau", "Metalwork", "Nürnberg Werkstatt",
        "02.03.2026", "24.04.2026", "bestanden", "passed",
        "53,3", "80", "133,3",  # teaching units of 45 minutes: 40 h, 60 h, total 100 h
        "Reintegra Bildungswerk Bayern gGmbH",
        "Reintegrationscoaching mit individueller Qualifizierung",
        "kein formaler Berufsabschluss", "not a formal vocational qualification",
        certificate.issued_on.strftime("%d.%m.%Y"),
    ]:
        assert expected in text, expected


@override_settings(REINTEGRA_PROVIDER_NAME="Werkstatt Süd e.V.", REINTEGRA_PROGRAMME_NAME="Heimkehr 2026")
def test_pdf_prints_provider_and_programme_from_settings(certificate, tmp_path):
    text = _text(certificate_pdf(certificate=certificate), tmp_path)
    assert "Werkstatt Süd e.V." in text
    assert "Heimkehr 2026" in text


def test_superseded_certificate_says_so(certificate, tmp_path):
    certificate.status = CertificateStatus.SUPERSEDED
    text = _text(certificate_pdf(certificate=certificate.__class__.objects.get(pk=certificate.pk)), tmp_path)
    assert "nicht mehr gültig" not in text  # still valid in the database
    certificate.save(update_fields=["status"])
    text = _text(certificate_pdf(certificate=certificate), tmp_path)
    assert "nicht mehr gültig" in text
    assert "no longer valid" in text


def test_markup_in_names_is_printed_not_interpreted(certificate, tmp_path):
    participant = certificate.participant
    participant.last_name = '<img src="http://example.invalid/x.png">Haddad'
    participant.save(update_fields=["last_name"])
    text = _text(certificate_pdf(certificate=certificate), tmp_path)
    # Compared without spaces: the long name may wrap anywhere.
    assert '<imgsrc="http://example.invalid/x.png">Haddad' in text.replace(" ", "")


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")
def test_pdf_is_one_a4_page_and_not_blank(certificate, tmp_path):
    path = tmp_path / "certificate.pdf"
    path.write_bytes(certificate_pdf(certificate=certificate))
    png = subprocess.run(  # noqa: S603 - fixed poppler tool on a file we wrote
        ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(path)],  # noqa: S607
        capture_output=True, check=True,
    ).stdout
    image = Image.open(BytesIO(png)).convert("L")
    # A4 at 50 dpi is 413 × 585 pixels.
    assert abs(image.width - 413) <= 2 and abs(image.height - 585) <= 2
    dark = sum(image.histogram()[:128])
    assert dark > 0.01 * image.width * image.height, "page is (almost) blank"
    assert ImageStat.Stat(image).mean[0] > 180, "page is mostly ink, not a printable layout"
    info = subprocess.run(  # noqa: S603
        ["pdfinfo", str(path)], capture_output=True, check=True, text=True  # noqa: S607
    ).stdout
    assert re.search(r"^Pages:\s+1$", info, re.MULTILINE)
