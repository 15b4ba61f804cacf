"""What the feedback app holds about a person: nothing but the one-time survey links
(see vault/registry.py). Answers are stored without any link to the person."""

from __future__ import annotations

from feedback.models import SurveyToken
from vault.registry import Contribution, Holding, register

CONTRIBUTION = register(
    Contribution(
        app_label="feedback",
        order=90,
        holdings=(
            Holding(
                SurveyToken,
                nothing_personal="a digest of the link and whether it was used; the answer it led to is stored "
                "with no link to the person, the enrolment or the token",
            ),
        ),
    )
)
