"""What the participant reads while signing on the instructor's phone: in their own language."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import pgettext_lazy

from portal.languages import is_rtl, portal_language_for

SIGNING_PROMPT = pgettext_lazy("participant", "With my signature I confirm that I took part today.")


@dataclass(frozen=True)
class Prompt:
    text: str
    language: str
    direction: str


def signing_prompt(languages: list[str]) -> Prompt:
    """The signing sentence in the first portal language the participant reads."""
    code = portal_language_for(languages)
    with translation.override(code):
        text = str(SIGNING_PROMPT)
    return Prompt(text=text, language=code, direction="rtl" if is_rtl(code) else "ltr")
