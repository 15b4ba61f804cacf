"""Returns personas: Awa at site A with both consents, a partner in Senegal, a counselling centre."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from assessments.models import EscoOccupation, EscoSkill, TryOut
from catalogue.tests.factories import ModuleFactory
from certificates.tests.factories import CertificateFactory, final_plan_with, passed
from participants.models import ConsentPurpose
from participants.tests.factories import ConsentFactory, ParticipantFactory
from returns.models import OrganisationKind
from returns.tests.factories import OrganisationFactory


@pytest.fixture
def awa(counsellor_a, instructor_a):
    participant = ParticipantFactory(
        site=counsellor_a.site, counsellor=counsellor_a, first_name="Awa", last_name="Diallo",
        origin_country="SN", languages=["wo", "fr"],
    )
    ConsentFactory(participant=participant, purpose=ConsentPurpose.PARTNER_SHARING)
    ConsentFactory(participant=participant, purpose=ConsentPurpose.FOLLOW_UP)
    return participant


@pytest.fixture
def awa_qualified(awa, instructor_a):
    """Awa with a try-out, a target occupation in her final plan and a valid certificate."""
    module = ModuleFactory(code="SEW-101", title_en="Machine sewing basics", title_de="Grundlagen Maschinennähen")
    plan = final_plan_with(participant=awa, modules=[module])  # type: ignore[list-item]
    plan.target_occupation = EscoOccupation.objects.filter(isco_code__regex=r"^\d{4}$").first()
    plan.save()
    passed(participant=awa, module=module, instructor=instructor_a)
    skill = EscoSkill.objects.first()
    TryOut.objects.create(participant=awa, site=awa.site, esco_skill=skill, level=3,
                          tried_on=timezone.localdate() - dt.timedelta(days=5), instructor=instructor_a)
    CertificateFactory(participant=awa, plan=plan, number="RZ-2026-AWA00001")
    return awa


@pytest.fixture
def partner_sn(db):
    return OrganisationFactory(name="Centre d'appui Dakar", country="SN", working_language="fr")


@pytest.fixture
def partner_iq(db):
    return OrganisationFactory(name="Erbil Reintegration Desk", country="IQ", working_language="ar")


@pytest.fixture
def counselling_centre(db):
    return OrganisationFactory(name="Rückkehrberatung München", kind=OrganisationKind.COUNSELLING, country="DE",
                               working_language="en")
