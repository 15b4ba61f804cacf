"""Erasure leaves nothing behind (issue 15): a person who used every feature is erased, then no
table holds a personal value, no file is left, the portal refuses them and the funder figures
stay the same.

The search is generic: every text, JSON and date column of every model (apps.get_models()),
decrypted where encrypted. Before the erasure the same search must find every value, so the
test proves its own reach."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session as WebSession
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from assessments.models import Availability, EscoSkill, TryOut
from assessments.services import assessment_create
from cases.services import programme_exit_record
from catalogue.tests.factories import ModuleFactory
from certificates.services import certificate_issue
from feedback.models import SurveyResponse
from feedback.services import survey_answer, survey_links_issue
from participants.models import ConsentPurpose, ExitReason, Participant
from participants.services import consent_record, contact_note_add, eligibility_record
from participants.tests.factories import ParticipantFactory
from plans import services as plan_services
from plans.models import Plan
from portal.models import PortalAccount
from portal.services import portal_invite, portal_pin_set
from privacy.pdf import participant_export_pdf
from privacy.selectors import participant_export_data
from privacy.services import ErasureReason, participant_anonymise
from privacy.tests.test_pdf import _text as pdf_text
from reporting.indicators import programme_figures
from reporting.periods import Period
from returns import services as return_services
from returns.models import FollowUp, Handover
from returns.scoring import QUESTIONS
from returns.tests.factories import OrganisationFactory
from scheduling.services import scheduling_profile_set_earliest_start, session_enrol
from scheduling.tests.factories import make_session
from training import services as training_services
from training.models import Attendance
from training.services import AttendanceEntry, attendance_record, result_record

pytestmark = pytest.mark.django_db

FIRST, LAST = "Zarlasht", "Qaderiyan"
BIRTH = dt.date(1988, 7, 14)
FREE_TEXTS = {
    "health": "Asthma-Zq, no work with dust",
    "needs": "Prayer breaks at noon-Zq",
    "counselling": "Talked about the brother in Kandahar-Zq",
    "eligibility": "Duldung checked at the Ausländerbehörde-Zq",
    "assessment": "Worked in the uncle's shop in Herat-Zq",
    "work": "Tailor in Herat-Zq",
    "skill": "Hand stitching-Zq",
    "tryout": "Nervous at first-Zq",
    "plan": "Wants to open a workshop at home-Zq",
    "absence": "Kardiologie appointment-Zq",
    "correction": "Certificate brought in late-Zq",
    "return": "Father in hospital-Zq",
    "region": "Guzara district-Zq",
    "business_idea": "Tailoring shop with two machines-Zq",
    "handover_needs": "Start-up loan and a sewing machine-Zq",
    "contact": "WhatsApp evenings only-Zq",
    "response": "We will call her on the 3rd-Zq",
    "signature": "M17 23 L37 43 L57 49 M67 63 L97 89",
    "proof": "sick-note-Zq.png",
    "scan": "day-list-Zq.png",
}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PIN = "294716"
PROOF_UPLOADS = 27  # the issue's count: 27 uploads against one day


def _needles() -> list[str]:
    return [FIRST, LAST, BIRTH.isoformat(), BIRTH.strftime("%d.%m.%Y"), *FREE_TEXTS.values()]


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def personal_values_found() -> set[tuple[str, str, str]]:
    """(model, column, value) for every needle in any text/JSON column, and the exact birth date
    in any date column, over every model Django knows."""
    found = set()
    needles = _needles()
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        texts = [f for f in model._meta.concrete_fields if isinstance(f, models.CharField | models.TextField |
                                                                        models.JSONField)]
        dates = [f for f in model._meta.concrete_fields if type(f) is models.DateField]
        for field in texts:
            for value in model._default_manager.values_list(field.attname, flat=True).iterator():
                if value in (None, "", {}, []):
                    continue
                text = _text(value)
                found |= {(model._meta.label, field.name, needle) for needle in needles if needle in text}
        for date_field in dates:
            if model._default_manager.filter(**{date_field.attname: BIRTH}).exists():
                found.add((model._meta.label, date_field.name, BIRTH.isoformat()))
    return found


def _files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


@pytest.fixture
def everything(manager, counsellor_a, instructor_a, site_a, django_capture_on_commit_callbacks) -> dict[str, Any]:
    """A person who used every feature, built through the services; a second person beside them."""
    today = timezone.localdate()
    person = ParticipantFactory(
        site=site_a, counsellor=counsellor_a, first_name=FIRST, last_name=LAST, date_of_birth=BIRTH,
        languages=["fa", "ps"], has_health_limits=True, health_notes=FREE_TEXTS["health"],
        needs_notes=FREE_TEXTS["needs"], intake_date=today - dt.timedelta(days=120),
        planned_departure=today + dt.timedelta(days=60),
    )
    bystander = ParticipantFactory(site=site_a, counsellor=counsellor_a, first_name="Samir")
    for purpose in ConsentPurpose.values:
        consent_record(acting_user=counsellor_a, participant=person, purpose=purpose,
                       given_on=today - dt.timedelta(days=119))
    eligibility_record(acting_user=counsellor_a, participant=person, basis="other",
                       checked_on=today - dt.timedelta(days=118), note=FREE_TEXTS["eligibility"])
    contact_note_add(acting_user=counsellor_a, participant=person, kind="participant",
                     contacted_on=today - dt.timedelta(days=117), text=FREE_TEXTS["counselling"])
    assessment_create(
        acting_user=counsellor_a, participant=person, education_level=3, education_years=12,
        assessed_on=today - dt.timedelta(days=110), notes=FREE_TEXTS["assessment"],
        work_history=[{"occupation": FREE_TEXTS["work"], "years": Decimal("4.5")}],
        skills=[{"skill": FREE_TEXTS["skill"], "level": 3}], languages=[{"language": "fa", "level": "C2"}],
    )
    skill = EscoSkill.objects.create(uri="urn:test:skill:erasure", label_en="stitching", label_de="Nähen")
    TryOut.objects.create(participant=person, site=site_a, esco_skill=skill, level=2,
                          tried_on=today - dt.timedelta(days=105), notes=FREE_TEXTS["tryout"],
                          instructor=instructor_a)
    Availability.objects.create(participant=person, weekdays=[0, 2], updated_by=counsellor_a)
    scheduling_profile_set_earliest_start(acting_user=counsellor_a, participant=person,
                                          earliest_start=today - dt.timedelta(days=30))

    module = ModuleFactory(code="SEW-951", title_de="Nähen", title_en="Sewing")
    plan = plan_services.plan_start(acting_user=counsellor_a, participant=person)
    plan_services.plan_add_module(acting_user=counsellor_a, plan=plan, module=module)
    plan_services.plan_finalise(acting_user=counsellor_a, plan=plan, agreed_on=today - dt.timedelta(days=20))
    Plan.objects.filter(pk=plan.pk).update(reason=FREE_TEXTS["plan"])
    other_plan = plan_services.plan_start(acting_user=counsellor_a, participant=bystander)
    plan_services.plan_add_module(acting_user=counsellor_a, plan=other_plan, module=module)
    plan_services.plan_finalise(acting_user=counsellor_a, plan=other_plan, agreed_on=today - dt.timedelta(days=20))
    session = make_session(manager=manager, module=module, site=site_a, instructor=instructor_a,
                           starts_on=today - dt.timedelta(days=10))
    enrolment = session_enrol(acting_user=counsellor_a, session=session, participant=person)
    other = session_enrol(acting_user=counsellor_a, session=session, participant=bystander)
    meetings = list(session.meetings.filter(date__lte=today).order_by("date"))
    first, second = meetings[0], meetings[1]
    attendance_record(
        acting_user=instructor_a, meeting=first, today=today,
        entries={enrolment.pk: AttendanceEntry(status="excused", absence_reason=FREE_TEXTS["absence"]),
                 other.pk: AttendanceEntry(status="present")},
    )
    absent = Attendance.objects.get(meeting=first, enrolment=enrolment)
    with django_capture_on_commit_callbacks(execute=True):  # each upload commits on its own
        for _ in range(PROOF_UPLOADS):
            with django_capture_on_commit_callbacks(execute=True):
                absent = training_services.attendance_proof_attach(
                    acting_user=instructor_a, attendance=absent, name=FREE_TEXTS["proof"], content=PNG
                )
    for meeting in meetings[1:]:
        attendance_record(
            acting_user=instructor_a, meeting=meeting, today=today,
            entries={enrolment.pk: AttendanceEntry(status="present", signature=FREE_TEXTS["signature"]),
                     other.pk: AttendanceEntry(status="present")},
        )
    for _ in range(2):  # a scan replaced by a newer one: the earlier file stays on disk by design
        training_services.attendance_scan_attach(acting_user=instructor_a, meeting=second,
                                                 name=FREE_TEXTS["scan"], content=PNG)
    training_services.attendance_day_countersign(acting_user=instructor_a, meeting=second, signature="M1 1 L2 2")
    result_record(acting_user=instructor_a, session=session, outcomes={enrolment.pk: "passed"}, recorded_on=today)
    certificate = certificate_issue(acting_user=counsellor_a, participant=person)
    # corrected after the certificate (the rule counted the day as attended)
    present = Attendance.objects.get(meeting=second, enrolment=enrolment)
    training_services.attendance_correct(
        acting_user=instructor_a, attendance=present,
        entry=AttendanceEntry(status="excused", absence_reason=FREE_TEXTS["absence"]),
        reason=FREE_TEXTS["correction"],
    )
    # A replaced proof from before replacing deleted the old file: named by no row.
    legacy = Path(settings.MEDIA_ROOT) / training_services.PROOF_FOLDER / "0123456789abcdef.png"
    legacy.write_bytes(PNG)
    an_hour_ago = time.time() - 2 * 3600
    os.utime(legacy, (an_hour_ago, an_hour_ago))

    [link] = [issued for issued in survey_links_issue(acting_user=instructor_a, session=session)
              if issued.enrolment == enrolment]
    survey_answer(token=link.token, ratings={"overall": 5, "usefulness": 4, "instructor_rating": 5,
                                             "practice": 4, "understanding": 3}, today=today)

    programme_exit_record(acting_user=counsellor_a, participant=person, left_on=today - dt.timedelta(days=2),
                          reason=ExitReason.WORK)
    return_services.return_record(
        acting_user=counsellor_a, participant=person, status="returned", status_date=today,
        actual_departure=today, reason=FREE_TEXTS["return"], today=today,
        destination_region=FREE_TEXTS["region"],
    )
    partner = OrganisationFactory()
    handover, partner_token = return_services.handover_create(
        acting_user=counsellor_a, participant=person, organisation=partner,
        business_idea=FREE_TEXTS["business_idea"], needs=FREE_TEXTS["handover_needs"],
        contact_preferences=FREE_TEXTS["contact"], now=timezone.now(),
    )
    return_services.handover_respond(handover=handover, accept=True, note=FREE_TEXTS["response"], now=timezone.now())
    baseline = return_services.follow_up_baseline(acting_user=counsellor_a, participant=person)
    return_services.follow_up_answer(follow_up=baseline, answers={q.key: q.options[0] for q in QUESTIONS},
                                     channel="phone", answered_on=today, acting_user=counsellor_a)

    account, code = portal_invite(participant=person, acting_user=counsellor_a)
    portal_pin_set(account=account, pin=PIN)
    portal = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = portal.post(reverse("portal:login"), {"code": code, "pin": PIN})
    assert response.status_code == 302 and portal.get(reverse("portal:home")).status_code == 200
    return {
        "person": person, "bystander": bystander, "certificate": certificate, "code": code, "portal": portal,
        "account": account, "handover": handover, "partner_token": partner_token, "plan": plan,
    }


def _erase(manager, person: Participant, capture) -> None:
    with capture(execute=True):
        participant_anonymise(acting_user=manager, participant=person, reason=ErasureReason.REQUEST)


def _figures() -> Any:
    today = timezone.localdate()
    return programme_figures(period=Period(today - dt.timedelta(days=365), today + dt.timedelta(days=365)))


def test_erasure_leaves_no_personal_value_no_file_and_no_login(
    everything, manager, django_capture_on_commit_callbacks
):
    person = everything["person"]
    before = personal_values_found()
    # every value is stored somewhere (the German form of the birth date is only looked for)
    reached = {needle for _model, _field, needle in before}
    assert set(_needles()) - {BIRTH.strftime("%d.%m.%Y")} <= reached, "the search must reach every value"
    proofs = [path for path in _files() if training_services.PROOF_FOLDER in str(path)]
    # 27 uploads against one day: the current proof and the legacy orphan, not 26 replaced ones
    assert len(proofs) == 2
    assert len(_files()) == 4  # + two scans of the same day
    assert FollowUp.objects.get(participant=person, kind="baseline").answers
    figures_before = _figures()
    # the bystander started too
    assert (figures_before.started, figures_before.qualified, figures_before.returned) == (2, 1, 1)
    surveys_before = SurveyResponse.objects.count()

    _erase(manager, person, django_capture_on_commit_callbacks)

    assert personal_values_found() == set()
    assert _files() == []
    assert FollowUp.objects.get(participant=person, kind="baseline").answers == {}
    # the figures count the same rows
    assert _figures() == figures_before
    assert SurveyResponse.objects.count() == surveys_before
    # the portal: the login is disabled, its sessions are gone, code and PIN are refused
    account = PortalAccount.objects.select_related("user").get(pk=everything["account"].pk)
    assert account.user.is_active is False
    assert not [s for s in WebSession.objects.all() if s.get_decoded().get("_auth_user_id") == str(account.user.pk)]
    stranger = Client(HTTP_ACCEPT_LANGUAGE="en")
    refused = stranger.post(reverse("portal:login"), {"code": everything["code"], "pin": PIN})
    assert refused.status_code == 400 and "_auth_user_id" not in stranger.session
    certificate = everything["certificate"]
    for url in [
        reverse("portal:home"), reverse("portal:plan"), reverse("portal:attendance"), reverse("portal:documents"),
        reverse("portal:certificate_pdf", args=[certificate.pk]),
        reverse("portal:certificate_credential", args=[certificate.pk]),
    ]:
        response = everything["portal"].get(url)
        assert response.status_code in (302, 404), url
    # the partner's link no longer shows a package
    partner_page = Client().get(reverse("returns:partner", args=[everything["partner_token"]]))
    shown = partner_page.content.decode()
    assert FIRST not in shown and FREE_TEXTS["business_idea"] not in shown
    assert Handover.objects.get(pk=everything["handover"].pk).expires_at <= timezone.now()


def test_the_export_holds_what_the_erasure_removes(everything, manager, django_capture_on_commit_callbacks):
    """Hand-overs, follow-up answers, absence reasons, corrections and the portal account are in
    the person's export (they slipped through before); after erasure none of it is."""
    person = everything["person"]
    data = participant_export_data(participant=person, generated_at=timezone.now())
    dumped = json.dumps(data, ensure_ascii=False)
    not_exported = {FREE_TEXTS["signature"], FREE_TEXTS["scan"]}  # drawing data; the day's list is not theirs
    assert [needle for needle in _needles()[4:] if needle not in dumped and needle not in not_exported] == []
    assert data["follow_ups"][0]["answers"] and data["portal_account"]["pin_set_at"]
    assert data["handovers"][0]["state"] == "accepted" and data["scheduling"]["earliest_start"]
    _erase(manager, person, django_capture_on_commit_callbacks)
    dumped = json.dumps(participant_export_data(participant=person, generated_at=timezone.now()), ensure_ascii=False)
    assert [needle for needle in _needles() if needle in dumped] == []


