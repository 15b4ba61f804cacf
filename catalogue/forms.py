from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assessments.models import EscoSkill, SkillLevel
from catalogue.languages import INSTRUCTION_LANGUAGES, TRANSLATED_LANGUAGES
from catalogue.models import Module

SKILL_ROWS = 8


class ModuleForm(forms.ModelForm):
    prerequisites = forms.ModelMultipleChoiceField(
        label=_("prerequisites"), queryset=Module.objects.order_by("code"), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    instruction_languages = forms.MultipleChoiceField(
        label=_("languages of instruction"), choices=list(INSTRUCTION_LANGUAGES.items()),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Module
        fields = ["trade", "code", "title_de", "title_en", "hours", "learning_outcomes_de", "learning_outcomes_en",
                  "instruction_languages"]
        widgets = {"learning_outcomes_de": forms.Textarea(attrs={"rows": 4}),
                   "learning_outcomes_en": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["prerequisites"].queryset = Module.objects.exclude(pk=self.instance.pk).order_by("code")  # type: ignore[attr-defined]
            self.initial["prerequisites"] = list(self.instance.prerequisites.all())


class ModuleTranslationsForm(forms.Form):
    """Title, learning outcomes and the native-speaker review for every participant language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code in TRANSLATED_LANGUAGES:
            self.fields[f"{code}-title"] = forms.CharField(label=_("title"), max_length=150, required=False)
            self.fields[f"{code}-learning_outcomes"] = forms.CharField(
                label=_("learning outcomes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
            self.fields[f"{code}-reviewed_by_native_speaker"] = forms.BooleanField(
                label=_("reviewed by a native speaker"), required=False)
            for suffix in ("title", "learning_outcomes"):
                self.fields[f"{code}-{suffix}"].widget.attrs.update({"lang": code, "dir": "auto"})

    def languages(self) -> list[dict[str, Any]]:
        return [
            {"code": code, "name": name, "fields": [self[f"{code}-{suffix}"] for suffix in
                                                    ("title", "learning_outcomes", "reviewed_by_native_speaker")]}
            for code, name in TRANSLATED_LANGUAGES.items()
        ]

    def texts(self) -> dict[str, dict[str, Any]]:
        return {
            code: {suffix: self.cleaned_data[f"{code}-{suffix}"]
                   for suffix in ("title", "learning_outcomes", "reviewed_by_native_speaker")}
            for code in TRANSLATED_LANGUAGES
        }


class ModuleSkillsForm(forms.Form):
    """Up to SKILL_ROWS skills, each from the loaded ESCO taxonomy, with the level the module reaches.
    Rows left empty are ignored."""

    def __init__(self, *args: Any, current: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offered = EscoSkill.objects.filter(Q(in_programme=True) | Q(uri__in=current or []))
        skills = [("", "—")] + [(skill.uri, skill.label) for skill in offered.order_by("trade", "label_en")]
        levels = [("", "—")] + [(str(level.value), level.label) for level in SkillLevel]
        for row in range(SKILL_ROWS):
            self.fields[f"skill-{row}"] = forms.ChoiceField(label=_("skill"), choices=skills, required=False)
            self.fields[f"level-{row}"] = forms.TypedChoiceField(label=_("level reached"), choices=levels,
                                                                 coerce=int, empty_value=None, required=False)

    def rows(self) -> list[tuple[Any, Any]]:
        return [(self[f"skill-{row}"], self[f"level-{row}"]) for row in range(SKILL_ROWS)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for row in range(SKILL_ROWS):
            if data.get(f"skill-{row}") and not data.get(f"level-{row}"):
                self.add_error(f"level-{row}", _("Choose the level the module reaches."))
        return data

    def skills(self) -> list[tuple[str, int]]:
        return [(self.cleaned_data[f"skill-{row}"], self.cleaned_data[f"level-{row}"])
                for row in range(SKILL_ROWS) if self.cleaned_data.get(f"skill-{row}")]
