"""Credential download, revocation, bulk issue per session, and the public pages."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from certificates.credentials import credential_revoked, credential_verify
from certificates.models import Certificate, CertificateBatch, CertificateStatus
from certificates.services import certificate_issue, certificate_revoke

pytestmark = pytest.mark.django_db



@pytest.fixture
def certificate(amina_ready, counsellor_a):
    return certificate_issue(acting_user=counsellor_a, participant=amina_ready)


def _url(name, *args):
    return reverse(f"certificates:{name}", args=args)


# Staff views: the ladder -----------------------------------------------------------------

STAFF_VIEWS = [
    ("get", "credential", lambda c: c.pk),
    ("post", "revoke", lambda c: c.pk),
    ("get", "session_issue", lambda c: c.participant.enrolments.first().session_id),
    ("post", "session_issue", lambda c: c.participant.enrolments.first().session_id),
    ("post", "session_issue_progress", lambda c: c.participant.enrolments.first().session_id),
    ("get", "session_issue_download", lambda c: c.participant.enrolments.first().session_id),
]


@pytest.mark.parametrize(("method", "name", "arg"), STAFF_VIEWS)
def test_anonymous_goes_to_login(client, certificate, method, name, arg):
    response = getattr(client, method)(_url(name, arg(certificate)), {"reason": "x"})
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize(("method", "name", "arg"), STAFF_VIEWS)
@pytest.mark.parametrize("persona", ["funder", "instructor_a", "dpo"])
def test_wrong_role_is_forbidden(request, client_for, certificate, method, name, arg, persona):
    client = client_for(request.getfixturevalue(persona))
    assert getattr(client, method)(_url(name, arg(certificate)), {"reason": "x"}).status_code == 403


@pytest.mark.parametrize(("method", "name", "arg"), STAFF_VIEWS)
def test_other_site_gets_404(client_for, counsellor_b, certificate, method, name, arg):
    response = getattr(client_for(counsellor_b), method)(_url(name, arg(certificate)), {"reason": "x"})
    assert response.status_code == 404
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID


@pytest.mark.parametrize("persona", ["counsellor_a", "manager"])
def test_credential_download_is_the_signed_credential(request, client_for, certificate, persona):
    response = client_for(request.getfixturevalue(persona)).get(_url("credential", certificate.pk))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{certificate.number}.json"'
    assert response["Cache-Control"] == "no-store"
    assert json.loads(response.content) == certificate.credential
    assert AuditEntry.objects.filter(action="certificate.download_credential").count() == 1


def test_revoke_from_the_case_file(client_for, counsellor_a, certificate):
    response = client_for(counsellor_a).post(_url("revoke", certificate.pk), {"reason": "Issued in error"})
    assert response.status_code == 302
    assert response.url == reverse("participants:case_file", args=[certificate.participant_id])
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED and certificate.revocation_reason == "Issued in error"


def test_revoke_without_reason_is_refused(client_for, counsellor_a, certificate):
    client_for(counsellor_a).post(_url("revoke", certificate.pk), {"reason": ""})
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID


def test_issue_in_a_chosen_language_and_kind(client_for, counsellor_a, amina_ready):
    client_for(counsellor_a).post(
        _url("issue", amina_ready.pk), {"kind": "certificate", "language": "ru"}
    )
    assert Certificate.objects.get().language == "ru"


def test_case_file_offers_language_credential_and_revoke(client_for, counsellor_a, certificate):
    html = client_for(counsellor_a).get(reverse("participants:case_file", args=[certificate.participant_id])).content
    html = html.decode()
    assert _url("credential", certificate.pk) in html
    assert _url("revoke", certificate.pk) in html
    assert '<option value="ar" selected>العربية</option>' in html


# Bulk issue ------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["counsellor_a", "manager"])
def test_session_page_lists_and_bulk_issue_runs_with_progress(request, client_for, amina_ready, met_201, persona):
    session = amina_ready.enrolments.get(session__module=met_201).session
    client = client_for(request.getfixturevalue(persona))
    page = client.get(_url("session_issue", session.pk))
    assert page.status_code == 200
    assert "Amina Haddad" in page.content.decode()
    assert "No bulk issue started for this session yet." in page.content.decode()
    assert client.post(_url("session_issue", session.pk)).status_code == 302
    page = client.get(_url("session_issue", session.pk)).content.decode()
    assert 'hx-post="' + _url("session_issue_progress", session.pk) in page
    assert '<progress max="1" value="0"' in page
    partial = client.post(_url("session_issue_progress", session.pk), HTTP_HX_REQUEST="true").content.decode()
    assert '<progress max="1" value="1"' in partial and "Bulk issue finished" in partial
    assert "hx-trigger" not in partial  # polling stops
    certificate = Certificate.objects.get()
    assert certificate.number in partial
    assert CertificateBatch.objects.get().finished_at is not None


def test_finished_bulk_issue_downloads_as_one_zip_of_pdfs(client_for, counsellor_a, amina_ready, met_201):
    session = amina_ready.enrolments.get(session__module=met_201).session
    client = client_for(counsellor_a)
    assert client.get(_url("session_issue_download", session.pk)).status_code == 404  # nothing issued yet
    client.post(_url("session_issue", session.pk))
    partial = client.post(_url("session_issue_progress", session.pk), HTTP_HX_REQUEST="true").content.decode()
    assert _url("session_issue_download", session.pk) in partial
    response = client.get(_url("session_issue_download", session.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert f"certificates-session-{session.pk}.zip" in response["Content-Disposition"]
    assert "Amina" not in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    certificate = Certificate.objects.get()
    assert archive.namelist() == [f"{certificate.number}.pdf", f"{certificate.number}.json"]
    assert archive.read(f"{certificate.number}.pdf").startswith(b"%PDF-")
    credential = json.loads(archive.read(f"{certificate.number}.json"))
    assert credential == certificate.credential  # the signed credential as issued, beside the PDF
    assert AuditEntry.objects.filter(
        action="certificate.download", participant_ref=amina_ready.pk, actor=counsellor_a
    ).count() == 1


def test_progress_without_htmx_redirects_back(client_for, counsellor_a, amina_ready, met_201):
    session = amina_ready.enrolments.get(session__module=met_201).session
    client = client_for(counsellor_a)
    client.post(_url("session_issue", session.pk))
    response = client.post(_url("session_issue_progress", session.pk))
    assert response.status_code == 302 and response.url == _url("session_issue", session.pk)
    assert Certificate.objects.count() == 1


def test_progress_get_only_reads(client_for, counsellor_a, amina_ready, met_201):
    session = amina_ready.enrolments.get(session__module=met_201).session
    client = client_for(counsellor_a)
    client.post(_url("session_issue", session.pk))
    assert client.get(_url("session_issue_progress", session.pk)).status_code == 200
    assert not Certificate.objects.exists()


# Public pages -----------------------------------------------------------------------------


def test_verify_valid_shows_what_matches_the_paper_and_not_the_birth_date(client, certificate):
    response = client.get(_url("verify", certificate.number))
    assert response.status_code == 200
    html = response.content.decode()
    for expected in ["valid", "Amina Haddad", certificate.number, "Zertifikat: Metallbau / Certificate: Metalwork",
                     certificate.issued_on.strftime("%d.%m.%Y"), "(صالحة)"]:
        assert expected in html, expected
    # the date of birth is only compared (test_verify_page.py); site and modules are not shown
    for absent in ["17.05.1990", "1990-05-17", "MET-101", certificate.participant.site.city]:
        assert absent not in html, absent
    assert certificate.participant.case_number not in html
    assert response["Cache-Control"] == "no-store"
    assert "noindex" in response["X-Robots-Tag"]


def test_verify_accepts_lower_case_typing(client, certificate):
    assert client.get(_url("verify", certificate.number.lower())).status_code == 200


def test_verify_revoked_shows_reason(client, certificate, counsellor_a):
    certificate_revoke(acting_user=counsellor_a, certificate=certificate, reason="Issued in error")
    html = client.get(_url("verify", certificate.number)).content.decode()
    assert "revoked" in html and "Issued in error" in html


def test_verify_superseded(client, certificate, counsellor_a, amina_ready):
    certificate_issue(acting_user=counsellor_a, participant=amina_ready, language="fr")
    html = client.get(_url("verify", certificate.number)).content.decode()
    assert "superseded" in html and "no longer valid" in html


@pytest.mark.parametrize("number", ["RZ-2026-AAAAAAAA", "nonsense", "x" * 200, "RZ-2026-%3Cscript%3E"])
def test_verify_unknown_is_a_friendly_404_revealing_nothing(client, certificate, number):
    response = client.get(_url("verify", number))
    assert response.status_code == 404
    html = response.content.decode()
    assert "unknown" in html and "We have not issued a certificate with this number" in html
    assert "Amina" not in html and certificate.number not in html and "<script>" not in html


def test_issuer_key_document_is_public(client, certificate):
    response = client.get(_url("issuer"))
    assert response.status_code == 200
    document = response.json()
    assert document["id"] == certificate.credential["issuer"]["id"]
    assert credential_verify(certificate.credential, key_document=document).valid


def test_status_list_is_public_and_signed(client, certificate, counsellor_a):
    keys = client.get(_url("issuer")).json()
    listed = client.get(_url("status_list")).json()
    assert credential_verify(listed, key_document=keys).valid
    assert credential_revoked(certificate.credential, status_list=listed) is False
    certificate_revoke(acting_user=counsellor_a, certificate=certificate, reason="Error")
    listed = client.get(_url("status_list")).json()
    assert credential_revoked(certificate.credential, status_list=listed) is True
    assert certificate.number not in json.dumps(listed)


@pytest.mark.parametrize("name", ["issuer", "status_list"])
def test_public_json_is_get_only(client, name):
    assert client.post(_url(name)).status_code == 405
