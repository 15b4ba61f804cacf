from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import pgettext

from assessments.models import EvidenceSource, SkillRating
from languages.purposes import PARTICIPANT_LANGUAGES
from portal.models import PIN_FAILURE_LIMIT, PortalAccount
from portal.questionnaire import QUESTIONS
from portal.services import code_format, portal_invite, portal_language_set
from portal.tests.conftest import DEMO_PIN
from scheduling.models import Meeting
from tests.a11y import html_error_summary_problems

PAGES = ["portal:home", "portal:plan", "portal:timetable", "portal:attendance", "portal:documents",
         "portal:contact", "portal:self_assessment"]


@pytest.mark.django_db
def test_first_login_with_code_then_pin(portal_world, counsellor_a):
    participant = portal_world["other"]["participant"]
    _account, code = portal_invite(participant=participant, acting_user=counsellor_a)
    client = Client()
    client.get(reverse("portal:login") + "?language=en")  # chosen before login: wins over the account's Arabic
    response = client.post(reverse("portal:login"), {"code": code_format(code).lower(), "pin": ""})
    assert response.status_code == 302 and response["Location"] == reverse("portal:set_pin")
    response = client.post(reverse("portal:set_pin"), {"pin": "583920", "pin_repeat": "583921"})
    assert response.status_code == 400 and "The two PINs are not the same." in response.content.decode()
    response = client.post(reverse("portal:set_pin"), {"pin": "583920", "pin_repeat": "583920"})
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")
    assert "Samir" in client.get(reverse("portal:home")).content.decode()
    # The code has been used: it no longer leads to choosing a PIN, and a PIN is needed.
    client.post(reverse("portal:logout"))
    response = client.post(reverse("portal:login"), {"code": code, "pin": ""})
    assert response.status_code == 400 and "not right" in response.content.decode()
    response = client.post(reverse("portal:login"), {"code": code, "pin": "583920"})
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")


@pytest.mark.django_db
@pytest.mark.parametrize("digits", ["٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹"], ids=["arabic-keyboard", "persian-keyboard"])
def test_a_pin_typed_in_eastern_arabic_or_persian_digits_logs_in(portal_world, digits):
    """DEMO_PIN was chosen in ASCII digits; typed on an Arabic or Persian keyboard it still logs in."""
    typed = "".join(digits[int(char)] for char in DEMO_PIN)
    assert not typed.isascii()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post(reverse("portal:login"), {"code": portal_world["code"], "pin": typed})
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")
    assert client.session["_auth_user_id"] == str(portal_world["account"].user.pk)


@pytest.mark.django_db
def test_a_pin_chosen_in_persian_digits_is_the_same_pin_in_ascii(portal_world, counsellor_a):
    _account, code = portal_invite(participant=portal_world["other"]["participant"], acting_user=counsellor_a)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.post(reverse("portal:login"), {"code": code, "pin": ""})
    response = client.post(reverse("portal:set_pin"), {"pin": "۵۸۳۹۲۰", "pin_repeat": "٥٨٣٩٢٠"})
    assert response.status_code == 302, response.content.decode()[:300]
    client.post(reverse("portal:logout"))
    response = client.post(reverse("portal:login"), {"code": code, "pin": "583920"})
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")


@pytest.mark.django_db
def test_wrong_pins_lock_the_login(portal_world):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    for _ in range(PIN_FAILURE_LIMIT):
        response = client.post(reverse("portal:login"), {"code": portal_world["code"], "pin": "000111"})
    assert "Too many wrong PINs" in response.content.decode()
    response = client.post(reverse("portal:login"), {"code": portal_world["code"], "pin": DEMO_PIN})
    assert response.status_code == 400 and "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_unknown_code_says_the_same_as_a_wrong_pin(portal_world):
    response = Client(HTTP_ACCEPT_LANGUAGE="en").post(reverse("portal:login"), {"code": "AAAA-BBBB-CCCC", "pin": "5"})
    assert response.status_code == 400 and "The code or the PIN is not right." in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_every_page_is_small_and_shows_only_own_data(portal_client, portal_world, name):
    response = portal_client.get(reverse(name))
    body = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert len(response.content) < 200_000
    assert "Samir" not in body and portal_world["other"]["participant"].case_number not in body


