from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalogue.models import Module
from participants.forms import DateInput


class AddModuleForm(forms.Form):
    module = forms.ModelChoiceField(
        label=_("module from the catalogue"),
        queryset=Module.objects.select_related("trade").order_by("trade__position", "code"),
    )


class FinaliseForm(forms.Form):
    agreed_on = forms.DateField(label=_("participant agreed on"), widget=DateInput())

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.initial.setdefault("agreed_on", timezone.localdate())


class ReviseForm(forms.Form):
    reason = forms.CharField(label=_("reason for the change"), widget=forms.Textarea(attrs={"rows": 2}))
