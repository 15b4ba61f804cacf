"""The self-assessment questionnaire: what is asked, with which pictogram. No Django models.

Each question names one practical skill (stored on the counsellor's side in German/English as
`SkillRating.skill` with source "self"); each answer is one of the same five choices. Every
question and every choice has a pictogram in `static/portal/pictograms/`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from django.utils.translation import pgettext_lazy

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Question:
    key: str
    text: StrOrPromise  # what the participant reads
    skill: str  # how the counsellor's profile names the skill (English, as ESCO labels are)
    pictogram: str


@dataclass(frozen=True)
class Choice:
    value: int  # 0 = not at all (no rating saved); 1–4 = assessments.SkillLevel
    text: StrOrPromise
    pictogram: str


QUESTIONS: Final[tuple[Question, ...]] = (
    Question("sewing", pgettext_lazy("participant", "Sewing with a sewing machine"), "sewing textiles", "sewing"),
    Question("cooking", pgettext_lazy("participant", "Cooking for many people"), "cooking for groups", "cooking"),
    Question("metal", pgettext_lazy("participant", "Cutting and welding metal"), "welding metal", "metal"),
    Question("electrical", pgettext_lazy("participant", "Connecting electric cables"), "electrical wiring",
             "electrical"),
    Question("painting", pgettext_lazy("participant", "Painting walls"), "painting walls", "painting"),
    Question("tools", pgettext_lazy("participant", "Working with hand tools"), "using hand tools", "tools"),
    Question("measuring", pgettext_lazy("participant", "Measuring and counting"), "measuring and calculating",
             "measuring"),
    Question("customers", pgettext_lazy("participant", "Talking with customers"), "serving customers",
             "customers"),
)

CHOICES: Final[tuple[Choice, ...]] = (
    Choice(0, pgettext_lazy("participant", "Never done"), "level-0"),
    Choice(1, pgettext_lazy("participant", "A little"), "level-1"),
    Choice(2, pgettext_lazy("participant", "Good"), "level-2"),
    Choice(3, pgettext_lazy("participant", "Very good"), "level-3"),
    Choice(4, pgettext_lazy("participant", "I can teach it"), "level-4"),
)

#: school years question → assessments.EducationLevel (ISCED) value
SCHOOL_CHOICES: Final[tuple[Choice, ...]] = (
    Choice(0, pgettext_lazy("participant", "No school"), "school-0"),
    Choice(1, pgettext_lazy("participant", "Primary school"), "school-1"),
    Choice(2, pgettext_lazy("participant", "Middle school"), "school-2"),
    Choice(3, pgettext_lazy("participant", "High school"), "school-3"),
    Choice(6, pgettext_lazy("participant", "University"), "school-6"),
)

QUESTION_KEYS: Final = tuple(question.key for question in QUESTIONS)
