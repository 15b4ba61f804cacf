from __future__ import annotations

from django import forms

from participants.forms import DateInput
from returns.models import Return


class ReturnForm(forms.ModelForm):
    class Meta:
        model = Return
        fields = ["status", "actual_departure", "status_date", "reason"]
        widgets = {
            "actual_departure": DateInput(),
            "status_date": DateInput(),
            "reason": forms.Textarea(attrs={"rows": 2}),
        }
