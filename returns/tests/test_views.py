import datetime as dt
import json
import re
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import pgettext

from accounts.models import AuditEntry
from participants.models import ConsentPurpose
from participants.services import consent_withdraw
from participants.tests.factories import ParticipantFactory
from returns import services
from returns.forms import SurveyForm
from returns.models import FollowUp, Handover, HandoverState, Organisation, Return
from returns.pdf import handover_html
from returns.schema import handover_schema
from returns.scoring import QUESTIONS
from returns.selectors import handover_package
from returns.tests.factories import FollowUpFactory
from returns.tests.schema_check import check
from tests.a11y import html_error_summary_problems


@pytest.mark.django_db
def test_return_ladder_and_validation(client, client_for, counsellor_a, counsellor_b, instructor_a, funder):
    participant = ParticipantFactory(site=counsellor_a.site, counsellor=counsellor_a)
    url = reverse("returns:record", args=[participant.pk])
    today = timezone.localdate()
    assert client.get(url).status_code == 302
    assert client_for(instructor_a).get(url).status_code == 403
    assert client_for(funder).get(url).status_code == 403
    assert client_for(counsellor_b).get(url).status_code == 404
    response = client_for(counsellor_a).post(
        url, {"status": "returned", "status_date": today.isoformat(), "reason": ""}
    )
    assert response.status_code == 400 and "needs the actual departure date" in response.content.decode()
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    response = client_for(counsellor_a).post(
        url, {"status": "returned", "actual_departure": tomorrow, "status_date": today.isoformat()}
    )
    assert response.status_code == 400 and "cannot lie in the future" in response.content.decode()
    response = client_for(counsellor_a).post(url, {"status": "postponed", "status_date": today.isoformat()})
    assert response.status_code == 400 and "Give a reason" in response.content.decode()
    assert not Return.objects.exists()
    response = client_for(counsellor_a).post(
        url, {"status": "postponed", "status_date": today.isoformat(), "reason": "Passport delayed"}
    )
    assert response.status_code == 302
    response = client_for(counsellor_a).post(
        url, {"status": "returned", "actual_departure": today.isoformat(), "status_date": today.isoformat()}
    )
    assert response.status_code == 302
    record = Return.objects.get()
    assert record.status == "returned" and record.actual_departure == today


# --- departure, organisations, hand-over, follow-up ----------------------------------------



BEST = {q.key: q.options[-1] for q in QUESTIONS}


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "package.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True,  # noqa: S603, S607
                          text=True).stdout


@pytest.mark.django_db
def test_departure_page_previews_risks_and_saves(client_for, counsellor_a, counsellor_b, awa):
    url = reverse("returns:departure", args=[awa.pk])
    assert client_for(counsellor_b).get(url).status_code == 404
    client = client_for(counsellor_a)
    new_day = timezone.localdate() + dt.timedelta(days=40)
    preview = client.get(url, {"planned_departure": new_day.isoformat()}, HTTP_HX_REQUEST="true")
    assert preview.status_code == 200 and "No plan module at risk" in preview.content.decode()
    page = client.get(url).content.decode()  # the date field as before: its value, the live preview
    field = re.search(r'<input[^>]*name="planned_departure"[^>]*>', page).group(0)
    assert f'value="{awa.planned_departure.isoformat()}"' in field and f'hx-get="{url}"' in field
    assert 'hx-target="#departure-risks"' in field and 'type="date"' in field
    response = client.post(url, {"planned_departure": (timezone.localdate() - dt.timedelta(days=1)).isoformat()})
    assert response.status_code == 400
    # issue 24: summarised on top, linked to the field, which is aria-invalid
    assert html_error_summary_problems(response.content.decode(), invalid={"planned_departure"}) == []
    response = client.post(url, {"planned_departure": new_day.isoformat()})
    assert response.status_code == 200 and "Planned departure saved" in response.content.decode()
    awa.refresh_from_db()
    assert awa.planned_departure == new_day


