from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from feedback.questions import QUESTIONS, SCALE, face_svg
from feedback.services import ERROR_RATING


def _choices() -> list[tuple[int, str]]:
    # face_svg is our own fixed markup (no user input); the label is escaped by format_html.
    return [(value, format_html("{} <span>{}</span>", mark_safe(face_svg(value)), label))  # noqa: S308
            for value, label in SCALE]


class SurveyForm(forms.Form):
    """One radio row of five smileys per question; every question must be answered."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, text in QUESTIONS:
            self.fields[key] = forms.TypedChoiceField(
                label=text, choices=_choices(), coerce=int, widget=forms.RadioSelect,
                error_messages={"required": ERROR_RATING, "invalid_choice": ERROR_RATING},
            )
