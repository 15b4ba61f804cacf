"""Data for the backup tests: a small programme made with the shared factories and personas."""

from __future__ import annotations

import pytest

from catalogue.tests.factories import ModuleFactory
from participants.tests.factories import ConsentFactory, ParticipantFactory


@pytest.fixture
def programme(counsellor_a, manager):
    """Participants with consents, modules, and staff: rows in many tables, some with encrypted text."""
    participants = [
        ParticipantFactory(site=counsellor_a.site, counsellor=counsellor_a, health_notes=f"Notiz {n} – Rücken")
        for n in range(12)
    ]
    for participant in participants[:8]:
        ConsentFactory(participant=participant, recorded_by=counsellor_a)
    modules = ModuleFactory.create_batch(5)
    return {"participants": participants, "modules": modules, "users": [counsellor_a, manager]}
