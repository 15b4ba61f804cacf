from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, Site, User
from catalogue.models import Module
from funding.models import FundingLine
from funding.selectors import funding_line_list_open
from participants.forms import DateInput
from scheduling.models import Session

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
]


class SessionForm(forms.Form):
    module = forms.ModelChoiceField(label=_("module"), queryset=Module.objects.select_related("trade"))
    site = forms.ModelChoiceField(label=_("site"), queryset=Site.objects.all())
    instructor = forms.ModelChoiceField(label=_("instructor"), queryset=User.objects.none())
    starts_on = forms.DateField(label=_("starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("ends on"), widget=DateInput())
    weekdays = forms.TypedMultipleChoiceField(
        label=_("meeting days"),
        choices=WEEKDAYS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        initial=[0, 1, 2, 3, 4],
    )
    starts_at = forms.TimeField(
        label=_("daily start"), initial=dt.time(8, 30), widget=forms.TimeInput(attrs={"type": "time"})
    )
    ends_at = forms.TimeField(
        label=_("daily end"), initial=dt.time(14, 30), widget=forms.TimeInput(attrs={"type": "time"})
    )
    capacity = forms.IntegerField(label=_("capacity (seats)"), min_value=1, max_value=60, initial=10)
    funding_line = forms.ModelChoiceField(
        label=_("funding line"), queryset=FundingLine.objects.select_related("funder"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instructor"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            role=Role.INSTRUCTOR, is_active=True
        ).order_by("last_name")
        self.fields["funding_line"].queryset = funding_line_list_open(  # type: ignore[attr-defined]
            on=timezone.localdate()
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The daily end must be after the daily start."))
        return data


class ScheduleRunForm(forms.Form):
    time_limit = forms.IntegerField(
        label=_("Time limit (seconds)"), min_value=2, max_value=600, initial=20,
        help_text=_("The optimiser stops after this time with the best schedule found."),
    )


class PlanningForm(forms.Form):
    weeks = forms.IntegerField(
        label=_("Start within (weeks)"), min_value=1, max_value=26, initial=8,
        help_text=_("Proposed sessions start on one of the next Mondays."),
    )
    limit = forms.IntegerField(label=_("Proposals (at most)"), min_value=1, max_value=5, initial=3)


class EarliestStartForm(forms.Form):
    earliest_start = forms.DateField(
        label=_("earliest start"), required=False, widget=DateInput(),
        help_text=_("The optimiser plans no session before this day. Leave empty for no limit."),
    )


class PinForm(forms.Form):
    session = forms.ModelChoiceField(label=_("session"), queryset=Session.objects.none())

    def __init__(self, *args: Any, sessions: QuerySet[Session], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions  # type: ignore[attr-defined]


class MeetingChangeForm(forms.Form):
    """Move one meeting (the participants are told: notifications)."""

    date = forms.DateField(label=_("date"), widget=DateInput)
    starts_at = forms.TimeField(label=_("starts at"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends_at = forms.TimeField(label=_("ends at"), widget=forms.TimeInput(attrs={"type": "time"}))
