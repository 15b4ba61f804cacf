from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reporting.periods import Period, PeriodError

ERROR_DATE_REQUIRED = _("Enter a date.")
ERROR_DATE_INVALID = _("Enter a valid date, for example 2025-06-30.")
ERROR_END_BEFORE_START = _("The end of the period cannot lie before its start.")

_DATE_ERRORS = {"required": ERROR_DATE_REQUIRED, "invalid": ERROR_DATE_INVALID}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


ERROR_PERIOD_NOT_OFFERED = _(
    "Figures for funders are counted for the last 12 full months or for one of your reporting periods;"
    " choose one of those."
)


class PeriodForm(forms.Form):
    """The period the figures are counted for; sent by GET so a view can be bookmarked."""

    start = forms.DateField(label=_("from"), widget=DateInput(), error_messages=_DATE_ERRORS)
    end = forms.DateField(label=_("to (inclusive)"), widget=DateInput(), error_messages=_DATE_ERRORS)

    def __init__(self, *args: Any, default: Period, allowed: list[Period] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("start", default.start)
        self.initial.setdefault("end", default.end)
        #: when set (funders), only these periods may be chosen
        self.allowed = allowed

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start: dt.date | None = cleaned.get("start")
        end: dt.date | None = cleaned.get("end")
        if start is not None and end is not None:
            try:
                cleaned["period"] = Period(start=start, end=end)
            except PeriodError:
                self.add_error("end", ERROR_END_BEFORE_START)
            else:
                if self.allowed is not None and cleaned["period"] not in self.allowed:
                    del cleaned["period"]
                    self.add_error(None, ERROR_PERIOD_NOT_OFFERED)
        return cleaned

    @property
    def period(self) -> Period:
        """The chosen period; only after `is_valid()` returned True."""
        period: Period = self.cleaned_data["period"]
        return period


ERROR_CLOSE_UNCONFIRMED = _("Confirm that the figures are to be frozen.")


class PeriodCloseForm(forms.Form):
    """The explicit confirmation before a reporting period's figures are frozen for good."""

    confirm = forms.BooleanField(
        label=_("Freeze these figures for good"),
        widget=forms.CheckboxInput(attrs={"value": "freeze"}),
        error_messages={"required": ERROR_CLOSE_UNCONFIRMED},
    )
