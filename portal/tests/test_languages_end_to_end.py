"""One participant per language, end to end: the portal pages, the questionnaire and the
certificate come out in that language (or the stated fallback), right to left where the
script is, with the plural forms for 1, 2, 5 and 11 and the glossary's terms; the PIN is
chosen in ASCII digits and logs in typed in Eastern Arabic digits.

The expected wording is read independently of Django's rendering: from the compiled
catalogues through Python's own `gettext` module (plural choice included), from the .po
files, from `certificates/labels.py` and from `languages/glossary.py`.
"""

from __future__ import annotations

import datetime as dt
import gettext
import html
from dataclasses import dataclass
from decimal import Decimal

import pytest
from babel.numbers import format_decimal
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catalogue.tests.factories import ModuleFactory
from certificates.labels import LABELS
from certificates.pdf import certificate_html
from certificates.selectors import certificate_document
from certificates.services import certificate_issue
from feedback.services import survey_links_issue
from languages.catalogues import catalogue_folder
from languages.glossary import Term, forms
from languages.serbian import to_latin
from participants.tests.factories import ParticipantFactory
from plans import services as plan_services
from portal.services import portal_invite, portal_language_set
from scheduling.services import session_enrol
from scheduling.tests.factories import make_session
from training.services import attendance_record, result_record

HOURS = (1, 2, 5, 11)
PIN = "583920"
EASTERN_ARABIC = "٠١٢٣٤٥٦٧٨٩"


@dataclass(frozen=True)
class Reader:
    name: str
    spoken: tuple[str, ...]
    portal: str  # the portal language expected (or the stated fallback)
    certificate: str  # the certificate's third block expected ("en": none)
    rtl: bool
    chosen: str | None = None  # a language the participant chose in the portal's switcher
    gender: str = "x"  # as intake records it: "x" not stated


READERS = [
    Reader("Turkish", ("tr",), "tr", "tr", rtl=False),
    Reader("Arabic", ("ar",), "ar", "ar", rtl=True, gender="f"),  # addressed in the feminine
    Reader("Kurmanji", ("kmr",), "ku", "ku", rtl=False),
    # Sorani: no catalogue yet; the person's next language, never Kurmanji
    Reader("Sorani", ("ckb", "ar"), "ar", "ar", rtl=True),
    # Dari: the Persian catalogue on the portal, a Dari block on the certificate
    Reader("Dari", ("prs",), "fa", "prs", rtl=True),
    Reader("Pashto", ("ps",), "ps", "ps", rtl=True),
    Reader("Tigrinya", ("ti",), "ti", "ti", rtl=False),
    Reader("French", ("fr",), "fr", "fr", rtl=False),
    Reader("Russian", ("ru",), "ru", "ru", rtl=False),
    Reader("Georgian", ("ka",), "ka", "ka", rtl=False),
    Reader("Albanian", ("sq",), "sq", "sq", rtl=False),
    Reader("Serbian", ("sr",), "sr", "sr", rtl=False),
    # Serbian Latin, chosen per participant (switcher; the certificate language at issue)
    Reader("Serbian Latin", ("sr",), "sr-latn", "sr-latn", rtl=False, chosen="sr-latn"),
]

#: languages whose nouns change with the number: 1, 2, 5 and 11 must not all read alike
INFLECTING = {"ar": 3, "ru": 3, "sr": 3, "sr-latn": 3}  # ساعة ساعتان ساعات · час часа часов · сат сата сати


def _catalogue(language: str) -> gettext.NullTranslations:
    return gettext.translation("django", localedir=str(settings.BASE_DIR / "locale"),
                               languages=[catalogue_folder(language)])


def _glossary(language: str, term: Term) -> tuple[str, ...]:
    if language == "sr-latn":
        return tuple(to_latin(word) for word in forms("sr", term))
    return forms(language, term)


def _contains(page: str, words: tuple[str, ...]) -> bool:
    text = html.unescape(page).casefold()
    return any(word.casefold() in text for word in words)


@pytest.fixture
def modules_taught(manager, counsellor_a, instructor_a, site_a):
    """Four modules of 1, 2, 5 and 11 hours, one past session each with attendance and a pass
    for whoever is enrolled (enrolment happens per reader below)."""
    today = timezone.localdate()
    modules = [ModuleFactory(code=f"LNG-{hours:03d}", hours=Decimal(hours)) for hours in HOURS]
    sessions = [
        make_session(manager=manager, module=module, site=site_a, instructor=instructor_a,
                     starts_on=today - dt.timedelta(days=10), days=2, capacity=len(READERS) + 1)
        for module in modules
    ]
    return modules, sessions


def _participant_with_certificate(reader, modules, sessions, *, counsellor, instructor, site):
    today = timezone.localdate()
    participant = ParticipantFactory(site=site, counsellor=counsellor, first_name=reader.name.split()[0],
                                     languages=list(reader.spoken), gender=reader.gender)
    plan = plan_services.plan_start(acting_user=counsellor, participant=participant)
    for module in modules:
        plan_services.plan_add_module(acting_user=counsellor, plan=plan, module=module)
    plan_services.plan_finalise(acting_user=counsellor, plan=plan, agreed_on=today)
    for session in sessions:
        enrolment = session_enrol(acting_user=counsellor, session=session, participant=participant)
        for meeting in session.meetings.filter(date__lte=today):
            attendance_record(acting_user=instructor, meeting=meeting, today=today,
                              statuses={enrolment.pk: "present"})
        result_record(acting_user=instructor, session=session, outcomes={enrolment.pk: "passed"}, recorded_on=today)
    return participant


