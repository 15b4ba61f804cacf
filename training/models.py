"""What happened: attendance per meeting and the result per enrolment."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalogue.units import teaching_units
from scheduling.models import Enrolment, Meeting
from vault.fields import EncryptedTextField


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("present")
    EXCUSED = "excused", _("excused absence")
    UNEXCUSED = "unexcused", _("unexcused absence")


class SignatureKind(models.TextChoices):
    """How a signature was given: drawn on the pad, or (issue 24, for whoever cannot draw on a
    screen: keyboard, switch or screen-reader users) the full name typed with an explicit
    confirmation. Recorded, so a typed name is never mistaken for a drawn signature."""

    DRAWN = "drawn", _("drawn")
    TYPED = "typed", _("typed name, confirmed")


class Attendance(models.Model):
    """One participant on one meeting day. Once the day is countersigned (AttendanceDay) the
    row changes only through `attendance_correct`, which keeps the earlier values."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus.choices)
    arrived_at = models.TimeField(_("arrived late at"), null=True, blank=True)
    left_at = models.TimeField(_("left early at"), null=True, blank=True)
    #: derived by the service from the meeting's times, status, arrival and leaving (training/rules.py)
    minutes_attended = models.PositiveIntegerField(_("minutes attended"), default=0)
    #: may name an illness (health data): encrypted at rest like other sensitive notes
    absence_reason = EncryptedTextField(_("reason for absence"), blank=True)
    #: proof of the absence (e.g. a sick note): under MEDIA_ROOT, served by an access-checked view
    proof_path = models.CharField(max_length=300, blank=True, editable=False)
    proof_name = models.CharField(_("proof"), max_length=150, blank=True, editable=False)
    #: the participant's drawn signature as SVG path data ("M x y L x y …"), see static/js/signature.js
    #: or, when `signature_kind` is typed, the name the participant typed and confirmed
    signature = models.TextField(_("signature"), blank=True)
    signature_kind = models.CharField(
        _("signature given as"), max_length=5, choices=SignatureKind.choices, default=SignatureKind.DRAWN
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "enrolment"], name="attendance_unique"),
            models.CheckConstraint(
                condition=models.Q(status="present") | models.Q(arrived_at__isnull=True, left_at__isnull=True),
                name="attendance_times_only_when_present",
            ),
            models.CheckConstraint(
                condition=models.Q(arrived_at__isnull=True)
                | models.Q(left_at__isnull=True)
                | models.Q(left_at__gt=models.F("arrived_at")),
                name="attendance_left_after_arrival",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} {self.meeting.date}: {self.status}"

    @property
    def units_attended(self) -> Decimal:
        return teaching_units(self.minutes_attended)

    @property
    def has_proof(self) -> bool:
        return bool(self.proof_path)


