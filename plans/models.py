"""What they will learn: the individual qualification plan, versioned."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessments.models import EscoOccupation
from catalogue.models import Module
from languages.codes import language_name
from markets.models import MarketProfileVersion
from participants.models import Participant


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    FINAL = "final", _("final (agreed)")
    SUPERSEDED = "superseded", _("superseded")


class Plan(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="plans")
    version = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    reason = models.TextField(_("reason for this version"), blank=True)
    agreed_on = models.DateField(_("agreed by the participant on"), null=True, blank=True)
    #: the language the plan was explained in before the participant agreed (ISO 639 code)
    agreement_language = models.CharField(_("explained in"), max_length=3, blank=True)
    target_occupation = models.ForeignKey(
        EscoOccupation, verbose_name=_("target occupation"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    #: the labour-market figures the recommendation used (stamped when set and when agreed)
    market_version = models.ForeignKey(
        MarketProfileVersion, verbose_name=_("labour-market profile version"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="plans",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modules: models.ManyToManyField[Module, PlanItem] = models.ManyToManyField(
        Module, through="PlanItem", related_name="+"
    )

    class Meta:
        ordering = ["participant", "-version"]
        verbose_name = _("qualification plan")
        verbose_name_plural = _("qualification plans")
        constraints = [
            models.UniqueConstraint(fields=["participant", "version"], name="plan_unique_version"),
            models.UniqueConstraint(
                fields=["participant"], condition=models.Q(status="draft"), name="plan_one_draft",
            ),
            models.UniqueConstraint(
                fields=["participant"], condition=models.Q(status="final"), name="plan_one_final",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="final") | models.Q(agreed_on__isnull=False),
                name="plan_final_has_agreement",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} v{self.version}"

    @property
    def agreement_language_name(self) -> str:
        return language_name(self.agreement_language) if self.agreement_language else ""

    @property
    def is_draft(self) -> bool:
        return self.status == PlanStatus.DRAFT


class PlanItem(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    module = models.ForeignKey(Module, verbose_name=_("module"), on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        ordering = ["plan", "position"]
        verbose_name = _("plan module")
        verbose_name_plural = _("plan modules")
        constraints = [
            models.UniqueConstraint(fields=["plan", "module"], name="planitem_unique_module"),
            models.UniqueConstraint(fields=["plan", "position"], name="planitem_unique_position"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.module.code}"
