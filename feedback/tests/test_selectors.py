import datetime as dt

import pytest

from accounts.tests.factories import UserFactory
from catalogue.tests.factories import ModuleFactory
from feedback.models import SurveyResponse
from feedback.selectors import MIN_ANSWERS, survey_key_figures, survey_summary


def _answers(module, instructor, ratings: list[int]) -> None:
    for value in ratings:
        SurveyResponse.objects.create(
            module=module, instructor=instructor, month=dt.date(2026, 10, 1), overall=value, usefulness=value,
            instructor_rating=value, practice=value, understanding=value,
        )


@pytest.mark.django_db
def test_groups_under_five_answers_are_suppressed_and_means_are_right():
    big, small = ModuleFactory(code="MET-1"), ModuleFactory(code="SEW-1")
    teacher = UserFactory(role="instructor", first_name="Anna", last_name="Huber")
    _answers(big, teacher, [5, 4, 4, 3, 5, 5])
    _answers(small, teacher, [1, 2])
    summary = survey_summary()
    rows = {group.label.split()[0]: group for group in summary["modules"]}
    assert rows["MET-1"].answers == 6 and rows["MET-1"].means["overall"] == round(26 / 6, 1)
    assert rows["SEW-1"].suppressed and set(rows["SEW-1"].means.values()) == {None}
    assert rows["SEW-1"].overall_mean is None
    [instructor] = summary["instructors"]
    assert instructor.label == "Anna Huber" and instructor.answers == 8
    assert survey_key_figures().answers == 8
    assert survey_key_figures().overall_mean == round(29 / 8, 1)


@pytest.mark.django_db
def test_no_answers_no_figure():
    figures = survey_key_figures()
    assert figures.answers == 0 < MIN_ANSWERS and figures.overall_mean is None
