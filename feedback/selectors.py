"""Reads of the satisfaction survey: averages per module, per instructor and overall.

Groups with fewer than MIN_ANSWERS answers show their count as "<5" and no averages, so
no one participant's ratings can be read off a small course. `survey_key_figures` is the
programme-wide line for the key figures (reporting)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, QuerySet

from accounts.models import User
from catalogue.models import Module
from feedback.models import SurveyResponse
from feedback.questions import QUESTION_KEYS

MIN_ANSWERS = 5


@dataclass(frozen=True)
class SurveyGroup:
    label: str
    answers: int
    #: question key → mean rating (1–5), or None when suppressed
    means: dict[str, float | None]

    @property
    def suppressed(self) -> bool:
        return self.answers < MIN_ANSWERS

    @property
    def overall_mean(self) -> float | None:
        values = [value for value in self.means.values() if value is not None]
        return round(sum(values) / len(values), 1) if values and not self.suppressed else None


def _group(label: str, row: dict[str, Any]) -> SurveyGroup:
    answers = int(row["answers"])
    means = {key: (round(float(row[key]), 1) if answers >= MIN_ANSWERS and row[key] is not None else None)
             for key in QUESTION_KEYS}
    return SurveyGroup(label=label, answers=answers, means=means)


def _responses(date_from: dt.date | None, date_to: dt.date | None) -> QuerySet[SurveyResponse]:
    responses = SurveyResponse.objects.all()
    if date_from is not None:
        responses = responses.filter(month__gte=date_from.replace(day=1))
    if date_to is not None:
        responses = responses.filter(month__lte=date_to)
    return responses


def _aggregates() -> dict[str, Any]:
    return {"answers": Count("pk"), **{key: Avg(key) for key in QUESTION_KEYS}}


def survey_key_figures(*, date_from: dt.date | None = None, date_to: dt.date | None = None) -> SurveyGroup:
    """All answers of the period as one group (the programme's satisfaction figure)."""
    row = _responses(date_from, date_to).aggregate(**_aggregates())
    return _group("", row)


def survey_summary(
    *, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> dict[str, list[SurveyGroup]]:
    """Per module and per instructor, each sorted by label (four queries)."""
    responses = _responses(date_from, date_to).order_by()
    by_module = list(responses.values("module").annotate(**_aggregates()))
    by_instructor = list(responses.values("instructor").annotate(**_aggregates()))
    modules = Module.objects.in_bulk([row["module"] for row in by_module])
    instructors = User.objects.in_bulk([row["instructor"] for row in by_instructor])
    return {
        "modules": sorted(
            (_group(str(modules[row["module"]]), row) for row in by_module), key=lambda group: group.label
        ),
        "instructors": sorted(
            (_group(str(instructors[row["instructor"]]), row) for row in by_instructor), key=lambda group: group.label
        ),
    }
