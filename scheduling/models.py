"""When and where: sessions of a module at a site, their meetings, and enrolments."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Site
from catalogue.models import Module
from participants.models import Participant


def ends_by_departure(departure: dt.date) -> models.Q:
    """A session ends by the departure when its last day lies on or before it.

    The one definition of the rule on the Django side, used through `SessionQuerySet` (the
    pure modules `plans.recommender` and `scheduling.solver.prepare` compare plain dates)."""
    return models.Q(ends_on__lte=departure)


class SessionQuerySet(models.QuerySet["Session"]):
    def ending_by_departure(self, *, departure: dt.date) -> SessionQuerySet:
        return self.filter(ends_by_departure(departure))

    def annotate_ends_by_departure(self, *, departure: dt.date) -> SessionQuerySet:
        """Each session with `ends_by_departure` (True/False), for lists that show both."""
        return self.annotate(
            ends_by_departure=models.ExpressionWrapper(ends_by_departure(departure), output_field=models.BooleanField())
        )


class SessionManager(models.Manager["Session"]):
    def get_queryset(self) -> SessionQuerySet:
        return SessionQuerySet(self.model, using=self._db)

    def ending_by_departure(self, *, departure: dt.date) -> SessionQuerySet:
        return self.get_queryset().ending_by_departure(departure=departure)

    def annotate_ends_by_departure(self, *, departure: dt.date) -> SessionQuerySet:
        return self.get_queryset().annotate_ends_by_departure(departure=departure)


class Session(models.Model):
    module = models.ForeignKey(Module, verbose_name=_("module"), on_delete=models.PROTECT, related_name="sessions")
    site = models.ForeignKey(Site, verbose_name=_("site"), on_delete=models.PROTECT, related_name="sessions")
    instructor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("instructor"),
        on_delete=models.PROTECT,
        related_name="sessions_taught",
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    capacity = models.PositiveSmallIntegerField(_("capacity"))
    #: who pays for this record (funding app); a funder's figures hold only its own lines
    funding_line = models.ForeignKey(
        "funding.FundingLine", verbose_name=_("funding line"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="sessions",
    )

    objects = SessionManager()

    class Meta:
        ordering = ["starts_on", "module__code"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="session_dates_ordered"
            ),
            models.CheckConstraint(condition=models.Q(capacity__gt=0), name="session_capacity_positive"),
        ]
        indexes = [
            # the session list (current and upcoming, in date order) and the enrolment page (a
            # plan's modules, not ended yet, next to start): index walks at 140,000 sessions
            models.Index(fields=["ends_on", "starts_on"], name="scheduling_session_list_idx"),
            models.Index(fields=["module", "ends_on", "starts_on"], name="scheduling_session_open_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.module.code} {self.site.code} {self.starts_on:%d.%m.%Y}"


class Meeting(models.Model):
    """One day of a session; attendance is recorded per meeting."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))

    class Meta:
        ordering = ["session", "date", "starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(fields=["session", "date", "starts_at"], name="meeting_unique_slot"),
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="meeting_times_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.session} {self.date:%d.%m.%Y}"


class Enrolment(models.Model):
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="enrolments")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="enrolments")
    enrolled_at = models.DateTimeField(auto_now_add=True)
    enrolled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["session", "participant__last_name"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["session", "participant"], name="enrolment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} → {self.session}"


class SchedulingProfile(models.Model):
    """What the scheduler must respect beyond the plan, the departure and the participant's
    availability (days and reachable sites live in assessments.Availability, one source)."""

    participant = models.OneToOneField(Participant, on_delete=models.CASCADE, related_name="scheduling_profile")
    earliest_start = models.DateField(_("earliest start"), null=True, blank=True)

    class Meta:
        verbose_name = _("scheduling profile")
        verbose_name_plural = _("scheduling profiles")

    def __str__(self) -> str:
        return f"{self.participant}"


class Pin(models.Model):
    """A manual decision the optimiser must keep: this participant goes to this session."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="scheduling_pins")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="pins")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pin")
        verbose_name_plural = _("pins")
        constraints = [models.UniqueConstraint(fields=["participant", "session"], name="pin_unique")]

    def __str__(self) -> str:
        return f"{self.participant} ⇒ {self.session}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    FINISHED = "finished", _("proposal ready")
    FAILED = "failed", pgettext_lazy("optimiser run", "failed")
    APPLIED = "applied", _("applied")
    DISCARDED = "discarded", _("discarded")


class ScheduleRun(models.Model):
    """One optimisation: its progress while it runs, then a proposal to apply or discard."""

    status = models.CharField(_("status"), max_length=12, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.FloatField(_("progress"), default=0.0)
    time_limit = models.PositiveSmallIntegerField(_("time limit (seconds)"), default=20)
    best_completed = models.PositiveIntegerField(_("completed plans (best so far)"), null=True, blank=True)
    bound = models.PositiveIntegerField(_("upper bound on completed plans"), null=True, blank=True)
    completed_before = models.PositiveIntegerField(_("completed plans under the current schedule"), null=True,
                                                   blank=True)
    greedy_completed = models.PositiveIntegerField(_("completed plans, first come first served"), null=True,
                                                   blank=True)
    participants = models.PositiveIntegerField(_("participants considered"), default=0)
    message = models.CharField(_("message"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), on_delete=models.PROTECT, related_name="+",
        null=True, blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("schedule run")
        verbose_name_plural = _("schedule runs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__gte=0) & models.Q(progress__lte=1), name="schedulerun_progress_range"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_status_display()}"

    @property
    def is_active(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)

    @property
    def percent(self) -> int:
        return round(self.progress * 100)


class ScheduleMove(models.Model):
    """Part of a proposal: enrol this participant in this session."""

    run = models.ForeignKey(ScheduleRun, on_delete=models.CASCADE, related_name="moves")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")
    completes_plan = models.BooleanField(_("completes the plan"), default=False)

    class Meta:
        ordering = ["run", "participant", "session__starts_on"]
        verbose_name = _("proposed enrolment")
        verbose_name_plural = _("proposed enrolments")
        constraints = [models.UniqueConstraint(fields=["run", "participant", "session"], name="schedulemove_unique")]

    def __str__(self) -> str:
        return f"{self.participant} → {self.session}"


class ScheduleRisk(models.Model):
    """Part of a proposal: a plan that still cannot finish before departure, and why."""

    run = models.ForeignKey(ScheduleRun, on_delete=models.CASCADE, related_name="risks")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    #: [{"code": ..., "module": "MET-201", "date": "2027-03-14", "other": ""}]
    reasons = models.JSONField(default=list)

    class Meta:
        ordering = ["run", "participant__planned_departure"]
        verbose_name = _("plan at risk")
        verbose_name_plural = _("plans at risk")

    def __str__(self) -> str:
        return f"{self.participant}"


class PlanRisk(models.Model):
    """The stored verdict on a participant's agreed plan: can it still finish before departure?

    Written only by `scheduling.risk` (in the transaction of the change that affects it, or by
    `manage.py recompute_plan_risk`); the at-risk page and the case file read it, so they agree.
    One row per participant in scope (agreed plan, departure today or later, not left early)."""

    participant = models.OneToOneField(
        Participant, primary_key=True, on_delete=models.CASCADE, related_name="plan_risk"
    )
    at_risk = models.BooleanField(_("at risk"), default=False)
    #: the blocking reasons, as ScheduleRisk.reasons: [{"code", "module", "date", "other"}]
    reasons = models.JSONField(default=list, blank=True)
    #: the day the verdict holds for ("sessions starting after today can take people")
    computed_for = models.DateField(_("judged for"))
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("plan risk verdict")
        verbose_name_plural = _("plan risk verdicts")
        indexes = [
            models.Index(fields=["participant"], condition=models.Q(at_risk=True), name="planrisk_at_risk"),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id}: {'at risk' if self.at_risk else 'on track'}"
