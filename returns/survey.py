"""The follow-up survey's wording: what the participant reads (context "participant")."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from returns.scoring import NO_ANSWER, QUESTIONS, Question

QUESTION_TEXTS: dict[str, Promise] = {
    "work": pgettext_lazy("participant", "Do you have work at the moment?"),
    "income": pgettext_lazy("participant", "What is your main source of income?"),
    "qualification_use": pgettext_lazy("participant", "Do you use what you learned in the training?"),
    "housing": pgettext_lazy("participant", "Where do you live?"),
    "services": pgettext_lazy(
        "participant", "Can you get health care, school for your children and documents when you need them?"
    ),
    "wellbeing": pgettext_lazy("participant", "How do you feel on most days?"),
    "migrate_again": pgettext_lazy("participant", "Are you thinking of leaving your country again?"),
}

ANSWER_TEXTS: dict[str, dict[str, Promise]] = {
    "work": {
        "regular": pgettext_lazy("participant", "Yes, regular work"),
        "occasional": pgettext_lazy("participant", "Sometimes, occasional work"),
        "none": pgettext_lazy("participant", "No work"),
    },
    "income": {
        "own_work": pgettext_lazy("participant", "My own work or business"),
        "family": pgettext_lazy("participant", "Support from family"),
        "aid": pgettext_lazy("participant", "Help from an organisation or the state"),
        "no_income": pgettext_lazy("participant", "No income"),
    },
    "qualification_use": {
        "often": pgettext_lazy("participant", "Yes, often"),
        "sometimes": pgettext_lazy("participant", "Sometimes"),
        "not_at_all": pgettext_lazy("participant", "Not at all"),
    },
    "housing": {
        "stable": pgettext_lazy("participant", "In my own or a rented home"),
        "temporary": pgettext_lazy("participant", "With family or friends, or for a short time"),
        "none": pgettext_lazy("participant", "I have no safe place to live"),
    },
    "services": {
        "yes": pgettext_lazy("participant", "Yes"),
        "with_difficulty": pgettext_lazy("participant", "Only with difficulty"),
        "no": pgettext_lazy("participant", "No"),
    },
    "wellbeing": {
        "very_good": pgettext_lazy("participant", "Very good"),
        "good": pgettext_lazy("participant", "Good"),
        "okay": pgettext_lazy("participant", "Okay"),
        "bad": pgettext_lazy("participant", "Bad"),
        "very_bad": pgettext_lazy("participant", "Very bad"),
    },
    "migrate_again": {
        "no": pgettext_lazy("participant", "No, I want to stay"),
        "unsure": pgettext_lazy("participant", "I am not sure"),
        "yes": pgettext_lazy("participant", "Yes"),
    },
}

SKIP_TEXT = pgettext_lazy("participant", "I prefer not to say")


def answer_choices(question: Question) -> list[tuple[str, Promise]]:
    """Best answer first (as people expect to read them), then "prefer not to say"."""
    texts = ANSWER_TEXTS[question.key]
    return [(key, texts[key]) for key in reversed(question.options)] + [(NO_ANSWER, SKIP_TEXT)]


def survey_questions() -> list[tuple[Question, Promise, list[tuple[str, Promise]]]]:
    return [(question, QUESTION_TEXTS[question.key], answer_choices(question)) for question in QUESTIONS]
