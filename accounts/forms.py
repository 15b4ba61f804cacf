from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

ERROR_CODE_FORMAT = _("Enter the 6 digits shown in your authenticator app.")


class TotpCodeForm(forms.Form):
    code = forms.CharField(
        label=_("6-digit code"),
        max_length=9,  # room for "123 456"
        validators=[RegexValidator(r"^\d{3} ?\d{3}$", ERROR_CODE_FORMAT)],
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "size": 8}
        ),
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].replace(" ", "")