@pytest.mark.django_db
def test_plan_timetable_and_documents_show_the_records(portal_client, portal_world):
    # An Arabic reader without an Arabic title yet gets the English one, marked as English: never German.
    plan = portal_client.get(reverse("portal:plan")).content.decode()
    assert '<span lang="en" dir="ltr" class="fallback">Machine sewing basics</span>' in plan
    assert "Grundlagen Maschinennähen" not in plan
    meeting = portal_world["own"]["session"].meetings.order_by("date").last()
    Meeting.objects.filter(pk=meeting.pk).update(date=timezone.localdate() + dt.timedelta(days=3))
    timetable = portal_client.get(reverse("portal:timetable")).content.decode()
    assert "https://www.openstreetmap.org/search?query=" in timetable and "Machine sewing basics" in timetable
    assert "Grundlagen Maschinennähen" not in timetable
    documents = portal_client.get(reverse("portal:documents")).content.decode()
    own = portal_world["own"]["certificate"]
    assert reverse("portal:certificate_pdf", kwargs={"pk": own.pk}) in documents


@pytest.mark.django_db
def test_another_participants_certificate_is_404(portal_client, portal_world):
    other = portal_world["other"]["certificate"]
    for name in ("portal:certificate_pdf", "portal:certificate_credential"):
        assert portal_client.get(reverse(name, kwargs={"pk": other.pk})).status_code == 404


@pytest.mark.django_db
def test_own_credential_downloads(portal_client, portal_world):
    own = portal_world["own"]["certificate"]
    response = portal_client.get(reverse("portal:certificate_credential", kwargs={"pk": own.pk}))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/ld+json")


@pytest.mark.django_db
def test_participant_reaches_no_staff_page(portal_client, portal_world):
    pk = portal_world["own"]["participant"].pk
    for url in (reverse("participants:case_file", kwargs={"pk": pk}), reverse("participants:caseload"),
                reverse("portal:plan_agreement", kwargs={"pk": pk})):
        assert portal_client.get(url).status_code == 403


@pytest.mark.django_db
def test_staff_reach_no_portal_page(client_for, counsellor_a, portal_world):
    client = client_for(counsellor_a)
    assert client.get(reverse("portal:home")).status_code == 403


@pytest.mark.django_db
def test_participant_login_without_account_sees_nothing(client_for, participant_user, portal_world):
    assert client_for(participant_user).get(reverse("portal:home")).status_code == 404


@pytest.mark.django_db
def test_arabic_is_right_to_left(portal_client, portal_world):
    portal_client.post(reverse("portal:language"), {"language": "ar", "next": reverse("portal:plan")})
    body = portal_client.get(reverse("portal:plan")).content.decode()
    assert re.search(r'<html lang="ar" dir="rtl">', body)
    assert PortalAccount.objects.get(pk=portal_world["account"].pk).language == "ar"
    portal_client.post(reverse("portal:language"), {"language": "tr", "next": "https://evil.example/"})
    assert '<html lang="tr" dir="ltr">' in portal_client.get(reverse("portal:home")).content.decode()


@pytest.mark.django_db
def test_language_switch_redirects_only_inside_the_portal(portal_world):
    client = Client()
    response = client.post(reverse("portal:language"), {"language": "fa", "next": "//evil.example/"})
    assert response["Location"] == reverse("portal:login")
    assert '<html lang="fa" dir="rtl">' in client.get(reverse("portal:login")).content.decode()


@pytest.mark.django_db
def test_self_assessment_keeps_answers_on_error_and_saves_as_self(portal_client, portal_world):
    response = portal_client.post(reverse("portal:self_assessment"), {"sewing": "3"})
    assert response.status_code == 400
    assert 'name="sewing" value="3" checked' in response.content.decode()
    data = {question.key: "1" for question in QUESTIONS} | {"sewing": "4", "school": "3"}
    response = portal_client.post(reverse("portal:self_assessment"), data)
    assert response.status_code == 302
    ratings = SkillRating.objects.filter(assessment__participant=portal_world["own"]["participant"])
    assert ratings.count() == len(QUESTIONS) and {r.source for r in ratings} == {EvidenceSource.SELF}


@pytest.mark.django_db
def test_invitation_handout_shows_code_once_with_qr(client_for, counsellor_a, portal_world):
    participant = portal_world["other"]["participant"]
    response = client_for(counsellor_a).post(reverse("portal:invitation_create", kwargs={"pk": participant.pk}))
    body = response.content.decode()
    account = PortalAccount.objects.get(participant=participant)
    code = re.search(r'class="code"><bdi>([A-Z0-9-]+)</bdi>', body).group(1)
    assert body.count(code) == 2  # participant's language and German
    assert 'src="data:image/svg+xml' in body and account.language == "ar" and 'dir="rtl"' in body
    assert Client().post(reverse("portal:login"), {"code": code, "pin": ""})["Location"] == reverse("portal:set_pin")


