from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import timezone

from privacy.pdf import participant_export_pdf
from privacy.selectors import participant_export_data
from privacy.tests.conftest import HEALTH, NEEDS

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils"),
]


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "export.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(  # noqa: S603 - fixed poppler tool on a file we wrote
        ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True  # noqa: S607
    )
    return " ".join(result.stdout.split())


def test_pdf_shows_everything_with_german_and_english_labels(full_participant, tmp_path):
    data = participant_export_data(participant=full_participant, generated_at=timezone.now())
    pdf = participant_export_pdf(data=data)
    assert pdf.startswith(b"%PDF-")
    text = _text(pdf, tmp_path)
    for expected in [
        "Auskunft über gespeicherte Daten", "Copy of the personal data held", full_participant.case_number,
        "Karim Nazari", "1988-07-14", "Afghanistan", HEALTH, NEEDS,
        "Einwilligungen", "Consents", "Tailor in Herat", "Hand stitching", "Nervous at first",
        "SEW-901", "Wants to open a workshop at home", "bestanden / passed", "Father in hospital",
        "participant.view", "Protokoll", "Log of access and changes",
    ]:
        assert expected in text, expected
