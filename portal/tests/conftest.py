"""A participant of site A with a full path (plan, session, attendance, certificate) and a
portal account, and a second participant of site A with their own certificate."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from catalogue.tests.factories import ModuleFactory
from certificates.services import certificate_issue
from participants.tests.factories import ParticipantFactory
from plans import services as plan_services
from portal.services import portal_invite, portal_pin_set
from scheduling.services import session_enrol
from scheduling.tests.factories import make_session
from training.services import attendance_record, result_record

DEMO_PIN = "294716"


def _with_certificate(*, manager, counsellor, instructor, site, module, name: str) -> dict[str, Any]:
    today = timezone.localdate()
    participant = ParticipantFactory(site=site, counsellor=counsellor, first_name=name, languages=["ar"])
    plan = plan_services.plan_start(acting_user=counsellor, participant=participant)
    plan_services.plan_add_module(acting_user=counsellor, plan=plan, module=module)
    plan_services.plan_finalise(acting_user=counsellor, plan=plan, agreed_on=today)
    session = make_session(
        manager=manager, module=module, site=site, instructor=instructor, starts_on=today - dt.timedelta(days=6)
    )
    enrolment = session_enrol(acting_user=counsellor, session=session, participant=participant)
    for meeting in session.meetings.filter(date__lte=today):
        attendance_record(acting_user=instructor, meeting=meeting, today=today, statuses={enrolment.pk: "present"})
    result_record(acting_user=instructor, session=session, outcomes={enrolment.pk: "passed"}, recorded_on=today)
    certificate = certificate_issue(acting_user=counsellor, participant=participant)
    return {"participant": participant, "plan": plan, "session": session, "certificate": certificate}


@pytest.fixture
def portal_world(manager, counsellor_a, instructor_a, site_a) -> dict[str, Any]:
    module = ModuleFactory(code="SEW-101", title_en="Machine sewing basics", title_de="Grundlagen Maschinennähen")
    own = _with_certificate(manager=manager, counsellor=counsellor_a, instructor=instructor_a, site=site_a,
                            module=module, name="Layla")
    other = _with_certificate(manager=manager, counsellor=counsellor_a, instructor=instructor_a, site=site_a,
                              module=module, name="Samir")
    account, code = portal_invite(participant=own["participant"], acting_user=counsellor_a)
    account = portal_pin_set(account=account, pin=DEMO_PIN)
    return {"own": own, "other": other, "account": account, "code": code}


@pytest.fixture
def portal_client(portal_world) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(portal_world["account"].user)
    return client