@pytest.mark.django_db
def test_counsellor_of_another_site_cannot_invite(client_for, counsellor_b, portal_world):
    participant = portal_world["other"]["participant"]
    response = client_for(counsellor_b).post(reverse("portal:invitation_create", kwargs={"pk": participant.pk}))
    assert response.status_code == 404 and not PortalAccount.objects.filter(participant=participant).exists()


@pytest.mark.django_db
def test_plan_agreement_shows_farsi_beside_german(client_for, counsellor_a, portal_world):
    pk = portal_world["own"]["participant"].pk
    url = reverse("portal:plan_agreement", kwargs={"pk": pk}) + "?language=fa"
    body = client_for(counsellor_a).get(url).content.decode()
    assert 'lang="fa" dir="rtl"' in body and 'lang="de" dir="ltr"' in body
    # German in the German column only; the Persian column has no Persian title yet: English, marked.
    assert body.count("Grundlagen Maschinennähen") == 1, body
    assert '<span lang="en" dir="ltr" class="fallback">Machine sewing basics</span>' in body


@pytest.mark.django_db
def test_questionnaire_side_by_side(client_for, counsellor_a, portal_world):
    pk = portal_world["own"]["participant"].pk
    url = reverse("portal:questionnaire", kwargs={"pk": pk}) + "?language=ti"
    body = client_for(counsellor_a).get(url).content.decode()
    assert 'lang="ti" dir="ltr"' in body and body.count("pictograms/sewing.svg") == 2


@pytest.mark.django_db
def test_case_file_offers_the_invitation(client_for, counsellor_a, portal_world):
    own = portal_world["own"]["participant"]
    body = client_for(counsellor_a).get(reverse("participants:case_file", kwargs={"pk": own.pk})).content.decode()
    assert reverse("portal:invitation_create", kwargs={"pk": own.pk}) in body
    assert "In use since" in body and reverse("portal:plan_agreement", kwargs={"pk": own.pk}) in body


@pytest.mark.django_db
def test_case_file_tells_staff_the_participants_language_is_unreviewed(client_for, counsellor_a, portal_world):
    """Arabic's catalogue says X-Reviewed-By-Native-Speaker: no; German is a staff language."""
    own = portal_world["own"]["participant"]
    url = reverse("participants:case_file", kwargs={"pk": own.pk})
    portal_language_set(account=portal_world["account"], language="ar")
    body = client_for(counsellor_a).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "pages in العربية have not yet been reviewed by a native speaker" in body
    portal_language_set(account=portal_world["account"], language="de")
    body = client_for(counsellor_a).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "reviewed by a native speaker" not in body


@pytest.mark.django_db
def test_home_lists_unanswered_follow_ups(portal_client, portal_world):
    from returns.models import FollowUp

    due = timezone.localdate() + dt.timedelta(days=90)
    FollowUp.objects.create(participant=portal_world["own"]["participant"], kind="m3", due_on=due)
    FollowUp.objects.create(participant=portal_world["other"]["participant"], kind="m6", due_on=due)
    portal_client.post(reverse("portal:language"), {"language": "en", "next": reverse("portal:home")})
    body = portal_client.get(reverse("portal:home")).content.decode()
    assert body.count("Questionnaire due on") == 1


def test_a_due_follow_up_opens_from_the_portal_and_only_ones_own(portal_client, portal_world, counsellor_a):
    from participants.tests.factories import ConsentFactory
    from returns.models import FollowUpKind
    from returns.tests.factories import FollowUpFactory

    own, other = portal_world["own"]["participant"], portal_world["other"]["participant"]
    for person in (own, other):
        ConsentFactory(participant=person, purpose="follow_up", recorded_by=counsellor_a)
    today = timezone.localdate()
    due = FollowUpFactory(participant=own, kind=FollowUpKind.MONTH_3, due_on=today)
    later = FollowUpFactory(participant=own, kind=FollowUpKind.MONTH_12, due_on=today + dt.timedelta(days=270))
    foreign = FollowUpFactory(participant=other, kind=FollowUpKind.MONTH_3, due_on=today)

    home = portal_client.get(reverse("portal:home")).content.decode()
    assert reverse("portal:follow_up_open", args=[due.pk]) in home
    assert reverse("portal:follow_up_open", args=[later.pk]) not in home  # not open yet

    response = portal_client.post(reverse("portal:follow_up_open", args=[due.pk]))
    assert response.status_code == 302 and response["Location"].startswith("/returns/survey/")
    survey = portal_client.get(response["Location"])
    assert survey.status_code == 200
    due.refresh_from_db()
    assert due.language == portal_world["account"].language and due.token_hash

    assert portal_client.post(reverse("portal:follow_up_open", args=[later.pk])).status_code == 404
    assert portal_client.post(reverse("portal:follow_up_open", args=[foreign.pk])).status_code == 404
    assert portal_client.get(reverse("portal:follow_up_open", args=[due.pk])).status_code == 405


