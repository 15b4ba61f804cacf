"""What we teach: the five workshop trades and their modules."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from catalogue.languages import TRANSLATED_LANGUAGES
from catalogue.units import MINUTES_PER_TEACHING_UNIT, teaching_units_from_hours

__all__ = [
    "MINUTES_PER_TEACHING_UNIT", "LocalisedText", "Module", "ModuleSkill", "ModuleTranslation", "Trade",
    "TradeTranslation",
]

ERROR_TRANSLATION_LANGUAGE = _("%(language)s is not a participant language the catalogue is translated into.")


def _german_only() -> list[str]:
    return ["de"]


@dataclass(frozen=True)
class LocalisedText:
    """A catalogue text in the language it was asked for, or its English fallback (`fallback`
    True, `language` "en"): pages show the fallback as English, never silently German."""

    text: str
    language: str
    fallback: bool

    def __str__(self) -> str:
        return self.text


def _active_language() -> str:
    return (get_language() or "de").split("-")[0]


def _localised(obj: Any, field: str, language: str | None = None) -> LocalisedText:
    """German and English from the record's own fields; any other participant language from
    its translation, else English (a German reader never sees English and vice versa)."""
    language = language or _active_language()
    if language == "de":
        return LocalisedText(getattr(obj, f"{field}_de"), "de", False)
    english = getattr(obj, f"{field}_en") or getattr(obj, f"{field}_de")
    if language != "en":
        translation = obj.translation_for(language)
        text = getattr(translation, field, "") if translation is not None else ""
        if text:
            return LocalisedText(text, language, False)
        return LocalisedText(english, "en", True)
    return LocalisedText(english, "en", False)


class TranslatedMixin:
    """A record with a `translations` relation (one row per participant language)."""

    translations: Any

    @property
    def reviewed_translation_count(self) -> int:
        return sum(1 for translation in self.translations.all() if translation.reviewed_by_native_speaker)

    def translation_for(self, language: str) -> Any:
        # Iterating .all() uses a prefetch when the selector made one (no query per record).
        for translation in self.translations.all():
            if translation.language == language:
                return translation
        return None


class Trade(TranslatedMixin, models.Model):
    code = models.SlugField(_("code"), max_length=20, unique=True)
    name_de = models.CharField(_("name (German)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("trade")
        verbose_name_plural = _("trades")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _localised(self, "name").text

    def name_in(self, language: str | None = None) -> LocalisedText:
        return _localised(self, "name", language)


class Module(TranslatedMixin, models.Model):
    trade = models.ForeignKey(Trade, verbose_name=_("trade"), on_delete=models.PROTECT, related_name="modules")
    code = models.CharField(_("code"), max_length=20, unique=True)
    title_de = models.CharField(_("title (German)"), max_length=150)
    title_en = models.CharField(_("title (English)"), max_length=150)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    learning_outcomes_de = models.TextField(_("learning outcomes (German)"), blank=True)
    learning_outcomes_en = models.TextField(_("learning outcomes (English)"), blank=True)
    prerequisites = models.ManyToManyField(
        "self", verbose_name=_("prerequisites"), symmetrical=False, blank=True, related_name="leads_to"
    )
    #: languages the module can be taught in (ISO 639 codes), German first
    instruction_languages = models.JSONField(_("languages of instruction"), default=_german_only, blank=True)

    class Meta:
        ordering = ["trade__position", "code"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        constraints = [
            models.CheckConstraint(condition=models.Q(hours__gt=0), name="module_hours_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        return _localised(self, "title").text

    @property
    def learning_outcomes(self) -> str:
        return _localised(self, "learning_outcomes").text

    def title_in(self, language: str | None = None) -> LocalisedText:
        return _localised(self, "title", language)

    def learning_outcomes_in(self, language: str | None = None) -> LocalisedText:
        return _localised(self, "learning_outcomes", language)

    @property
    def teaching_units(self) -> Decimal:
        """Hours expressed in 45-minute teaching units."""
        return teaching_units_from_hours(self.hours)


class ModuleSkill(models.Model):
    """A skill (ESCO URI, or a workshop skill curated by hand) a module teaches, up to `level`.

    Someone whose profile shows every skill of a module at or above its level masters it."""

    module = models.ForeignKey(Module, verbose_name=_("module"), on_delete=models.CASCADE, related_name="skills")
    skill_uri = models.CharField(_("skill URI"), max_length=200)
    level = models.PositiveSmallIntegerField(_("level reached"))

    class Meta:
        ordering = ["module", "skill_uri"]
        verbose_name = _("module skill")
        verbose_name_plural = _("module skills")
        constraints = [
            models.UniqueConstraint(fields=["module", "skill_uri"], name="moduleskill_unique"),
            models.CheckConstraint(condition=models.Q(level__gte=1) & models.Q(level__lte=4), name="moduleskill_level"),
        ]

    def __str__(self) -> str:
        return f"{self.module.code} {self.skill_uri} ≥ {self.level}"


class CatalogueTranslation(models.Model):
    """One participant language's wording of a catalogue record (German and English live on the
    record itself). Machine or non-native drafts stay marked until a native speaker checked
    them, like the `X-Reviewed-By-Native-Speaker` header of the message catalogues."""

    language = models.CharField(_("language"), max_length=8)
    reviewed_by_native_speaker = models.BooleanField(_("reviewed by a native speaker"), default=False)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        abstract = True

    def clean(self) -> None:
        if self.language not in TRANSLATED_LANGUAGES:
            raise ValidationError({"language": ERROR_TRANSLATION_LANGUAGE % {"language": self.language}})


class TradeTranslation(CatalogueTranslation):
    trade = models.ForeignKey(Trade, verbose_name=_("trade"), on_delete=models.CASCADE, related_name="translations")
    name = models.CharField(_("name"), max_length=100, blank=True)

    class Meta:
        ordering = ["trade", "language"]
        verbose_name = _("trade translation")
        verbose_name_plural = _("trade translations")
        constraints = [models.UniqueConstraint(fields=["trade", "language"], name="tradetranslation_unique")]

    def __str__(self) -> str:
        return f"{self.trade.code} [{self.language}]"


class ModuleTranslation(CatalogueTranslation):
    module = models.ForeignKey(
        Module, verbose_name=_("module"), on_delete=models.CASCADE, related_name="translations"
    )
    title = models.CharField(_("title"), max_length=150, blank=True)
    learning_outcomes = models.TextField(_("learning outcomes"), blank=True)

    class Meta:
        ordering = ["module", "language"]
        verbose_name = _("module translation")
        verbose_name_plural = _("module translations")
        constraints = [models.UniqueConstraint(fields=["module", "language"], name="moduletranslation_unique")]

    def __str__(self) -> str:
        return f"{self.module.code} [{self.language}]"
