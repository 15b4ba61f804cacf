"""Every printable language: a PDF per language, read back as text and as an image."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image

from certificates.labels import BASE_LANGUAGES, LABELS, LANGUAGES, RTL_LANGUAGES
from certificates.models import CertificateKind
from certificates.pdf import certificate_html, certificate_pdf
from certificates.selectors import certificate_document
from certificates.services import certificate_issue

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None, reason="needs poppler-utils"
)

REQUIRED = set(LABELS["en"])


def test_languages_asked_for_are_all_there():
    assert {"de", "en", "ar", "ku", "fa", "prs", "ps", "ti", "fr", "ru", "tr", "ka", "sq", "sr", "sr-latn"} <= set(
        LANGUAGES
    )


def test_kurmanji_and_serbian_latin_blocks():
    assert LABELS["ku"]["title_certificate"] == "Sertîfîka" and LABELS["ku"]["language_name"] == "Kurdî (Kurmancî)"
    assert LABELS["sr-latn"]["title_attendance"] == "Potvrda o pohađanju"  # Потврда о похађању, transliterated
    assert not any("\u0400" <= char <= "\u04ff" for text in LABELS["sr-latn"].values() for char in text)


@pytest.mark.parametrize(("language", "gender", "verb"), [
    ("ar", "f", "أتمّت"), ("ar", "m", "أتمّ بنجاح"), ("ar", "x", "أتمّ/أتمّت"), ("ar", None, "أتمّ/أتمّت"),
    ("ti", "f", "ዝወድአት"), ("ti", "m", "ዝወድአ ን"), ("ti", "d", "ዝወድአ/ት"),
    ("sr", "f", "завршила"), ("sr", "m", "завршио "), ("sr-latn", "f", "završila"), ("fr", "f", "né(e)"),
])
def test_the_statement_agrees_with_the_recorded_gender(language, gender, verb):
    """Women and men read the form that agrees with them; anyone else both forms."""
    from certificates.labels import labels_for

    labels = labels_for(language, gender)
    assert verb in labels["statement_certificate"], labels["statement_certificate"]
    assert labels["result_passed"] == LABELS[language]["result_passed"]  # table cells stay neutral
    assert set(RTL_LANGUAGES) == {"ar", "fa", "prs", "ps"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_every_label(language):
    labels = LABELS[language]
    assert set(labels) == REQUIRED
    assert all(text.strip() for text in labels.values())
    for kind in ("certificate", "attendance"):
        for placeholder in ("{name}", "{birth_date}", "{programme}"):
            assert labels[f"statement_{kind}"].count(placeholder) == 1, (kind, placeholder)


def _normal(text: str) -> str:
    """Letters and digits only, compatibility-normalised.

    pdftotext may give Arabic presentation forms (NFKC maps them back), breaks lines
    anywhere, drops or adds invisible format characters (zero-width non-joiner, bidi
    marks), and moves punctuation and vowel marks around in right-to-left runs; so the
    comparison is on letters: whitespace, punctuation, marks and format characters go.
    """
    text = unicodedata.normalize("NFKC", text)
    return "".join(char for char in text if unicodedata.category(char)[0] in "LN")


#: lam-alef ligatures: pdftotext may write the two letters in visual order
_LAM_ALEF = {"لا": "ال", "لإ": "إل", "لأ": "أل", "لآ": "آل"}


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    return subprocess.run(  # noqa: S603 - fixed poppler tool on a file we wrote
        ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True  # noqa: S607
    ).stdout


def _dark_share(pdf: bytes, tmp_path: Path) -> float:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    png = subprocess.run(  # noqa: S603
        ["pdftoppm", "-png", "-r", "30", "-f", "1", "-l", "1", str(path)],  # noqa: S607
        capture_output=True, check=True,
    ).stdout
    image = Image.open(BytesIO(png)).convert("L")
    return sum(image.histogram()[:128]) / (image.width * image.height)


def _contains(text: str, expected: str) -> bool:
    # Right-to-left runs may come out in visual order: accept the reversed run too.
    needle = _normal(expected)
    visual = needle
    for logical, swapped in _LAM_ALEF.items():
        visual = visual.replace(logical, swapped)
    return any(candidate in text for candidate in (needle, needle[::-1], visual, visual[::-1]))


@pytest.mark.django_db
@pytest.mark.parametrize("language", [code for code in LANGUAGES if code not in BASE_LANGUAGES])
def test_pdf_in_each_language(amina_ready, counsellor_a, tmp_path, language):
    certificate = certificate_issue(acting_user=counsellor_a, participant=amina_ready, language=language)
    pdf = certificate_pdf(certificate=certificate)
    text = _normal(_pdf_text(pdf, tmp_path))
    labels = LABELS[language]
    for key in ("title_certificate", "number", "not_formal"):
        # Every word of the label: line breaks and RTL ordering may move words apart.
        for word in labels[key].split():
            assert _contains(text, word), (language, key, word)
    assert "Zertifikat" in text and _normal(certificate.number) in text  # German and English stay
    assert _dark_share(pdf, tmp_path) > 0.01, "page is (almost) blank"


@pytest.mark.django_db
def test_arabic_block_is_right_to_left_and_names_the_fonts(amina_ready, counsellor_a):
    certificate = certificate_issue(acting_user=counsellor_a, participant=amina_ready, language="ar")
    html = certificate_html(document=certificate_document(certificate=certificate))
    assert '<section class="third" lang="ar" dir="rtl">' in html
    assert "شهادة" in html and "data:image/png;base64," in html


@pytest.mark.django_db
def test_german_and_english_only_has_no_third_block(amina_ready, counsellor_a):
    certificate = certificate_issue(acting_user=counsellor_a, participant=amina_ready, language="en")
    assert 'class="third"' not in certificate_html(document=certificate_document(certificate=certificate))


@pytest.mark.django_db
def test_attendance_pdf_is_clearly_marked(amina, met_101, met_201, counsellor_a, tmp_path):
    from certificates.tests.factories import final_plan_with, passed

    final_plan_with(participant=amina, modules=[met_101, met_201])
    passed(participant=amina, module=met_101)
    certificate = certificate_issue(
        acting_user=counsellor_a, participant=amina, kind=CertificateKind.ATTENDANCE, language="fr"
    )
    text = " ".join(_pdf_text(certificate_pdf(certificate=certificate), tmp_path).split())
    for expected in ["Teilnahmebescheinigung", "Certificate of attendance", "Not a certificate of completion",
                     "Attestation de participation", "MET-101"]:
        assert expected in text, expected
    assert "MET-201" not in text  # never attended: not listed


def test_the_certificate_languages_are_the_ones_with_wording():
    """`languages.purposes` offers for the third block exactly what `LABELS` can print."""
    from languages.purposes import CERTIFICATE_LANGUAGES, FALLBACK_LANGUAGE

    assert set(CERTIFICATE_LANGUAGES) == set(LANGUAGES) - set(BASE_LANGUAGES)
    assert FALLBACK_LANGUAGE in BASE_LANGUAGES
