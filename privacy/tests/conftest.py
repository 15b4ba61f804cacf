"""A participant with a record in every app, for export and erasure tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import cast

import pytest
from django.utils import timezone

from accounts.audit import audit_record
from assessments.models import Assessment, Availability, EscoSkill, SkillRating, TryOut, WorkExperience
from catalogue.models import Module
from catalogue.tests.factories import ModuleFactory
from certificates.tests.factories import CertificateFactory, final_plan_with, passed
from participants.tests.factories import ConsentFactory, ParticipantFactory
from reporting.tests.factories import ReturnFactory
from scheduling.models import Meeting
from training.models import Attendance

HEALTH = "Asthma, no work with dust"
NEEDS = "Prayer breaks at noon"


@pytest.fixture
def full_participant(counsellor_a, instructor_a):
    today = timezone.localdate()
    person = ParticipantFactory(
        site=counsellor_a.site,
        counsellor=counsellor_a,
        first_name="Karim",
        last_name="Nazari",
        date_of_birth=dt.date(1988, 7, 14),
        origin_country="AF",
        languages=["fa", "ps"],
        has_health_limits=True,
        health_notes=HEALTH,
        needs_notes=NEEDS,
        intake_date=today - dt.timedelta(days=200),
    )
    ConsentFactory(participant=person, purpose="follow_up")
    assessment = Assessment.objects.create(
        participant=person, education_level=3, education_years=12, education_country="AF",
        languages=[{"language": "fa", "level": "C2"}], notes="Worked in his uncle's shop in Herat",
        assessed_on=today - dt.timedelta(days=190), assessed_by=counsellor_a,
    )
    WorkExperience.objects.create(assessment=assessment, occupation="Tailor in Herat", years=Decimal("4.5"))
    SkillRating.objects.create(assessment=assessment, skill="Hand stitching", level=3)
    skill = EscoSkill.objects.create(uri="urn:test:skill:stitching", label_en="stitching", label_de="Nähen")
    TryOut.objects.create(
        participant=person, site=person.site, esco_skill=skill, level=2,
        tried_on=today - dt.timedelta(days=185), notes="Nervous at first", instructor=instructor_a,
    )
    availability = Availability.objects.create(participant=person, weekdays=[0, 2], updated_by=counsellor_a)
    availability.sites.add(person.site)
    module = cast(Module, ModuleFactory(code="SEW-901", title_de="Nähen Grundlagen", title_en="Sewing basics"))
    plan = final_plan_with(participant=person, modules=[module])
    plan.reason = "Wants to open a workshop at home"
    plan.save()
    result = passed(participant=person, module=module, instructor=instructor_a)
    session = result.enrolment.session
    meeting = Meeting.objects.create(session=session, date=session.starts_on, starts_at=dt.time(9), ends_at=dt.time(13))
    Attendance.objects.create(meeting=meeting, enrolment=result.enrolment, status="present", recorded_by=instructor_a)
    CertificateFactory(participant=person, plan=plan, credential={"credentialSubject": {"name": "Karim Nazari"}})
    ReturnFactory(participant=person, status="postponed", actual_departure=None, reason="Father in hospital",
                  status_date=today - dt.timedelta(days=10))
    audit_record(actor=counsellor_a, action="participant.view", target=person, participant_id=person.pk)
    return person
