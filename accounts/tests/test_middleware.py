"""Security headers on every response, and templates that a strict CSP does not break."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

EXPECTED_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'none'",
    "object-src": "'none'",
}


def _csp(response) -> dict[str, str]:
    parts = [part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")]
    return {name: value for name, value in parts}


def _assert_security_headers(response) -> None:
    csp = _csp(response)
    for directive, value in EXPECTED_CSP.items():
        assert csp[directive] == value, directive
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_login_page_has_the_security_headers(client):
    # secure=True: browsers keep HSTS only from HTTPS responses, so Django sends it only there.
    response = client.get(reverse("accounts:login"), secure=True)
    assert response.status_code == 200
    _assert_security_headers(response)


@pytest.mark.django_db
def test_a_page_with_personal_data_has_the_headers_and_is_not_cached(client_for, counsellor_a):
    response = client_for(counsellor_a).get(reverse("participants:caseload"), secure=True)
    assert response.status_code == 200
    _assert_security_headers(response)
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_refusals_and_redirects_have_the_headers_too(client):
    _assert_security_headers(client.get(reverse("participants:caseload"), secure=True))


def _templates() -> list[Path]:
    base = Path(settings.BASE_DIR)
    return sorted(
        path
        for path in base.rglob("templates/**/*.html")
        if ".venv" not in path.parts and "node_modules" not in path.parts
    )


# Rendered to PDF by WeasyPrint on the server, never served to a browser.
_PDF_ONLY = {"certificate_pdf.html", "certificate_pdf_overlay.html"}


def test_templates_have_nothing_inline_that_the_csp_would_block():
    templates = _templates()
    assert Path(settings.BASE_DIR, "templates", "base.html") in templates
    offences = []
    for path in templates:
        if path.name in _PDF_ONLY or path.name.endswith("_pdf.html"):
            continue
        if "email" in path.parts:  # mail is read in a mail client: inline styles are its only styles
            continue
        text = path.read_text()
        for pattern, what in (
            (r"\sstyle\s*=", "style attribute"),
            (r"<style[\s>]", "<style> element"),
            (r"<script(?![^>]*\ssrc=)[^>]*>", "inline <script>"),
            (r"\son[a-z]+\s*=", "event handler attribute"),
            (r"\shx-on", "hx-on handler (needs eval)"),
            (r"javascript:", "javascript: URL"),
        ):
            if re.search(pattern, text, flags=re.IGNORECASE):
                offences.append(f"{path.relative_to(settings.BASE_DIR)}: {what}")
    assert offences == []
