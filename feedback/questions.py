"""The satisfaction survey's wording: what the participant reads (context "participant").

Five questions, each answered on the same five-step smiley scale (1 = very unhappy,
5 = very happy). The keys are the answer fields of `SurveyResponse`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import pgettext_lazy

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

QUESTIONS: list[tuple[str, StrPromise]] = [
    ("overall", pgettext_lazy("participant", "How happy are you with this course overall?")),
    ("usefulness", pgettext_lazy("participant", "Will what you learned help you find work at home?")),
    ("instructor_rating", pgettext_lazy("participant", "How well did the instructor explain things?")),
    ("practice", pgettext_lazy("participant", "Was there enough practice in the workshop?")),
    # Translators: the language the lessons were taught in (German: "Konnten Sie die Sprache im
    # Unterricht verstehen?"), not the participant's own language.
    ("understanding", pgettext_lazy("participant", "Could you understand the lessons in their language?")),
]

QUESTION_KEYS = [key for key, _ in QUESTIONS]

#: rating → what the face under it says
SCALE: list[tuple[int, StrPromise]] = [
    (1, pgettext_lazy("participant", "very unhappy")),
    (2, pgettext_lazy("participant", "unhappy")),
    (3, pgettext_lazy("participant", "okay")),
    (4, pgettext_lazy("participant", "happy")),
    (5, pgettext_lazy("participant", "very happy")),
]

#: face colour per rating, from red to green
FACE_COLOURS = {1: "#e57373", 2: "#ffb74d", 3: "#fff176", 4: "#aed581", 5: "#66bb6a"}


def face_svg(rating: int) -> str:
    """A smiley drawn as inline SVG (no emoji font needed); the mouth bends with the rating."""
    bend = 26 + (rating - 3) * 4
    return (
        '<svg class="smiley" viewBox="0 0 40 40" width="40" height="40" aria-hidden="true" focusable="false">'
        f'<circle cx="20" cy="20" r="18" fill="{FACE_COLOURS[rating]}" stroke="#333" stroke-width="1.5"/>'
        '<circle cx="14" cy="16" r="2.2" fill="#333"/><circle cx="26" cy="16" r="2.2" fill="#333"/>'
        f'<path d="M12 27 Q20 {bend + 1} 28 27" fill="none" stroke="#333" stroke-width="2" stroke-linecap="round"/>'
        "</svg>"
    )
