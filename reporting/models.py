"""Frozen reports: what a closed reporting period said, kept unchanged."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from funding.models import ReportingPeriod


class FrozenReport(models.Model):
    """The figures of a closed reporting period as they stood when it was closed.

    `values` is the report as canonical JSON data, `content_hash` the SHA-256 of that JSON,
    `fingerprints` maps each counted participant's id to the hash of the facts counted for
    them, so a later run can say which records changed since. Never updated (see `save`)."""

    reporting_period = models.OneToOneField(
        ReportingPeriod, verbose_name=_("reporting period"), on_delete=models.PROTECT, related_name="frozen_report"
    )
    values = models.JSONField(_("figures"))
    content_hash = models.CharField(_("content hash (SHA-256)"), max_length=64)
    fingerprints = models.JSONField(_("record fingerprints"), blank=True)  # {} when nobody was counted
    closed_at = models.DateTimeField(_("closed at"), auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("closed by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-closed_at"]
        verbose_name = _("frozen report")
        verbose_name_plural = _("frozen reports")

    def __str__(self) -> str:
        return f"{self.reporting_period} ({self.content_hash[:12]})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A frozen report is evidence: once written it is never changed.
        if self.pk is not None:
            raise ValueError("A frozen report cannot be changed.")
        super().save(*args, **kwargs)
