"""One participant walks the whole path over HTTP, and the dashboard figure moves."""

from __future__ import annotations

import datetime as dt
import logging
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from catalogue.tests.factories import ModuleFactory
from participants.models import Participant
from scheduling.models import Meeting, Session
from scheduling.services import session_create


def _headline(client) -> str:
    body = client.get(reverse("reporting:dashboard")).content.decode()
    return body


@pytest.mark.django_db
def test_participant_walks_from_intake_to_return(client, counsellor_a, instructor_a, manager, site_a, caplog):
    caplog.set_level(logging.DEBUG)  # every logger, every level: the log must hold no personal data
    today = timezone.localdate()
    basics = ModuleFactory(code="SEW-101", title_en="Machine sewing basics")
    advanced = ModuleFactory(code="SEW-201", title_en="Garment making")
    advanced.prerequisites.add(basics)
    sessions = [
        session_create(
            acting_user=manager,
            module=module,
            site=site_a,
            instructor=instructor_a,
            starts_on=today - dt.timedelta(days=start),
            ends_on=today - dt.timedelta(days=start - 4),
            capacity=8,
            weekdays=[0, 1, 2, 3, 4],
            starts_at=dt.time(9),
            ends_at=dt.time(13),
        )
        for module, start in ((basics, 20), (advanced, 10))
    ]
    client.force_login(manager)
    before = _headline(client)

    # 1-2. Intake by the counsellor.
    client.force_login(counsellor_a)
    response = client.post(
        reverse("participants:intake"),
        {
            "first_name": "Yonas",
            "last_name": "Tesfaye",
            "date_of_birth": "1994-03-02",
            "gender": "m",
            "origin_country": "ER",
            "languages": ["ti", "en"],
            "site": site_a.pk,
            "counsellor": counsellor_a.pk,
            "planned_departure": (today + dt.timedelta(days=60)).isoformat(),
            "instruction_language": "en",
            "consent_given_on": (today - dt.timedelta(days=40)).isoformat(),
            "extra_consents": ["follow_up"],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    participant = Participant.objects.get(last_name="Tesfaye")
    assert re.fullmatch(r"RI-\d{4}-\d{4}", participant.case_number)
    # The intake date is today; backdate so the person counts in the last 12 months either way.
    case_url = reverse("participants:case_file", args=[participant.pk])
    assert "Yonas Tesfaye" in client.get(case_url).content.decode()

    # 3. Assessment.
    response = client.post(
        reverse("assessments:create", args=[participant.pk]),
        {
            "education_level": 3,
            "education_years": 11,
            "assessed_on": today.isoformat(),
            "notes": "",
            "work-TOTAL_FORMS": 3,
            "work-INITIAL_FORMS": 0,
            "work-0-occupation": "Tailor's helper",
            "work-0-years": "2",
            "skill-TOTAL_FORMS": 4,
            "skill-INITIAL_FORMS": 0,
            "skill-0-skill": "Hand sewing",
            "skill-0-level": 2,
            # A browser sends each row's pre-selected "judged by" choice.
            **{f"skill-{row}-source": "counsellor" for row in range(4)},
        },
    )
    assert response.status_code == 302

    # 4. Plan: start, add modules in the wrong order, fix the order, agree.
    client.post(reverse("plans:start", args=[participant.pk]))
    client.post(reverse("plans:add_module", args=[participant.pk]), {"module": advanced.pk})
    client.post(reverse("plans:add_module", args=[participant.pk]), {"module": basics.pk})
    response = client.post(
        reverse("plans:finalise", args=[participant.pk]), {"agreed_on": today.isoformat(), "agreement_language": "ti"}
    )
    assert response.status_code == 400
    assert "SEW-201 needs SEW-101 first" in response.content.decode()
    item = participant.plans.get().items.get(module=basics)
    client.post(reverse("plans:item_action", args=[participant.pk, item.pk, "up"]))
    response = client.post(
        reverse("plans:finalise", args=[participant.pk]), {"agreed_on": today.isoformat(), "agreement_language": "ti"}
    )
    assert response.status_code == 302

    # 6. Enrolment (the sessions already ran: enrol directly through the service rules via HTTP is
    # refused for ended sessions in the list, so the POST goes to the confirm URL).
    for session in sessions:
        response = client.post(reverse("scheduling:enrol_confirm", args=[participant.pk, session.pk]))
        assert response.status_code == 302
    assert participant.enrolments.count() == 2

    # Instructor records attendance and results.
    client.force_login(instructor_a)
    for session in sessions:
        enrolment = session.enrolments.get()
        # A certificate needs the attendance threshold: every day of the session is recorded.
        for meeting in Meeting.objects.filter(session=session):
            response = client.post(
                reverse("training:attendance", args=[meeting.pk]), {f"status-{enrolment.pk}": "present"}
            )
            assert response.status_code == 302
        response = client.post(reverse("training:results", args=[session.pk]), {f"outcome-{enrolment.pk}": "passed"})
        assert response.status_code == 302

    # 7. Certificate.
    client.force_login(counsellor_a)
    response = client.post(reverse("certificates:issue", args=[participant.pk]))
    assert response.status_code == 302
    certificate = participant.certificates.get()
    pdf = client.get(reverse("certificates:download", args=[certificate.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")

    # 8. Return.
    response = client.post(
        reverse("returns:record", args=[participant.pk]),
        {
            "status": "returned",
            "actual_departure": today.isoformat(),
            "status_date": today.isoformat(),
            "reason": "",
        },
    )
    assert response.status_code == 302
    assert 'aria-current="step">Return' in client.get(case_url).content.decode()

    # 9. The dashboard figure changed.
    client.force_login(manager)
    after = _headline(client)
    assert before != after
    assert Session.objects.count() == 2

    # Nothing personal reached the log, at any level, in the whole walk.
    log = caplog.text
    assert log, "the walk should have logged something (requests, refusals)"
    for personal in ("Yonas", "Tesfaye", "1994-03-02", "02.03.1994", participant.case_number, "correct-horse"):
        assert personal not in log
