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


class ParticipantFact(models.Model):
    """One row per participant: every fact a figure counts, as dates, so the report for any
    period reads one narrow table instead of joining plans, certificates, returns, exits,
    enrolments and results for every person (reporting.facts).

    Derived, never edited by hand: `reporting.facts` rewrites a person's row in the same
    transaction as each write that changes one of these facts (the models' save and delete
    signals, and `participants.signals.participant_facts_changed` from services that write in
    bulk); `rebuild_report_facts` rewrites them all. Dates instead of flags, so a period ending
    on any day counts exactly: e.g. "with a plan" is `plan_on <= end`. Trade and module hours
    change over time; they are exact from `trade_settled_on`/`hours_settled_on` on, and the
    report works out the few earlier cases from the records.

    No database constraint on the participant: the row goes with its person (a delete signal),
    and a cascade deleting a person's plans must not write a row the constraint then refuses."""

    participant = models.OneToOneField(
        "participants.Participant", primary_key=True, on_delete=models.DO_NOTHING, db_constraint=False,
        related_name="+",
    )
    intake_date = models.DateField()
    month = models.DateField()
    funding_line_id = models.IntegerField(null=True)
    site_id = models.IntegerField(null=True)
    origin_country = models.CharField(max_length=8, blank=True)
    gender = models.CharField(max_length=8, blank=True)
    #: completed years on the intake day
    age = models.IntegerField(null=True)
    #: the first day an agreed plan existed
    plan_on = models.DateField(null=True)
    #: the earliest issue date of a certificate valid today
    qualified_on = models.DateField(null=True)
    #: the actual departure, when the return record says returned
    returned_on = models.DateField(null=True)
    #: "withdrawn" or "stays" when the return record says so ("" otherwise), and its status date
    dropped_status = models.CharField(max_length=12, blank=True)
    dropped_on = models.DateField(null=True)
    left_early_on = models.DateField(null=True)
    #: the trade of the latest agreed plan version, exact for periods ending on or after
    #: `trade_settled_on` (the last agreement)
    trade_id = models.IntegerField(null=True)
    trade_settled_on = models.DateField(null=True)
    #: catalogue hours of every enrolment with a result, exact from `hours_settled_on` (the last result)
    hours = models.DecimalField(max_digits=12, decimal_places=1, default=0)
    hours_settled_on = models.DateField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["intake_date"], name="reporting_fact_intake"),
            # the report asks first whether any row settled after a period's end (two index probes)
            models.Index(fields=["trade_settled_on"], name="reporting_fact_trade_settled"),
            models.Index(fields=["hours_settled_on"], name="reporting_fact_hours_settled"),
        ]

    def __str__(self) -> str:
        return f"facts of participant {self.participant_id}"


class ParticipantHoursStep(models.Model):
    """A participant's module hours as they stood after each day with a result: one row per
    (person, result day), `hours` the sum of every result recorded on or before that day.

    Serves the report of a period that ended before the person's last result: their hours then
    are one index probe (the latest step on or before the end) instead of joining enrolments,
    results, sessions and modules. Derived and maintained with `ParticipantFact`."""

    participant_id = models.IntegerField()
    recorded_on = models.DateField()
    hours = models.DecimalField(max_digits=12, decimal_places=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant_id", "recorded_on"], name="reporting_hours_step_unique"),
        ]

    def __str__(self) -> str:
        return f"hours of participant {self.participant_id} on {self.recorded_on}"
