"""Who pays: funders, the project with its periods and extensions, and funding lines.

Every participant, session and document is tagged with the funding line that pays for
it, so a funder's figures and exports hold only its own records and each line keeps its
records for its own audit period.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class FunderKind(models.TextChoices):
    FEDERAL = "federal", _("Federal programme (via implementing agency)")
    STATE = "state", _("State office")
    EU = "eu", _("EU fund")
    OTHER = "other", _("Other")


class Funder(models.Model):
    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=FunderKind.choices)

    class Meta:
        ordering = ["name"]
        verbose_name = _("funder")
        verbose_name_plural = _("funders")

    def __str__(self) -> str:
        return self.name


class Project(models.Model):
    """The funded project; its end moves with each recorded extension."""

    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("originally ends on"))

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="project_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def current_end(self) -> dt.date:
        """The original end, or the new end of the latest extension."""
        latest = self.extensions.order_by("-decided_on", "-pk").first()
        return latest.new_end if latest is not None else self.ends_on


class ProjectExtension(models.Model):
    """A decision to extend the project to a new end date (kept, never overwritten)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="extensions")
    new_end = models.DateField(_("new end"))
    decided_on = models.DateField(_("decided on"))
    reference = models.CharField(_("decision reference"), max_length=120, blank=True)

    class Meta:
        ordering = ["decided_on", "pk"]
        verbose_name = _("project extension")
        verbose_name_plural = _("project extensions")

    def __str__(self) -> str:
        return f"{self.project} → {self.new_end}"


class FundingLine(models.Model):
    """One funder's money for the project, under its own project number."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="lines")
    funder = models.ForeignKey(Funder, verbose_name=_("funder"), on_delete=models.PROTECT, related_name="lines")
    project_number = models.CharField(_("project number"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    share_percent = models.DecimalField(
        _("funding share (%)"), max_digits=5, decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    final_report_on = models.DateField(
        _("final report submitted on"), null=True, blank=True,
        help_text=_("The retention period runs from this date."),
    )
    retention_years = models.PositiveSmallIntegerField(
        _("retention (years after the final report)"), default=10,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )

    class Meta:
        ordering = ["project", "funder__name"]
        verbose_name = _("funding line")
        verbose_name_plural = _("funding lines")

    def __str__(self) -> str:
        return f"{self.funder} · {self.project_number}"

    def retention_ends_on(self) -> dt.date | None:
        """Last day records of this line must be kept; None while no final report was made."""
        if self.final_report_on is None:
            return None
        day = self.final_report_on
        try:
            return day.replace(year=day.year + self.retention_years)
        except ValueError:  # 29 February
            return day.replace(year=day.year + self.retention_years, day=28)


class ReportingPeriod(models.Model):
    """A period a funder wants its figures for (e.g. a calendar year of one funding line).

    Closing it freezes its report (reporting.FrozenReport); the periods of one line do not
    overlap, so no figure of one can be worked out by subtracting another."""

    funding_line = models.ForeignKey(
        FundingLine, verbose_name=_("funding line"), on_delete=models.PROTECT, related_name="reporting_periods"
    )
    name = models.CharField(_("name"), max_length=120)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on (inclusive)"))

    class Meta:
        ordering = ["funding_line", "starts_on"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="reporting_period_ends_after_start"
            ),
            models.UniqueConstraint(fields=["funding_line", "starts_on"], name="reporting_period_unique_start"),
        ]

    def __str__(self) -> str:
        return f"{self.funding_line} · {self.name}"

    def clean(self) -> None:
        if self.funding_line_id is None or self.starts_on is None or self.ends_on is None:
            return
        overlapping = ReportingPeriod.objects.filter(
            funding_line_id=self.funding_line_id, starts_on__lte=self.ends_on, ends_on__gte=self.starts_on
        ).exclude(pk=self.pk)
        if overlapping.exists():
            raise ValidationError(
                {"starts_on": _("This period overlaps another reporting period of the same funding line.")}
            )