@pytest.mark.django_db
def test_organisations_managed_by_managers_read_by_counsellors(client_for, manager, counsellor_a, instructor_a):
    list_url = reverse("returns:organisation_list")
    new_url = reverse("returns:organisation_new")
    assert client_for(instructor_a).get(list_url).status_code == 403
    assert client_for(counsellor_a).get(new_url).status_code == 403
    client = client_for(manager)
    response = client.post(new_url, {"name": "IOM Lagos", "kind": "partner", "country": "NG", "working_language": "en",
                                     "email": "not-an-email", "is_active": "on"})
    assert response.status_code == 400 and 'value="IOM Lagos"' in response.content.decode()
    response = client.post(new_url, {"name": "IOM Lagos", "kind": "partner", "country": "NG", "working_language": "en",
                                     "email": "lagos@example.org", "is_active": "on"})
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="IOM Lagos")
    response = client.post(reverse("returns:organisation_edit", args=[organisation.pk]),
                           {"name": "IOM Lagos", "kind": "partner", "country": "NG", "working_language": "fr"})
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.working_language == "fr" and not organisation.is_active
    body = client_for(counsellor_a).get(list_url).content.decode()
    assert "IOM Lagos" in body and reverse("returns:organisation_edit", args=[organisation.pk]) not in body


@pytest.mark.django_db
def test_handover_refused_without_consent_with_a_clear_message(client_for, counsellor_a, partner_sn):
    participant = ParticipantFactory(site=counsellor_a.site, counsellor=counsellor_a)
    url = reverse("returns:handover_new", args=[participant.pk])
    response = client_for(counsellor_a).get(url)
    assert response.status_code == 409
    assert "No hand-over without the participant&#x27;s active consent" in response.content.decode()
    response = client_for(counsellor_a).post(url, {"organisation": partner_sn.pk})
    assert response.status_code == 409 and not Handover.objects.exists()


@pytest.mark.django_db
def test_handover_to_partner_accept_flow(client_for, client, counsellor_a, counsellor_b, awa_qualified, partner_sn,
                                         tmp_path):
    url = reverse("returns:handover_new", args=[awa_qualified.pk])
    assert client_for(counsellor_b).get(url).status_code == 404
    response = client_for(counsellor_a).post(url, {"organisation": partner_sn.pk, "business_idea": "Atelier de couture",
                                                   "needs": "Machine à coudre", "contact_preferences": "WhatsApp"})
    assert response.status_code == 200
    link = response.context["link"]
    handover = Handover.objects.get()
    assert link.endswith("/") and handover.token_hash not in link
    # staff downloads: PDF in French, JSON valid against the schema; counsellor of site B cannot
    pdf_url = reverse("returns:handover_download", args=[handover.pk, "pdf"])
    assert client_for(counsellor_b).get(pdf_url).status_code == 404
    pdf = client_for(counsellor_a).get(pdf_url)
    assert pdf["Content-Type"] == "application/pdf"
    text = _pdf_text(pdf.content, tmp_path)
    assert "Orientation pour un accompagnement" in text and "RZ-2026-AWA00001" in text
    assert "Atelier de couture" in text and "Profil de compétences" in text
    json_response = client_for(counsellor_a).get(reverse("returns:handover_download", args=[handover.pk, "json"]))
    assert check(json.loads(json_response.content), handover_schema()) == []
    # the partner, without an account
    client.logout()
    path = link.split("testserver", 1)[1]
    page = client.get(path)
    assert page.status_code == 200 and "Nous acceptons" in page.content.decode()
    assert page["Cache-Control"] == "no-store"
    partner_json = client.get(path, {"form": "json"})
    assert json.loads(partner_json.content)["reference"] == f"HO-{handover.pk}"
    undecided = client.post(path, {"note": "x"})
    assert undecided.status_code == 400
    # issue 24: a summary (in the partner's language) linked to the choice, both choices aria-invalid
    body = undecided.content.decode()
    assert html_error_summary_problems(body, invalid={"decision"}) == [] and 'role="alert"' not in body
    response = client.post(path, {"decision": "accept", "note": "RDV lundi"})
    assert "Vous avez accepté" in response.content.decode()
    handover.refresh_from_db()
    assert handover.state == HandoverState.ACCEPTED
    channels = list(AuditEntry.objects.filter(action="handover.disclose").values_list("detail", flat=True))
    assert {"form": "pdf", "channel": "staff", "organisation": partner_sn.pk} in channels
    assert {"form": "json", "channel": "partner", "organisation": partner_sn.pk} in channels
    # the case file shows the state
    case_file = client_for(counsellor_a).get(reverse("participants:case_file", args=[awa_qualified.pk]))
    assert "accepted by the partner" in case_file.content.decode()
    # withdrawing the consent stops the link and the downloads
    consent = awa_qualified.consents.get(purpose=ConsentPurpose.PARTNER_SHARING)
    consent_withdraw(acting_user=counsellor_a, consent=consent, withdrawn_on=timezone.localdate())
    assert client.get(path).status_code == 404
    assert client_for(counsellor_a).get(pdf_url).status_code == 409


