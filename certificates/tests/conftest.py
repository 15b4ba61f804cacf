"""Certificate personas: Amina at site A, ready for her certificate, and what she took."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from catalogue.tests.factories import ModuleFactory, TradeFactory
from certificates.tests.factories import final_plan_with, passed
from participants.tests.factories import ParticipantFactory


@pytest.fixture
def metalwork(db):
    return TradeFactory(code="metal", name_de="Metallbau", name_en="Metalwork")


@pytest.fixture
def met_101(metalwork):
    return ModuleFactory(
        trade=metalwork, code="MET-101", title_de="Grundlagen der Metallbearbeitung",
        title_en="Metalworking basics", hours=Decimal("40"),
    )


@pytest.fixture
def met_201(metalwork):
    return ModuleFactory(
        trade=metalwork, code="MET-201", title_de="Schweißen (MAG)", title_en="MAG welding",
        hours=Decimal("60"),
    )


@pytest.fixture
def amina(site_a, counsellor_a):
    """A participant of site A, counselled by counsellor_a, with no plan yet."""
    return ParticipantFactory(
        first_name="Amina", last_name="Haddad", date_of_birth=dt.date(1990, 5, 17),
        site=site_a, counsellor=counsellor_a,
    )


@pytest.fixture
def amina_ready(amina, met_101, met_201, instructor_a):
    """Amina with a final plan of MET-101 and MET-201, both passed: eligible."""
    final_plan_with(participant=amina, modules=[met_101, met_201])
    passed(participant=amina, module=met_101, instructor=instructor_a,
           starts_on=dt.date(2026, 3, 2), ends_on=dt.date(2026, 3, 6))
    passed(participant=amina, module=met_201, instructor=instructor_a,
           starts_on=dt.date(2026, 4, 13), ends_on=dt.date(2026, 4, 24))
    return amina


@pytest.fixture
def farid(site_b, counsellor_b):
    """A participant of site B, counselled by counsellor_b."""
    return ParticipantFactory(
        first_name="Farid", last_name="Rahimi", date_of_birth=dt.date(1985, 11, 2),
        site=site_b, counsellor=counsellor_b,
    )


@pytest.fixture(autouse=True)
def _english():
    """Messages and labels in English, whatever the settings say (the PDFs switch to German themselves)."""
    with translation.override("en"):
        yield