class AttendanceDay(models.Model):
    """The day as a whole: the instructor's countersignature locks it; a signed paper list
    (scan) can stand in for the tablet."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="attendance_day")
    countersignature = models.TextField(_("countersignature"), blank=True)
    countersignature_kind = models.CharField(
        _("countersignature given as"), max_length=5, choices=SignatureKind.choices, default=SignatureKind.DRAWN
    )
    countersigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("countersigned by"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    countersigned_at = models.DateTimeField(_("countersigned at"), null=True, blank=True)
    scan_path = models.CharField(max_length=300, blank=True, editable=False)
    scan_name = models.CharField(_("signed list (scan)"), max_length=150, blank=True, editable=False)
    scan_uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    scan_uploaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("attendance day")
        verbose_name_plural = _("attendance days")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(countersigned_at__isnull=True, countersigned_by__isnull=True)
                | (
                    models.Q(countersigned_at__isnull=False, countersigned_by__isnull=False)
                    & ~models.Q(countersignature="")
                ),
                name="attendanceday_countersigned_completely",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting}"

    @property
    def locked(self) -> bool:
        return self.countersigned_at is not None


class AttendanceCorrection(models.Model):
    """A change to a locked day: what it was, what it became, why, and who. Never edited."""

    attendance = models.ForeignKey(Attendance, on_delete=models.CASCADE, related_name="corrections")
    #: {"status", "arrived_at", "left_at", "minutes_attended"} before and after
    before = models.JSONField(_("before"))
    after = models.JSONField(_("after"))
    #: the absence reasons may name an illness: encrypted, outside the JSON
    absence_reason_before = EncryptedTextField(_("reason for absence before"), blank=True)
    absence_reason_after = EncryptedTextField(_("reason for absence after"), blank=True)
    reason = EncryptedTextField(_("reason for the correction"))
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("corrected by"), on_delete=models.PROTECT, related_name="+"
    )
    corrected_at = models.DateTimeField(_("corrected at"), auto_now_add=True)

    class Meta:
        ordering = ["attendance", "corrected_at", "pk"]
        verbose_name = _("attendance correction")
        verbose_name_plural = _("attendance corrections")
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="attendancecorrection_reason_given"),
        ]

    def __str__(self) -> str:
        return f"{self.attendance} ({self.corrected_at:%d.%m.%Y})"


class Outcome(models.TextChoices):
    PASSED = "passed", _("passed")
    FAILED = "failed", _("failed")


class Result(models.Model):
    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="result")
    outcome = models.CharField(_("result"), max_length=10, choices=Outcome.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_on = models.DateField(_("recorded on"))

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")

    def __str__(self) -> str:
        return f"{self.enrolment}: {self.outcome}"


class OfflineDevice(models.Model):
    """One login's offline copy of the day sheets (training/README.md, "Offline").

    The browser encrypts what it keeps (AES-GCM, WebCrypto) with `key`, which the server hands
    out for this login only. Revoking the device makes the server answer "gone" for its
    `token`: the page then wipes its IndexedDB. A new login gets a new device and key."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="offline_devices")
    #: the device's name for itself (kept in the browser, sent back with every key request)
    token = models.UUIDField(unique=True, editable=False)
    #: 32 random bytes, base64: the AES-256-GCM key of the device's store
    key = EncryptedTextField(editable=False)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-issued_at", "pk"]
        verbose_name = _("offline device")
        verbose_name_plural = _("offline devices")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True) | models.Q(revoked_by__isnull=False),
                name="offlinedevice_revoked_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.issued_at:%d.%m.%Y %H:%M}"

    @property
    def active(self) -> bool:
        return self.revoked_at is None and self.user.is_active


class OfflineSyncOutcome(models.TextChoices):
    RECORDED = "recorded", _("recorded")
    PROPOSED = "proposed", _("kept as a correction proposal")


class OfflineSync(models.Model):
    """One day sent from an offline device, once: a retry with the same idempotency key gets
    the same answer. A day countersigned before the sync arrived is not changed: the entries
    are kept here as a correction proposal (`proposal`) for the instructor or a manager."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    device = models.ForeignKey(OfflineDevice, on_delete=models.SET_NULL, null=True, blank=True, related_name="syncs")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="offline_syncs")
    idempotency_key = models.UUIDField(editable=False)
    #: SHA-256 of the canonical entries: the same key with other entries is refused
    payload_digest = models.CharField(max_length=64, editable=False)
    outcome = models.CharField(_("outcome"), max_length=10, choices=OfflineSyncOutcome.choices)
    entries = models.PositiveIntegerField(_("entries"))
    #: the proposed entries (JSON; statuses, times, reasons, signatures): encrypted, kept only for a proposal
    proposal = EncryptedTextField(blank=True)
    recorded_offline_at = models.DateTimeField(_("recorded offline at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        ordering = ["-received_at", "pk"]
        verbose_name = _("offline sync")
        verbose_name_plural = _("offline syncs")
        constraints = [
            models.UniqueConstraint(fields=["user", "idempotency_key"], name="offlinesync_key_once_per_user"),
            models.CheckConstraint(
                condition=models.Q(outcome="proposed") | models.Q(proposal=""),
                name="offlinesync_proposal_only_proposed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} {self.outcome}"