@pytest.mark.django_db
def test_handover_pdf_in_arabic_is_right_to_left(client_for, counsellor_a, awa_qualified, partner_iq, tmp_path):
    handover, _token = services.handover_create(acting_user=counsellor_a, participant=awa_qualified,
                                                organisation=partner_iq, now=timezone.now())
    assert 'dir="rtl"' in handover_html(package=handover_package(handover=handover))
    pdf = client_for(counsellor_a).get(reverse("returns:handover_download", args=[handover.pk, "pdf"]))
    text = _pdf_text(pdf.content, tmp_path)
    assert "ملف الكفاءات" in text and "رقم الشهادة" in text and "RZ-2026-AWA00001" in text


@pytest.mark.django_db
def test_partner_link_unknown_or_expired_is_404(client, awa, counsellor_a, partner_sn):
    handover, token = services.handover_create(acting_user=counsellor_a, participant=awa, organisation=partner_sn,
                                               now=timezone.now() - dt.timedelta(days=services.HANDOVER_LINK_DAYS + 1))
    assert client.get(reverse("returns:partner", args=[token])).status_code == 404
    assert client.get(reverse("returns:partner", args=["nonsense"])).status_code == 404
    assert client.post(reverse("returns:partner", args=[token]), {"decision": "accept"}).status_code == 404
    handover.refresh_from_db()
    assert handover.state == HandoverState.PENDING


@pytest.mark.django_db
def test_schema_is_served(client):
    response = client.get(reverse("returns:handover_schema"))
    assert response.status_code == 200 and json.loads(response.content)["$id"] == "reintegra-handover/1"


@pytest.mark.django_db
def test_survey_by_link_and_case_file_comparison(client_for, client, counsellor_a, awa):
    baseline = services.follow_up_baseline(acting_user=counsellor_a, participant=awa)
    # staff record the baseline from a phone call
    record_url = reverse("returns:follow_up_record", args=[baseline.pk])
    answers = dict(BEST, work="none", income="family", wellbeing="okay")
    response = client_for(counsellor_a).post(record_url, {**answers, "answered_on": "", "channel": "phone"})
    assert response.status_code == 400
    response = client_for(counsellor_a).post(
        record_url, {**answers, "answered_on": timezone.localdate().isoformat(), "channel": "phone"}
    )
    assert response.status_code == 302
    follow_up = FollowUpFactory(participant=awa, kind="m3", due_on=timezone.localdate())
    link_url = reverse("returns:follow_up_link", args=[follow_up.pk])
    response = client_for(counsellor_a).post(link_url, {"language": "ar"})
    link = response.context["link"]
    client.logout()
    path = link.split("testserver", 1)[1]
    page = client.get(path)
    assert page.status_code == 200 and 'dir="rtl"' in page.content.decode() and 'lang="ar"' in page.content.decode()
    response = client.post(path, {"work": "regular"})
    assert response.status_code == 400 and 'value="regular" id="id_work_0" checked' in response.content.decode()
    # issue 24: the unanswered questions in a summary on top (heading in Arabic), each linked and
    # its radio buttons aria-invalid and described by the error; no role=alert at page load
    body = response.content.decode()
    unanswered = {name for name in SurveyForm().fields if name != "work"}
    assert html_error_summary_problems(body, invalid=unanswered) == []
    with translation.override("ar"):
        assert pgettext("participant", "Please check the following:") in body
    assert 'role="alert"' not in body and "/static/js/error-summary.js" in body
    response = client.post(path, BEST)
    assert response.status_code == 200 and 'id="thanks"' in response.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.channel == "link" and follow_up.economic == 1.0
    assert client.get(path).status_code == 404  # answered: the link is spent
    body = client_for(counsellor_a).get(reverse("participants:case_file", args=[awa.pk])).content.decode()
    assert 'id="dimension-comparison"' in body and "+0.44" in body  # economic 0.56 → 1.0


