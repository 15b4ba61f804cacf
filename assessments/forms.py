from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Site
from assessments.models import (
    Assessment,
    EducationLevel,
    EscoOccupation,
    EscoSkill,
    EvidenceSource,
    SkillLevel,
    Weekday,
    WorkKind,
)
from languages.codes import country_choices
from participants.forms import DateInput

ERROR_NO_OCCUPATION = _("Choose an ESCO occupation or describe the occupation.")
ERROR_NO_SKILL = _("Choose a skill or describe it.")


class OccupationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.label} · ISCO {obj.isco_code}"


class AssessmentForm(forms.ModelForm):
    education_country = forms.ChoiceField(label=_("country of education"), required=False)

    class Meta:
        model = Assessment
        fields = ["education_level", "education_years", "education_country", "assessed_on", "notes"]
        widgets = {"assessed_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["education_country"].choices = [("", "—"), *country_choices()]  # type: ignore[attr-defined]


class WorkExperienceForm(forms.Form):
    esco_occupation = OccupationChoiceField(
        label=_("occupation (ESCO)"), required=False,
        queryset=EscoOccupation.objects.filter(in_programme=True).order_by("group", "label_en"),
    )
    occupation = forms.CharField(label=_("or as described"), max_length=150, required=False)
    years = forms.DecimalField(label=_("years"), min_value=0, max_value=70, decimal_places=1)
    kind = forms.ChoiceField(label=_("kind of work"), choices=[("", "—"), *WorkKind.choices], required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data and not data.get("esco_occupation") and not data.get("occupation"):
            raise forms.ValidationError(ERROR_NO_OCCUPATION)
        return data


class SkillForm(forms.Form):
    esco_skill = forms.ModelChoiceField(
        label=_("skill (ESCO / workshop)"), required=False,
        queryset=EscoSkill.objects.filter(in_programme=True).order_by("trade", "label_en"),
    )
    skill = forms.CharField(label=_("or as described"), max_length=150, required=False)
    level = forms.TypedChoiceField(label=_("level"), choices=SkillLevel.choices, coerce=int)
    source = forms.ChoiceField(
        label=_("judged by"), choices=EvidenceSource.choices[:2], initial=EvidenceSource.COUNSELLOR
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data and not data.get("esco_skill") and not data.get("skill"):
            raise forms.ValidationError(ERROR_NO_SKILL)
        return data


WorkFormSet = forms.formset_factory(WorkExperienceForm, extra=3, max_num=15)
SkillFormSet = forms.formset_factory(SkillForm, extra=4, max_num=30)


class TryOutForm(forms.Form):
    esco_skill = forms.ModelChoiceField(
        label=_("skill tried out"),
        queryset=EscoSkill.objects.filter(in_programme=True).exclude(trade="").order_by("trade", "label_en"),
    )
    level = forms.TypedChoiceField(label=_("level shown"), choices=SkillLevel.choices, coerce=int)
    tried_on = forms.DateField(label=_("tried on"), widget=DateInput())
    notes = forms.CharField(label=_("observations"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AvailabilityForm(forms.Form):
    weekdays = forms.TypedMultipleChoiceField(
        label=_("days available"), choices=Weekday.choices, coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    hours_per_day = forms.DecimalField(label=_("hours per day"), min_value=1, max_value=10, decimal_places=1)
    sites = forms.ModelMultipleChoiceField(
        label=_("sites reachable"), queryset=Site.objects.order_by("name"), required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class SkillsProfileImportForm(forms.Form):
    file = forms.FileField(
        label=_("export of the EU Skills Profile Tool (XML or JSON)"),
        help_text=_("Only education, work experience, skills and languages are read; personal details are not."),
    )
    assessed_on = forms.DateField(label=_("profile taken on"), widget=DateInput())
    education_level = forms.TypedChoiceField(
        label=_("education level, if the file gives none"), coerce=int, empty_value=None, required=False,
        choices=[("", "—"), *EducationLevel.choices],
    )
