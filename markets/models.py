"""What is asked for at home: labour-market profiles per origin country, versioned.

Every import of a country's figures makes a new `MarketProfileVersion`; plans remember
the version their recommendation used (`plans.Plan.market_version`). Versions marked
`illustrative` hold demo values, never real statistics, and say so wherever shown.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from languages.codes import country_name


class DemandLevel(models.TextChoices):
    HIGH = "high", _("high")
    MEDIUM = "medium", _("medium")
    LOW = "low", _("low")


class WorkMode(models.TextChoices):
    EMPLOYED = "employed", _("employed")
    SELF_EMPLOYED = "self_employed", _("self-employed")
    INFORMAL = "informal", _("informal")
    MIXED = "mixed", _("mixed")


class MarketProfile(models.Model):
    country = models.CharField(_("country"), max_length=2, unique=True, help_text=_("ISO 3166 code"))

    class Meta:
        ordering = ["country"]
        verbose_name = _("labour-market profile")
        verbose_name_plural = _("labour-market profiles")

    def __str__(self) -> str:
        return self.country_name

    @property
    def country_name(self) -> str:
        return country_name(self.country)


class MarketProfileVersion(models.Model):
    profile = models.ForeignKey(MarketProfile, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveSmallIntegerField(_("version"))
    illustrative = models.BooleanField(
        _("illustrative (demo values, not real statistics)"), default=False
    )
    file_name = models.CharField(_("imported from"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("imported by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["profile", "-version"]
        verbose_name = _("labour-market profile version")
        verbose_name_plural = _("labour-market profile versions")
        constraints = [
            models.UniqueConstraint(fields=["profile", "version"], name="marketversion_unique_version"),
        ]

    def __str__(self) -> str:
        return f"{self.profile.country} v{self.version}"


class OccupationDemand(models.Model):
    version = models.ForeignKey(MarketProfileVersion, on_delete=models.CASCADE, related_name="demands")
    isco_code = models.CharField(_("ISCO-08 code"), max_length=4)
    esco_uri = models.CharField(_("ESCO occupation URI"), max_length=200, blank=True)
    occupation = models.CharField(_("occupation"), max_length=200, blank=True)
    level = models.CharField(_("demand"), max_length=6, choices=DemandLevel.choices)
    score = models.DecimalField(_("score (0–100)"), max_digits=4, decimal_places=1, null=True, blank=True)
    work_mode = models.CharField(_("typical way of working"), max_length=15, choices=WorkMode.choices)
    source = models.CharField(_("source"), max_length=300)
    source_date = models.DateField(_("as of"))

    class Meta:
        ordering = ["version", "isco_code", "esco_uri"]
        verbose_name = _("occupation demand")
        verbose_name_plural = _("occupation demand")
        constraints = [
            models.UniqueConstraint(fields=["version", "isco_code", "esco_uri"], name="demand_unique_occupation"),
            models.CheckConstraint(condition=models.Q(isco_code__regex=r"^[0-9]{4}$"), name="demand_isco_four_digits"),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | (models.Q(score__gte=0) & models.Q(score__lte=100)),
                name="demand_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.isco_code} {self.level}"