@pytest.mark.django_db
@pytest.mark.parametrize("reader", READERS, ids=[reader.name for reader in READERS])
def test_a_participant_reads_portal_questionnaire_and_certificate_in_their_language(
    reader, modules_taught, counsellor_a, instructor_a, site_a
):
    modules, sessions = modules_taught
    participant = _participant_with_certificate(reader, modules, sessions, counsellor=counsellor_a,
                                                instructor=instructor_a, site=site_a)
    certificate = certificate_issue(acting_user=counsellor_a, participant=participant,
                                    **({"language": reader.chosen} if reader.chosen else {}))
    account, code = portal_invite(participant=participant, acting_user=counsellor_a)
    if reader.chosen:
        portal_language_set(account=account, language=reader.chosen)
    catalogue = _catalogue(reader.portal)
    direction = "rtl" if reader.rtl else "ltr"

    # The PIN: chosen in ASCII digits, then typed on an Arabic keyboard.
    client = Client()
    client.post(reverse("portal:login"), {"code": code, "pin": ""})
    assert client.post(reverse("portal:set_pin"), {"pin": PIN, "pin_repeat": PIN}).status_code == 302
    client.post(reverse("portal:logout"))
    typed = "".join(EASTERN_ARABIC[int(digit)] for digit in PIN)
    response = client.post(reverse("portal:login"), {"code": code, "pin": typed})
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")

    # Home: the language, the direction, the return and hand-over terms, "1 document".
    home = client.get(reverse("portal:home")).content.decode()
    assert f'<html lang="{reader.portal}" dir="{direction}">' in home
    title = catalogue.pgettext("participant", "Return and hand-over")
    assert title != "Return and hand-over" and html.escape(title) in home
    assert _contains(home, _glossary(reader.portal, Term.RETURN))
    assert _contains(home, _glossary(reader.portal, Term.HANDOVER))
    one_document = catalogue.npgettext("participant", "%(count)s document", "%(count)s documents", 1) % {
        "count": format_decimal(1, locale=catalogue_folder(reader.portal))
    }
    assert html.escape(one_document) in home

    # Plan: hours in the plural form of 1, 2, 5 and 11, as the catalogue's own rule picks it.
    plan = html.unescape(client.get(reverse("portal:plan")).content.decode())
    shown = []
    for hours in HOURS:
        expected = catalogue.npgettext("participant", "%(hours)s hour", "%(hours)s hours", hours) % {
            "hours": format_decimal(hours, locale=catalogue_folder(reader.portal))
        }
        assert expected in plan, (reader.name, hours, expected)
        shown.append(expected.replace(format_decimal(hours, locale=catalogue_folder(reader.portal)), ""))
    if reader.portal in INFLECTING:
        assert len(set(shown)) == INFLECTING[reader.portal], shown
    assert _contains(plan, _glossary(reader.portal, Term.MODULE))
    assert _contains(plan, _glossary(reader.portal, Term.CERTIFICATE))

    # Attendance: "present … of … days" in the form for the number of days (all present).
    attendance = html.unescape(client.get(reverse("portal:attendance")).content.decode())
    days = sum(session.meetings.filter(date__lte=timezone.localdate()).count() for session in sessions)
    number = format_decimal(days, locale=catalogue_folder(reader.portal))
    expected = catalogue.npgettext(
        "participant", "Present %(present)s of %(total)s day", "Present %(present)s of %(total)s days", days
    ) % {"present": number, "total": number}
    assert expected in attendance, (reader.name, expected)

    # The questionnaire (self-assessment), in the same language and direction.
    questionnaire = client.get(reverse("portal:self_assessment")).content.decode()
    assert f'<html lang="{reader.portal}" dir="{direction}">' in questionnaire
    asked = catalogue.pgettext("participant", "What can you do?")
    if reader.gender == "f" and catalogue.pgettext("participant female", "What can you do?") != "What can you do?":
        asked = catalogue.pgettext("participant female", "What can you do?")
        assert asked != catalogue.pgettext("participant", "What can you do?")
    assert asked != "What can you do?" and html.escape(asked) in questionnaire

    # The course survey behind its one-time link (no login), in the survey language for the
    # person's spoken languages (Serbian Latin is a portal choice: the survey asks ?lang=).
    link = next(link for link in survey_links_issue(acting_user=counsellor_a, session=sessions[0])
                if link.enrolment.participant_id == participant.pk)
    survey_url = reverse("feedback:answer", kwargs={"token": link.token})
    survey = Client().get(survey_url + (f"?lang={reader.chosen}" if reader.chosen else "")).content.decode()
    assert f'lang="{reader.portal}" dir="{direction}"' in survey
    understood = catalogue.pgettext("participant", "Could you understand the lessons in their language?")
    assert understood != "Could you understand the lessons in their language?"
    assert html.escape(understood) in survey

    # The certificate: the third block in the language (or the stated fallback), its direction,
    # the glossary's word for "certificate".
    assert certificate.language == reader.certificate
    printed = certificate_html(document=certificate_document(certificate=certificate))
    assert f'class="third" lang="{reader.certificate}" dir="{direction}"' in printed
    assert LABELS[reader.certificate]["title_certificate"] in html.unescape(printed)
    assert _contains(printed, _glossary(reader.certificate, Term.CERTIFICATE))
