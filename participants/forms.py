from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, Site, User
from catalogue.models import Module
from funding.models import FundingLine
from languages.codes import country_choices, language_choices
from participants.access import can_take_in_at_any_site, works_at_one_site
from participants.models import (
    ConsentPurpose,
    ContactKind,
    ContactNote,
    EligibilityCheck,
    Participant,
    ProgrammeExit,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class ParticipantForm(forms.ModelForm):
    origin_country = forms.ChoiceField(label=_("country of origin"))
    languages = forms.MultipleChoiceField(
        label=_("languages spoken"), widget=forms.CheckboxSelectMultiple, required=False
    )
    instruction_language = forms.ChoiceField(label=_("language of instruction"))

    class Meta:
        model = Participant
        fields = [
            "first_name", "last_name", "date_of_birth", "gender", "origin_country", "languages",
            "site", "counsellor", "planned_departure", "instruction_language", "needs_childcare",
            "has_health_limits", "health_notes", "needs_notes", "funding_line",
        ]
        widgets = {
            "date_of_birth": DateInput(),
            "planned_departure": DateInput(),
            "health_notes": forms.Textarea(attrs={"rows": 2}),
            "needs_notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, choices in (
            ("origin_country", [("", "---------"), *country_choices()]),
            ("languages", language_choices()),
            ("instruction_language", language_choices()),
        ):
            field = self.fields[name]
            if isinstance(field, forms.ChoiceField):
                field.choices = choices
        sites = Site.objects.all() if can_take_in_at_any_site(user) else Site.objects.filter(pk=user.site_id or 0)
        self.fields["site"].queryset = sites  # type: ignore[attr-defined]
        self.fields["counsellor"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            role=Role.COUNSELLOR, site__in=sites, is_active=True
        ).order_by("last_name")
        if not self.is_bound and self.instance.pk is None:
            if works_at_one_site(user):
                self.initial.setdefault("site", user.site_id)
                self.initial.setdefault("counsellor", user.pk)
            self.initial.setdefault("instruction_language", "de")


class IntakeForm(ParticipantForm):
    consent_given_on = forms.DateField(
        label=_("consent to take part given on"), widget=DateInput(),
        help_text=_("The participant agreed that their data is processed to take part in the programme."),
    )
    extra_consents = forms.MultipleChoiceField(
        label=_("further consents given"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[c for c in ConsentPurpose.choices if c[0] != ConsentPurpose.PARTICIPATION],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("consent_given_on", timezone.localdate())
        # Once funding lines exist every new intake names the line that pays for it.
        self.fields["funding_line"].required = FundingLine.objects.exists()


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("purpose"), choices=ConsentPurpose.choices)
    given_on = forms.DateField(label=_("given on"), widget=DateInput())


class EligibilityForm(forms.ModelForm):
    class Meta:
        model = EligibilityCheck
        fields = ["basis", "note", "checked_on", "module"]
        widgets = {"checked_on": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = Module.objects.order_by("code")  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.setdefault("checked_on", timezone.localdate())


class ContactNoteForm(forms.ModelForm):
    class Meta:
        model = ContactNote
        fields = ["contacted_on", "kind", "text"]
        widgets = {"contacted_on": DateInput(), "text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("contacted_on", timezone.localdate())
            self.initial.setdefault("kind", ContactKind.RETURN_COUNSELLING)




class ProgrammeExitForm(forms.ModelForm):
    class Meta:
        model = ProgrammeExit
        fields = ["left_on", "reason"]
        widgets = {"left_on": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk is None:
            self.initial.setdefault("left_on", timezone.localdate())
