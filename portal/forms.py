from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import pgettext_lazy

from languages.digits import ascii_digits
from languages.purposes import PARTICIPANT_LANGUAGES
from portal.questionnaire import CHOICES, QUESTIONS, SCHOOL_CHOICES

ERROR_PIN_MISMATCH = pgettext_lazy("participant", "The two PINs are not the same.")


class DigitsField(forms.CharField):
    """A PIN or other number typed as text: Eastern Arabic and Persian digits (١٢٣, ۱۲۳) are
    read as 123 on the server (languages/digits.py), whatever the phone's keyboard."""

    def to_python(self, value: Any) -> str:
        return ascii_digits(super().to_python(value) or "")


class LoginForm(forms.Form):
    code = forms.CharField(
        label=pgettext_lazy("participant", "Your code"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
    pin = DigitsField(
        label=pgettext_lazy("participant", "Your PIN"),
        help_text=pgettext_lazy("participant", "The first time: leave empty, you choose your PIN next."),
        required=False,
        max_length=20,
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "current-password"}),
    )


class PinSetForm(forms.Form):
    pin = DigitsField(
        label=pgettext_lazy("participant", "Choose a PIN (at least 6 digits)"),
        max_length=20,
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "new-password"}),
    )
    pin_repeat = DigitsField(
        label=pgettext_lazy("participant", "The same PIN again"),
        max_length=20,
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("pin") and data.get("pin_repeat") and data["pin"] != data["pin_repeat"]:
            self.add_error("pin_repeat", ERROR_PIN_MISMATCH)
        return data


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=list(PARTICIPANT_LANGUAGES.items()))
    next = forms.CharField(required=False, max_length=200)


class SelfAssessmentForm(forms.Form):
    """One radio group per question plus the school question; rendered by hand with pictograms."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        levels = [(choice.value, choice.text) for choice in CHOICES]
        for question in QUESTIONS:
            self.fields[question.key] = forms.TypedChoiceField(
                label=question.text, choices=levels, coerce=int, widget=forms.RadioSelect
            )
        self.fields["school"] = forms.TypedChoiceField(
            label=pgettext_lazy("participant", "How long did you go to school?"),
            choices=[(choice.value, choice.text) for choice in SCHOOL_CHOICES], coerce=int, widget=forms.RadioSelect,
        )
