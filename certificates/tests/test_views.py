from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import AuditEntry
from certificates.models import Certificate, CertificateStatus
from certificates.selectors import certificate_eligibility
from certificates.services import certificate_issue
from certificates.tests.factories import CertificateFactory, final_plan_with
from privacy.services import ErasureReason, participant_anonymise

pytestmark = pytest.mark.django_db



def _issue_url(participant):
    return reverse("certificates:issue", args=[participant.pk])


def _download_url(certificate):
    return reverse("certificates:download", args=[certificate.pk])


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def certificate(amina_ready, counsellor_a):
    return certificate_issue(acting_user=counsellor_a, participant=amina_ready)


# Issue: the ladder -----------------------------------------------------------


def test_issue_anonymous_goes_to_login(client, amina_ready):
    response = client.post(_issue_url(amina_ready))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert not Certificate.objects.exists()


@pytest.mark.parametrize("persona", ["funder", "instructor_a", "dpo"])
def test_issue_wrong_role_is_forbidden(request, client_for, amina_ready, persona):
    response = client_for(request.getfixturevalue(persona)).post(_issue_url(amina_ready))
    assert response.status_code == 403
    assert not Certificate.objects.exists()


def test_issue_counsellor_of_another_site_gets_404(client_for, counsellor_b, amina_ready):
    response = client_for(counsellor_b).post(_issue_url(amina_ready))
    assert response.status_code == 404
    assert not Certificate.objects.exists()


def test_issue_unknown_participant_gets_404(client_for, manager):
    assert client_for(manager).post(reverse("certificates:issue", args=[999999])).status_code == 404


def test_issue_is_post_only(client_for, counsellor_a, amina_ready):
    response = client_for(counsellor_a).get(_issue_url(amina_ready))
    assert response.status_code == 405
    assert not Certificate.objects.exists()


@pytest.mark.parametrize("persona", ["counsellor_a", "manager"])
def test_issue_by_case_staff_issues_and_returns_to_the_case_file(request, client_for, amina_ready, persona):
    user = request.getfixturevalue(persona)
    response = client_for(user).post(_issue_url(amina_ready))
    assert response.status_code == 302
    assert response.url == reverse("participants:case_file", args=[amina_ready.pk])
    certificate = Certificate.objects.get(participant=amina_ready)
    assert certificate.issued_by == user
    assert _messages(response) == [f"Certificate {certificate.number} issued."]
    assert AuditEntry.objects.filter(action="certificate.issue", object_id=str(certificate.pk)).exists()


def test_issue_not_eligible_shows_the_reasons(client_for, counsellor_a, amina, met_101, met_201):
    final_plan_with(participant=amina, modules=[met_101, met_201])
    response = client_for(counsellor_a).post(_issue_url(amina))
    assert response.status_code == 302
    assert response.url == reverse("participants:case_file", args=[amina.pk])
    assert _messages(response) == [
        "No certificate issued: MET-101: not enrolled in a session; MET-201: not enrolled in a session"
    ]
    assert not Certificate.objects.exists()


# Download: the ladder --------------------------------------------------------


def test_download_anonymous_goes_to_login(client, certificate):
    response = client.get(_download_url(certificate))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("persona", ["funder", "instructor_a", "dpo"])
def test_download_wrong_role_is_forbidden(request, client_for, certificate, persona):
    assert client_for(request.getfixturevalue(persona)).get(_download_url(certificate)).status_code == 403


def test_download_counsellor_of_another_site_gets_404(client_for, counsellor_b, certificate):
    assert client_for(counsellor_b).get(_download_url(certificate)).status_code == 404
    assert not AuditEntry.objects.filter(action="certificate.download").exists()


def test_download_unknown_certificate_gets_404(client_for, manager):
    assert client_for(manager).get(reverse("certificates:download", args=[999999])).status_code == 404


