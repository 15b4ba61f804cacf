from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.forms import OccupationChoiceField
from assessments.models import EscoOccupation
from catalogue.models import Module
from languages.codes import language_choices
from participants.forms import DateInput

ERROR_UNKNOWN_MODULE = _("Unknown module code: %(code)s.")


class AddModuleForm(forms.Form):
    module = forms.ModelChoiceField(
        label=_("module from the catalogue"),
        queryset=Module.objects.select_related("trade").order_by("trade__position", "code"),
    )


class AddPathForm(forms.Form):
    """A recommended path: module codes, prerequisites first, separated by commas."""

    path = forms.CharField(max_length=500, widget=forms.HiddenInput)

    def clean_path(self) -> list[Module]:
        codes = [code.strip() for code in self.cleaned_data["path"].split(",") if code.strip()]
        modules = {m.code: m for m in Module.objects.filter(code__in=codes)}
        for code in codes:
            if code not in modules:
                raise forms.ValidationError(ERROR_UNKNOWN_MODULE, params={"code": code})
        return [modules[code] for code in codes]


class TargetForm(forms.Form):
    target_occupation = OccupationChoiceField(
        label=_("target occupation"), required=False,
        queryset=EscoOccupation.objects.filter(in_programme=True).order_by("group", "label_en"),
    )


class FinaliseForm(forms.Form):
    agreed_on = forms.DateField(label=_("participant agreed on"), widget=DateInput())
    agreement_language = forms.ChoiceField(label=_("plan explained in (language)"))

    def __init__(self, *args: Any, participant_languages: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("agreed_on", timezone.localdate())
        choices = language_choices()
        known = dict(choices)
        first = [(code, known.get(code, code)) for code in (participant_languages or []) if code in known]
        self.fields["agreement_language"].choices = [("", "—"), *first, *choices]  # type: ignore[attr-defined]
        if participant_languages:
            self.initial.setdefault("agreement_language", participant_languages[0])


class ReviseForm(forms.Form):
    reason = forms.CharField(label=_("reason for the change"), widget=forms.Textarea(attrs={"rows": 2}))
