"""Reintegration scores per dimension, from the answers of one survey. Plain Python.

Method (shown to staff on the "method" page, returns/templates/returns/method.html):

- Seven questions, each belonging to one of three dimensions of sustainable reintegration:
  economic (work, main income source, use of the qualification), social (housing, access
  to services) and psychosocial (wellbeing, plans to migrate again).
- Every answer option carries a fixed value between 0 (worst) and 1 (best), spread evenly
  over the options of its question (three options: 0, 0.5, 1; five: 0, 0.25, … 1).
- A dimension's score is the unweighted mean of the values of its answered questions,
  rounded to two decimals. "Prefer not to say" and unanswered questions are left out;
  a dimension with no answered question has no score (None), never 0.
- The baseline before departure asks the same questions about the situation then, so the
  change per dimension is simply follow-up score minus baseline score.

Inspired by the IOM reintegration sustainability survey (economic, social, psychosocial
dimensions); the items are a short subset chosen for a phone-length survey, not IOM's index.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

ECONOMIC: Final = "economic"
SOCIAL: Final = "social"
PSYCHOSOCIAL: Final = "psychosocial"
DIMENSIONS: Final = (ECONOMIC, SOCIAL, PSYCHOSOCIAL)

#: the answer that counts as "not answered"
NO_ANSWER: Final = "skip"


@dataclass(frozen=True)
class Question:
    key: str
    dimension: str
    #: answer keys from worst to best
    options: tuple[str, ...]

    def value_of(self, answer: str) -> float | None:
        """The 0–1 value of an answer; None for "prefer not to say"; ValueError for an unknown answer."""
        if answer == NO_ANSWER:
            return None
        if answer not in self.options:
            raise ValueError(f"{answer!r} is no answer to {self.key}")
        if len(self.options) == 1:
            return 1.0
        return self.options.index(answer) / (len(self.options) - 1)


QUESTIONS: Final = (
    Question("work", ECONOMIC, ("none", "occasional", "regular")),
    Question("income", ECONOMIC, ("no_income", "aid", "family", "own_work")),
    Question("qualification_use", ECONOMIC, ("not_at_all", "sometimes", "often")),
    Question("housing", SOCIAL, ("none", "temporary", "stable")),
    Question("services", SOCIAL, ("no", "with_difficulty", "yes")),
    Question("wellbeing", PSYCHOSOCIAL, ("very_bad", "bad", "okay", "good", "very_good")),
    Question("migrate_again", PSYCHOSOCIAL, ("yes", "unsure", "no")),
)
QUESTIONS_BY_KEY: Final = {question.key: question for question in QUESTIONS}


def validate_answers(answers: Mapping[str, str]) -> dict[str, str]:
    """Problems by question key: unknown questions, unknown answers, questions left out."""
    problems: dict[str, str] = {}
    for key, answer in answers.items():
        question = QUESTIONS_BY_KEY.get(key)
        if question is None:
            problems[key] = "unknown question"
        elif answer != NO_ANSWER and answer not in question.options:
            problems[key] = "unknown answer"
    for question in QUESTIONS:
        if question.key not in answers:
            problems[question.key] = "missing"
    return problems


def dimension_scores(answers: Mapping[str, str]) -> dict[str, float | None]:
    """Score per dimension (0–1, two decimals) or None where nothing was answered."""
    values: dict[str, list[float]] = {dimension: [] for dimension in DIMENSIONS}
    for question in QUESTIONS:
        answer = answers.get(question.key)
        if answer is None:
            continue
        value = question.value_of(answer)
        if value is not None:
            values[question.dimension].append(value)
    return {
        dimension: round(sum(items) / len(items), 2) if items else None for dimension, items in values.items()
    }


def change(baseline: float | None, follow_up: float | None) -> float | None:
    """Follow-up minus baseline, or None when either is missing."""
    if baseline is None or follow_up is None:
        return None
    return round(follow_up - baseline, 2)
