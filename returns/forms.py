from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from languages.codes import country_choices
from languages.purposes import PARTICIPANT_LANGUAGES, Purpose, is_offered
from participants.forms import DateInput
from returns.models import FollowUpChannel, Handover, Organisation, OrganisationKind, Return
from returns.selectors import partner_list
from returns.survey import survey_questions


class ReturnForm(forms.ModelForm):
    class Meta:
        model = Return
        fields = [
            "status", "actual_departure", "status_date", "reason", "return_programme", "travel_support",
            "destination_region", "referral_source",
        ]
        widgets = {
            "actual_departure": DateInput(),
            "status_date": DateInput(),
            "reason": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "return_programme": _("Free code, e.g. REAG/GARP or a state programme."),
            "travel_support": _("Free code, e.g. flight ticket, travel allowance."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["referral_source"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            kind=OrganisationKind.COUNSELLING
        )


class DepartureForm(forms.Form):
    planned_departure = forms.DateField(label=_("planned departure"), widget=DateInput())

    def __init__(self, *args: Any, risks_url: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if risks_url:  # the modules at risk follow the date as it is typed (htmx)
            self.fields["planned_departure"].widget.attrs.update({
                "hx-get": risks_url, "hx-trigger": "change, keyup changed delay:400ms",
                "hx-target": "#departure-risks", "hx-swap": "innerHTML",
            })


class OrganisationForm(forms.ModelForm):
    country = forms.ChoiceField(label=_("country"))

    class Meta:
        model = Organisation
        fields = [
            "name", "kind", "country", "city", "working_language", "contact_person", "email", "phone", "address",
            "is_active",
        ]
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = country_choices()  # type: ignore[attr-defined]


class HandoverForm(forms.ModelForm):
    class Meta:
        model = Handover
        fields = ["organisation", "business_idea", "needs", "contact_preferences"]
        widgets = {
            "business_idea": forms.Textarea(attrs={"rows": 2}),
            "needs": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"contact_preferences": _("e.g. WhatsApp in the evening, French or Wolof")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = partner_list()  # type: ignore[attr-defined]


class HandoverResponseForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your decision"), choices=[("accept", _("Accept the referral")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class FollowUpLinkForm(forms.Form):
    language = forms.ChoiceField(
        label=_("survey language"),
        choices=[(code, name) for code, name in PARTICIPANT_LANGUAGES.items() if is_offered(Purpose.SURVEY, code)],
    )


class SurveyForm(forms.Form):
    """One radio group per question (participant-facing wording, returns/survey.py)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question, text, choices in survey_questions():
            self.fields[question.key] = forms.ChoiceField(
                label=text, choices=choices, widget=forms.RadioSelect,  # type: ignore[arg-type]
                error_messages={"required": pgettext_lazy("participant", "Please choose an answer.")},
            )


class StaffSurveyForm(SurveyForm):
    """The same survey, recorded by staff from a phone call."""

    answered_on = forms.DateField(label=_("date of the call"), widget=DateInput())
    channel = forms.ChoiceField(
        label=_("answered by"),
        choices=[(c.value, c.label) for c in FollowUpChannel if c != FollowUpChannel.LINK],
    )
