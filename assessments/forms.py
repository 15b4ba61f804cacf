from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models import Assessment, SkillLevel
from participants.forms import DateInput


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = ["education_level", "education_years", "assessed_on", "notes"]
        widgets = {"assessed_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}


class WorkExperienceForm(forms.Form):
    occupation = forms.CharField(label=_("occupation"), max_length=150)
    years = forms.DecimalField(label=_("years"), min_value=0, max_value=70, decimal_places=1)


class SkillForm(forms.Form):
    skill = forms.CharField(label=_("skill"), max_length=150)
    level = forms.TypedChoiceField(label=_("level"), choices=SkillLevel.choices, coerce=int)


WorkFormSet = forms.formset_factory(WorkExperienceForm, extra=3, max_num=15)
SkillFormSet = forms.formset_factory(SkillForm, extra=4, max_num=30)
