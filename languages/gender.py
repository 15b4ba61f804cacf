"""Addressing a participant by grammatical gender where the language needs it.

Arabic (like Tigrinya) inflects "you" and the verb by the reader's gender: تتعلم (to a man)
and تتعلمين (to a woman). The participant's recorded gender decides the form; anyone else
(diverse, not stated, not known) gets the neutral wording, which is the catalogue's plain
entry. Gendered wording lives in the catalogues under its own message context
("participant female", "participant male"), beside the plain "participant" entry, so a
language without gendered address needs nothing, and a missing gendered entry falls back
to the plain one.

Pure (no Django). The gender codes are those intake records (`participants.models.Gender`).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

#: Intake's codes (a test checks they match participants.models.Gender)
FEMALE: Final = "f"
MALE: Final = "m"


class Form(StrEnum):
    FEMALE = "female"
    MALE = "male"
    NEUTRAL = "neutral"


def form_for(gender: str | None) -> Form:
    """The grammatical form for a recorded gender: neutral unless recorded female or male."""
    return {FEMALE: Form.FEMALE, MALE: Form.MALE}.get((gender or "").strip().lower(), Form.NEUTRAL)


def contexts_for(context: str, gender: str | None) -> tuple[str, ...]:
    """The message contexts to look a string up in, most specific first: ("participant
    female", "participant") for a woman, ("participant",) when the gender is not known."""
    form = form_for(gender)
    return (context,) if form is Form.NEUTRAL else (f"{context} {form}", context)