@pytest.mark.parametrize("persona", ["counsellor_a", "manager"])
def test_download_by_case_staff_sends_the_pdf_and_is_audited(request, client_for, certificate, persona):
    user = request.getfixturevalue(persona)
    response = client_for(user).get(_download_url(certificate))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{certificate.number}.pdf"'
    assert response["Cache-Control"] == "no-store"
    assert response.content.startswith(b"%PDF-")
    entry = AuditEntry.objects.get(action="certificate.download")
    assert entry.actor == user
    assert entry.object_id == str(certificate.pk)
    assert entry.participant_ref == certificate.participant_id
    assert entry.detail == {}


def test_download_is_get_only(client_for, counsellor_a, certificate):
    assert client_for(counsellor_a).post(_download_url(certificate)).status_code == 405


# The case file section -------------------------------------------------------


def _section(participant, certificates):
    request = RequestFactory().get("/")
    return render_to_string(
        "certificates/_case_file_section.html",
        {
            "participant": participant,
            "certificates": certificates,
            "certificate_eligibility": certificate_eligibility(participant=participant),
        },
        request=request,
    )


def test_section_offers_issuing_when_eligible(amina_ready):
    html = _section(amina_ready, [])
    assert "No certificate issued yet." in html
    assert f'action="{_issue_url(amina_ready)}"' in html
    assert "csrfmiddlewaretoken" in html
    assert "Issue certificate" in html


def test_section_lists_what_is_missing_when_not_eligible(amina, met_101):
    final_plan_with(participant=amina, modules=[met_101])
    html = _section(amina, [])
    assert "Issue certificate" not in html
    assert "MET-101: not enrolled in a session" in html


def test_section_lists_certificates_with_status_and_download(amina_ready, certificate):
    superseded = CertificateFactory(participant=amina_ready, plan=certificate.plan, status=CertificateStatus.SUPERSEDED)
    html = _section(amina_ready, [certificate, superseded])
    assert certificate.number in html and superseded.number in html
    assert _download_url(certificate) in html and _download_url(superseded) in html
    assert '<span class="badge ok">valid</span>' in html
    assert '<span class="badge">superseded</span>' in html
    assert "A valid certificate of the same plan is marked superseded." in html


def test_section_without_eligibility_in_context_still_renders(amina):
    html = render_to_string(
        "certificates/_case_file_section.html", {"participant": amina, "certificates": []}
    )
    assert "No certificate issued yet." in html
    assert "Issue certificate" not in html


def test_case_file_page_shows_the_section(client_for, counsellor_a, amina_ready):
    """End to end through the participants' case file, which includes our section."""
    client = client_for(counsellor_a)
    case_file = reverse("participants:case_file", args=[amina_ready.pk])
    assert _issue_url(amina_ready) in client.get(case_file).content.decode()
    client.post(_issue_url(amina_ready))
    certificate = Certificate.objects.get(participant=amina_ready)
    html = client.get(case_file).content.decode()
    assert certificate.number in html
    assert _download_url(certificate) in html


# An erased holder: the row stays, the documents are not produced any more -------------


def test_erased_holders_documents_are_refused_and_the_case_file_offers_none(client_for, certificate, counsellor_a, dpo):
    participant_anonymise(acting_user=dpo, participant=certificate.participant, reason=ErasureReason.REQUEST)
    client = client_for(counsellor_a)
    audited_before = AuditEntry.objects.filter(action__startswith="certificate.").count()
    for name in ("download", "credential", "evidence"):
        response = client.get(reverse(f"certificates:{name}", args=[certificate.pk]))
        assert response.status_code == 410, name
        assert response["Content-Type"].startswith("text/html")
        assert b"%PDF" not in response.content
    # nothing was handed out, so nothing is recorded as handed out
    assert AuditEntry.objects.filter(action__startswith="certificate.").count() == audited_before
    case_file = client.get(reverse("participants:case_file", args=[certificate.participant_id]))
    assert case_file.status_code == 200
    assert _download_url(certificate).encode() not in case_file.content
    # the public verification page still answers for the number
    assert client.get(reverse("certificates:verify", args=[certificate.number])).status_code == 200

