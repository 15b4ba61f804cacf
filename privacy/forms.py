from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import AuditAction
from privacy.services import ErasureReason, ExportFormat

ERROR_UNKNOWN_CASE_NUMBER = _("No participant has this case number.")
ERROR_CONFIRMATION_MISMATCH = _("The case number typed for confirmation does not match.")
ERROR_END_BEFORE_START = _("The end of the period cannot lie before its start.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class ExportForm(forms.Form):
    format = forms.ChoiceField(label=_("format"), choices=ExportFormat.choices)


class ErasureForm(forms.Form):
    """Step one names the person and the reason; step two repeats the case number."""

    case_number = forms.CharField(label=_("case number"), max_length=20)
    reason = forms.ChoiceField(
        label=_("reason"),
        # Retention is applied by `manage.py apply_retention`, not by hand.
        choices=[(value, label) for value, label in ErasureReason.choices if value != ErasureReason.RETENTION],
        help_text=_("Stored in the audit trail as a code; write no names here."),
    )
    confirm_case_number = forms.CharField(label=_("type the case number again to confirm"), max_length=20,
                                          required=False, widget=forms.TextInput(attrs={"autocomplete": "off"}))

    def clean_case_number(self) -> str:
        return str(self.cleaned_data["case_number"]).strip().upper()

    def clean_confirm_case_number(self) -> str:
        return str(self.cleaned_data.get("confirm_case_number") or "").strip().upper()

    @property
    def confirming(self) -> bool:
        return bool(self.cleaned_data.get("confirm_case_number"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        confirm = cleaned.get("confirm_case_number")
        if confirm and confirm != cleaned.get("case_number"):
            self.add_error("confirm_case_number", ERROR_CONFIRMATION_MISMATCH)
        return cleaned


class AuditSearchForm(forms.Form):
    """Filters for the audit trail, sent by GET so a search can be bookmarked."""

    case_number = forms.CharField(label=_("case number"), max_length=20, required=False)
    actor = forms.CharField(label=_("user name"), max_length=150, required=False)
    action = forms.ChoiceField(label=_("action"), required=False, choices=[("", "—"), *AuditAction.choices])
    date_from = forms.DateField(label=_("from"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("to (inclusive)"), required=False, widget=DateInput())

    def clean_case_number(self) -> str:
        return str(self.cleaned_data.get("case_number") or "").strip().upper()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", ERROR_END_BEFORE_START)
        return cleaned

    @property
    def has_filters(self) -> bool:
        return any(self.cleaned_data.get(name) for name in self.fields)
