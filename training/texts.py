"""What the participant reads while signing on the instructor's phone: in their own language."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import pgettext_lazy

from languages.purposes import Purpose, language_for, text_direction

SIGNING_PROMPT = pgettext_lazy("participant", "With my signature I confirm that I took part today.")


@dataclass(frozen=True)
class Prompt:
    text: str
    language: str
    direction: str


def signing_prompt(languages: list[str]) -> Prompt:
    """The signing sentence in the first language the participant reads (the survey rule)."""
    code = language_for(Purpose.SURVEY, languages)
    with translation.override(code):
        text = str(SIGNING_PROMPT)
    return Prompt(text=text, language=code, direction=text_direction(code))
