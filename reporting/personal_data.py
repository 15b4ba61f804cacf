"""What reporting holds about a person: the fact table's row, derived (see vault/registry.py)."""

from __future__ import annotations

from reporting.models import ParticipantFact
from vault.registry import Contribution, Holding, register

CONTRIBUTION = register(
    Contribution(
        app_label="reporting",
        order=95,
        holdings=(
            Holding(
                ParticipantFact,
                erasure="kept: a copy of the facts the figures count (dates, country, gender, age), recomputed "
                "from the records, which erasure keeps for the figures; no name or free text",
            ),
        ),
    )
)
