"""Messages to participants and staff: consent per channel, what was sent (never what it
said), calendar links, and staff's message language.

What these models hold about a person is declared in `personal_data.py`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from languages.purposes import PARTICIPANT_LANGUAGES, STAFF_LANGUAGES
from participants.models import Participant
from vault.fields import EncryptedTextField


class Channel(models.TextChoices):
    """How a message reaches a person; e-mail is implemented (channels.py), the others are
    documented gateways behind the same interface."""

    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    MESSENGER = "messenger", _("Messenger")


class ChannelConsent(models.Model):
    """A participant's consent to messages on one channel, with the address to use.

    Given and withdrawn like every consent (dates, who recorded it); a withdrawal by the
    unsubscribe link has no recording user. At most one active consent per channel."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="notification_channels")
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    #: the e-mail address or phone number, encrypted at rest
    address = EncryptedTextField(_("address"))
    given_on = models.DateField(_("given on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+",
        null=True, blank=True,
    )

    class Meta:
        ordering = ["channel", "-given_on"]
        verbose_name = _("consent to messages")
        verbose_name_plural = _("consents to messages")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "channel"], condition=Q(withdrawn_on__isnull=True),
                name="channel_consent_one_active",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("given_on")),
                name="channel_consent_withdrawn_after_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} ({self.given_on})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None


class NotificationKind(models.TextChoices):
    SESSION_REMINDER = "session_reminder", _("Reminder of tomorrow's meetings")
    MEETING_MOVED = "meeting_moved", _("Meeting moved")
    MEETING_CANCELLED = "meeting_cancelled", _("Meeting cancelled")
    CERTIFICATE_READY = "certificate_ready", _("Certificate ready")
    FOLLOW_UP_DUE = "follow_up_due", _("Follow-up questionnaire due")
    COUNSELLOR_DIGEST = "counsellor_digest", _("Counsellor's daily digest")
    INSTRUCTOR_DIGEST = "instructor_digest", _("Instructor's daily digest")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("being sent")
    SENT = "sent", _("accepted by the mail server")
    BOUNCED = "bounced", _("bounced (address refused)")
    FAILED = "failed", _("failed")


def _participant_or_staff(name: str) -> models.CheckConstraint:
    """Exactly one of `participant` and `user`: a row belongs to a participant or to a staff member."""
    return models.CheckConstraint(
        condition=Q(participant__isnull=True, user__isnull=False) | Q(participant__isnull=False, user__isnull=True),
        name=name,
    )


class Delivery(models.Model):
    """One message: what kind went to whom, when, and what became of it — never its text.

    `key` names the occasion (kind, record ids, day); it is unique, so a second run of the
    same job (beat twice, a retry) cannot send the same message again."""

    key = models.CharField(max_length=120, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, null=True, blank=True, related_name="notification_deliveries"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    language = models.CharField(_("language"), max_length=8)
    status = models.CharField(_("status"), max_length=10, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.PENDING)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    #: an SMTP reply code or an exception's class name; never an address or a text
    error = models.CharField(_("error"), max_length=60, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("message sent")
        verbose_name_plural = _("messages sent")
        constraints = [
            _participant_or_staff("delivery_one_recipient"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"


class CalendarFeed(models.Model):
    """A private calendar link (iCal) for a participant's timetable or an instructor's
    sessions. The token is shown once and stored as a hash; revoking ends it (404)."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, null=True, blank=True, related_name="calendar_feeds"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="calendar_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar link")
        verbose_name_plural = _("calendar links")
        constraints = [
            _participant_or_staff("calendar_feed_one_owner"),
        ]

    def __str__(self) -> str:
        return f"calendar link #{self.pk}"


class StaffPreference(models.Model):
    """The language a staff member's messages are written in."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="notification_preference")
    language = models.CharField(_("language of messages"), max_length=8, default=STAFF_LANGUAGES[0],
                                choices=[(code, PARTICIPANT_LANGUAGES[code]) for code in STAFF_LANGUAGES])

    class Meta:
        verbose_name = _("message preference")
        verbose_name_plural = _("message preferences")

    def __str__(self) -> str:
        return f"preference #{self.pk}"


class AtRiskNotice(models.Model):
    """Since when a counsellor's digest has listed a participant's plan as at risk, so the
    digest can say which plans *became* at risk; the row goes when the risk does."""

    counsellor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    first_listed_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["counsellor", "participant"], name="at_risk_notice_unique"),
        ]

    def __str__(self) -> str:
        return f"at-risk notice #{self.pk}"
