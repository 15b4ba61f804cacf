"""A session starting tomorrow with two participants who agreed to e-mail — one reads
Arabic (right to left), one German — and a real SMTP server the messages go to."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from catalogue.tests.factories import ModuleFactory
from notifications.services import channel_consent_give
from notifications.tests.smtp import Inbox, start
from participants.tests.factories import ParticipantFactory
from plans import services as plan_services
from scheduling.services import session_enrol
from scheduling.tests.factories import make_session


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    controller = start(inbox)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = controller.hostname
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.REINTEGRA_PUBLIC_URL = "https://reintegra.example"
    yield inbox
    controller.stop()


def _participant(*, counsellor, site, module, name: str, languages: list[str], email: str | None):
    today = timezone.localdate()
    participant = ParticipantFactory(site=site, counsellor=counsellor, first_name=name, last_name="Nachname",
                                     languages=languages)
    plan = plan_services.plan_start(acting_user=counsellor, participant=participant)
    plan_services.plan_add_module(acting_user=counsellor, plan=plan, module=module)
    plan_services.plan_finalise(acting_user=counsellor, plan=plan, agreed_on=today)
    consent = None
    if email:
        consent = channel_consent_give(acting_user=counsellor, participant=participant, channel="email",
                                       address=email, given_on=today)
    return participant, consent


@pytest.fixture
def world(manager, counsellor_a, instructor_a, site_a) -> dict[str, Any]:
    today = timezone.localdate()
    module = ModuleFactory(code="WLD-101", title_en="Welding basics", title_de="Grundlagen Schweißen")
    session = make_session(manager=manager, module=module, site=site_a, instructor=instructor_a,
                           starts_on=today + dt.timedelta(days=1), days=3)
    arabic, arabic_consent = _participant(counsellor=counsellor_a, site=site_a, module=module, name="Layla",
                                          languages=["ar"], email="layla@example.org")
    german, german_consent = _participant(counsellor=counsellor_a, site=site_a, module=module, name="Jonas",
                                          languages=["de"], email="jonas@example.org")
    silent, _none = _participant(counsellor=counsellor_a, site=site_a, module=module, name="Omid",
                                 languages=["fa"], email=None)
    for person in (arabic, german, silent):
        session_enrol(acting_user=counsellor_a, session=session, participant=person)
    return {"module": module, "session": session, "arabic": arabic, "german": german, "silent": silent,
            "arabic_consent": arabic_consent, "german_consent": german_consent, "today": today}


def evening(day: dt.date, hour: int = 18) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())