@pytest.mark.django_db
def test_due_list_and_method_pages(client_for, counsellor_a, counsellor_b, funder, awa):
    FollowUpFactory(participant=awa, kind="m3", due_on=timezone.localdate() - dt.timedelta(days=40))
    url = reverse("returns:due_list")
    assert client_for(funder).get(url).status_code == 403
    assert "Awa" in client_for(counsellor_a).get(url).content.decode()
    read = AuditEntry.objects.filter(actor=counsellor_a, detail__view="returns:due_list").latest("sequence")
    assert read.participant_ref == awa.pk  # the list's read is audited, naming who it showed
    assert "did not answer" in client_for(counsellor_a).get(url).content.decode()
    assert "Awa" not in client_for(counsellor_b).get(url).content.decode()
    method = client_for(funder).get(reverse("returns:method"))
    assert method.status_code == 200 and "plain mean" in method.content.decode()


@pytest.mark.django_db
def test_follow_up_link_refused_after_consent_withdrawn(client_for, counsellor_a, awa):
    follow_up = FollowUpFactory(participant=awa, kind="m3", due_on=timezone.localdate())
    consent = awa.consents.get(purpose=ConsentPurpose.FOLLOW_UP)
    consent_withdraw(acting_user=counsellor_a, consent=consent, withdrawn_on=timezone.localdate())
    response = client_for(counsellor_a).post(reverse("returns:follow_up_link", args=[follow_up.pk]), {"language": "fr"})
    assert response.status_code == 400 and "No follow-up without" in response.content.decode()
    assert not FollowUp.objects.get(pk=follow_up.pk).token_hash


@pytest.mark.django_db
def test_survey_link_in_dari_is_read_in_the_persian_catalogue(client_for, client, counsellor_a, awa):
    """A link stored with "prs" (before the one language rule) has no catalogue of its own."""
    follow_up = FollowUpFactory(participant=awa, kind="m3", due_on=timezone.localdate())
    link = client_for(counsellor_a).post(
        reverse("returns:follow_up_link", args=[follow_up.pk]), {"language": "fa"}
    ).context["link"]
    type(follow_up).objects.filter(pk=follow_up.pk).update(language="prs")
    client.logout()
    body = client.get(link.split("testserver", 1)[1]).content.decode()
    assert 'lang="fa"' in body and 'dir="rtl"' in body
    assert "Kurdî (Kurmancî)" not in body


@pytest.mark.django_db
def test_survey_languages_offered_for_a_link_are_the_catalogues(client_for, counsellor_a, awa):
    follow_up = FollowUpFactory(participant=awa, kind="m3", due_on=timezone.localdate())
    page = client_for(counsellor_a).get(reverse("returns:follow_up_link", args=[follow_up.pk]))
    offered = [code for code, _name in page.context["form"].fields["language"].choices]
    assert "ku" in offered and "prs" not in offered and "fa" in offered
