"""What we teach: the five workshop trades and their modules."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from catalogue.units import MINUTES_PER_TEACHING_UNIT, teaching_units_from_hours

__all__ = ["MINUTES_PER_TEACHING_UNIT", "Module", "ModuleSkill", "Trade"]


def _german_only() -> list[str]:
    return ["de"]


def _pick(obj: object, field: str) -> str:
    """The German or English text of a bilingual field, by the active language."""
    lang = (get_language() or "de")[:2]
    localised = getattr(obj, f"{field}_{lang}", "") if lang in ("de", "en") else ""
    return localised or getattr(obj, f"{field}_de")


class Trade(models.Model):
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
        return _pick(self, "name")


class Module(models.Model):
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
        return _pick(self, "title")

    @property
    def learning_outcomes(self) -> str:
        return _pick(self, "learning_outcomes")

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
