from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from funding.models import Funder, FundingLine, Project


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class FunderForm(forms.ModelForm):
    class Meta:
        model = Funder
        fields = ["code", "name", "kind"]


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = ["name", "starts_on", "ends_on"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}
        help_texts = {"ends_on": _("A later end decided by the funder is recorded as an extension below.")}


class ExtensionForm(forms.Form):
    new_end = forms.DateField(label=_("new end"), widget=DateInput())
    decided_on = forms.DateField(label=_("decided on"), widget=DateInput())
    reference = forms.CharField(label=_("decision reference"), max_length=120, required=False)


class FundingLineForm(forms.ModelForm):
    class Meta:
        model = FundingLine
        fields = ["funder", "project", "project_number", "name", "share_percent", "final_report_on",
                  "retention_years"]
        widgets = {"final_report_on": DateInput()}