# --- the participant's language before login completes, and module names in it ------------------


@pytest.mark.django_db
def test_pin_setup_is_in_the_invited_participants_language(portal_world, counsellor_a):
    """A Dari reader (served the Persian catalogue) on a phone set to German: from the moment the
    code says who it is, every page is Persian: PIN setup, its errors, home."""
    participant = portal_world["other"]["participant"]
    participant.languages = ["prs", "de"]
    participant.save(update_fields=["languages"])
    _account, code = portal_invite(participant=participant, acting_user=counsellor_a)
    client = Client(HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
    assert '<html lang="de"' in client.get(reverse("portal:login")).content.decode()  # nobody known yet
    client.post(reverse("portal:login"), {"code": code, "pin": ""})
    response = client.get(reverse("portal:set_pin"))
    body = response.content.decode()
    assert response["Content-Language"] == "fa" and '<html lang="fa" dir="rtl">' in body
    assert "رمز PIN خود را انتخاب کنید" in body and "Wählen Sie" not in body
    response = client.post(reverse("portal:set_pin"), {"pin": "583920", "pin_repeat": "583921"})
    assert response.status_code == 400 and response["Content-Language"] == "fa"
    response = client.post(reverse("portal:set_pin"), {"pin": "583920", "pin_repeat": "583920"}, follow=True)
    assert response["Content-Language"] == "fa" and '<html lang="fa" dir="rtl">' in response.content.decode()


@pytest.mark.django_db
def test_the_invitation_link_opens_the_login_in_the_participants_language(portal_world):
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    response = client.get(reverse("portal:login") + "?language=fa")
    assert response["Content-Language"] == "fa"
    # Remembered for the next pages before login (the code and PIN pages).
    assert client.get(reverse("portal:login"))["Content-Language"] == "fa"
    assert Client(HTTP_ACCEPT_LANGUAGE="de").get(reverse("portal:login") + "?language=xx")["Content-Language"] == "de"


@pytest.mark.django_db
@pytest.mark.parametrize("language", PARTICIPANT_LANGUAGES)
def test_the_error_summary_heading_reads_in_every_participant_language(language):
    """Issue 24: a failed login's summary heading was the staff wording, untranslated."""
    client = Client()
    client.get(reverse("portal:login") + f"?language={language}")
    body = client.post(reverse("portal:login"), {"code": "", "pin": ""}).content.decode()
    heading = re.search(r'<h2 id="error-summary-title">([^<]+)</h2>', body)
    with translation.override(language):
        expected = pgettext("participant", "Please check the following:")
    assert heading and heading.group(1) == escape(expected)
    assert (expected != "Please check the following:") == (language != "en"), expected
    assert html_error_summary_problems(body, invalid={"code"}) == []


@pytest.mark.django_db
def test_the_handout_qr_code_carries_the_language(client_for, counsellor_a, portal_world, monkeypatch):
    import segno

    made: list[str] = []
    real_make = segno.make
    def recording_make(content: str, **kwargs: object) -> object:
        made.append(content)
        return real_make(content, **kwargs)

    monkeypatch.setattr(segno, "make", recording_make)
    participant = portal_world["other"]["participant"]
    client_for(counsellor_a).post(reverse("portal:invitation_create", kwargs={"pk": participant.pk}))
    assert re.fullmatch(r"http://testserver/portal/login/\?language=ar#code=[A-Z0-9]+", made[-1]), made


@pytest.mark.django_db
def test_module_names_in_the_participants_language(portal_client, portal_world, client_for, counsellor_a):
    from catalogue.models import ModuleTranslation

    module = portal_world["own"]["session"].module
    ModuleTranslation.objects.create(module=module, language="ar", title="أساسيات الخياطة بالآلة",
                                     learning_outcomes="تشغيل ماكينة الخياطة")
    ModuleTranslation.objects.create(module=module, language="fa", title="مبانی خیاطی با چرخ")
    plan = portal_client.get(reverse("portal:plan")).content.decode()
    assert "أساسيات الخياطة بالآلة" in plan and "تشغيل ماكينة الخياطة" in plan
    assert "Machine sewing basics" not in plan and "Grundlagen Maschinennähen" not in plan
    pk = portal_world["own"]["participant"].pk
    agreement = client_for(counsellor_a).get(reverse("portal:plan_agreement", kwargs={"pk": pk}) + "?language=fa")
    body = agreement.content.decode()
    assert "مبانی خیاطی با چرخ" in body and "Grundlagen Maschinennähen" in body