def test_even_a_logged_in_portal_user_reactivated_by_mistake_sees_nothing(
    everything, manager, django_capture_on_commit_callbacks
):
    """Belt and braces: the access layer itself refuses an erased person's account."""
    _erase(manager, everything["person"], django_capture_on_commit_callbacks)
    User.objects.filter(pk=everything["account"].user_id).update(is_active=True)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(User.objects.get(pk=everything["account"].user_id))
    assert client.get(reverse("portal:home")).status_code == 404
    assert client.get(reverse("portal:certificate_pdf", args=[everything["certificate"].pk])).status_code == 404


def test_a_rolled_back_erasure_keeps_the_files(everything, manager, django_capture_on_commit_callbacks):
    files = _files()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        participant_anonymise(acting_user=manager, participant=everything["person"], reason=ErasureReason.REQUEST)
    assert callbacks  # deletion waits for the commit …
    assert _files() == files  # … so a rollback would find every file in place


def test_verification_page_of_an_erased_person_names_no_one_and_still_states_validity(
    everything, manager, django_capture_on_commit_callbacks
):
    """The page belongs to certificates/ (branch h3-credentials); this is erasure's requirement of it."""
    person = everything["person"]
    case_number = person.case_number
    _erase(manager, person, django_capture_on_commit_callbacks)
    number = everything["certificate"].number
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get(reverse("certificates:verify", args=[number]))
    assert response.status_code == 200
    page = response.content.decode()
    for hidden in [FIRST, LAST, case_number, BIRTH.isoformat(), BIRTH.strftime("%d.%m.%Y"), "1988-01-01",
                   "01.01.1988", "1988"]:
        assert hidden not in page, hidden
    assert "valid" in page.lower() or "gültig" in page.lower()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_the_pdf_export_shows_hand_overs_follow_ups_and_absence_reasons(everything, tmp_path):
    data = participant_export_data(participant=everything["person"], generated_at=timezone.now())
    text = pdf_text(participant_export_pdf(data=data), tmp_path)
    for expected in [
        FREE_TEXTS["business_idea"], FREE_TEXTS["response"], FREE_TEXTS["absence"], "Hand-overs to partners",
        "Follow-up surveys", "Participant portal", "Scheduling", FIRST,
    ]:
        assert expected in text, expected
