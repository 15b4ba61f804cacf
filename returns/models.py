"""What happens next: the return itself, the organisations around it, the hand-over to a
partner in the country of origin and the follow-up after return."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from participants.models import Participant


class ReturnStatus(models.TextChoices):
    RETURNED = "returned", _("returned")
    POSTPONED = "postponed", _("postponed")
    WITHDRAWN = "withdrawn", _("withdrawn from return")
    STAYS = "stays", _("stays in Germany")


class OrganisationKind(models.TextChoices):
    COUNSELLING = "counselling", _("return counselling centre")
    PARTNER = "partner", _("partner in the country of origin")


class WorkingLanguage(models.TextChoices):
    """The languages a hand-over package is printed in (returns/labels.py)."""

    ENGLISH = "en", "English"
    FRENCH = "fr", "Français"
    ARABIC = "ar", "العربية"


class Organisation(models.Model):
    """A referral source (a return-counselling centre that sent people to us) or a partner
    in a country of origin who carries on after return. Managed by managers."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=OrganisationKind.choices)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166 code"))
    city = models.CharField(_("city or region"), max_length=120, blank=True)
    working_language = models.CharField(
        _("working language"), max_length=2, choices=WorkingLanguage.choices, default=WorkingLanguage.ENGLISH
    )
    contact_person = models.CharField(_("contact person"), max_length=150, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.TextField(_("address"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "country", "name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(working_language__in=["en", "fr", "ar"]), name="organisation_language_printable"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Return(models.Model):
    participant = models.OneToOneField(Participant, on_delete=models.CASCADE, related_name="return_record")
    status = models.CharField(_("status"), max_length=12, choices=ReturnStatus.choices)
    actual_departure = models.DateField(_("actual departure"), null=True, blank=True)
    status_date = models.DateField(_("status as of"))
    reason = models.TextField(_("reason"), blank=True)
    #: free codes, e.g. a federal or state return support programme ("REAG/GARP", "StarthilfePlus")
    return_programme = models.CharField(_("return programme"), max_length=60, blank=True)
    travel_support = models.CharField(_("travel support"), max_length=60, blank=True)
    destination_region = models.CharField(_("destination region"), max_length=120, blank=True)
    referral_source = models.ForeignKey(
        Organisation, verbose_name=_("referred by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="referred_returns", limit_choices_to={"kind": OrganisationKind.COUNSELLING},
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("return")
        verbose_name_plural = _("returns")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="returned") | models.Q(actual_departure__isnull=False),
                name="return_returned_has_departure",
                violation_error_message=_("A return needs the actual departure date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant}: {self.status}"


class HandoverState(models.TextChoices):
    PENDING = "pending", _("waiting for the partner")
    ACCEPTED = "accepted", _("accepted by the partner")
    DECLINED = "declined", _("declined by the partner")
    STOPPED = "stopped", _("stopped (consent withdrawn)")


class Handover(models.Model):
    """A referral to a partner: the package is built from the live records each time it is
    shown, and only while the PARTNER_SHARING consent is active."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="handovers")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="handovers",
        limit_choices_to={"kind": OrganisationKind.PARTNER, "is_active": True},
    )
    #: agreed next steps, written with the participant
    business_idea = models.TextField(_("business idea"), blank=True)
    needs = models.TextField(_("support needed after return"), blank=True)
    contact_preferences = models.CharField(_("contact preferences"), max_length=200, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=HandoverState.choices, default=HandoverState.PENDING)
    #: sha256 of the partner's link token; the token itself is shown once and never stored
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("link valid until"))
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    response_note = models.TextField(_("partner's note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("hand-over")
        verbose_name_plural = _("hand-overs")

    def __str__(self) -> str:
        return f"{self.participant} → {self.organisation}"


class FollowUpKind(models.TextChoices):
    BASELINE = "baseline", _("baseline before departure")
    MONTH_3 = "m3", _("3 months after return")
    MONTH_6 = "m6", _("6 months after return")
    MONTH_12 = "m12", _("12 months after return")


class FollowUpChannel(models.TextChoices):
    LINK = "link", _("personal link")
    PHONE = "phone", _("phone call (recorded by staff)")
    IN_PERSON = "in_person", _("in person (recorded by staff)")


class FollowUp(models.Model):
    """One contact: the baseline before departure or a follow-up after return."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="follow_ups")
    kind = models.CharField(_("contact"), max_length=10, choices=FollowUpKind.choices)
    due_on = models.DateField(_("due on"))
    language = models.CharField(_("survey language"), max_length=8, default="en")
    token_hash = models.CharField(max_length=64, blank=True, editable=False)
    link_expires_at = models.DateTimeField(_("link valid until"), null=True, blank=True)
    link_sent_at = models.DateTimeField(_("link created at"), null=True, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    channel = models.CharField(_("answered by"), max_length=10, choices=FollowUpChannel.choices, blank=True)
    #: question key → answer key (returns/scoring.py)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    economic = models.FloatField(_("economic"), null=True, blank=True)
    social = models.FloatField(_("social"), null=True, blank=True)
    psychosocial = models.FloatField(_("psychosocial"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        ordering = ["participant", "due_on"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [
            models.UniqueConstraint(fields=["participant", "kind"], name="follow_up_one_per_kind"),
            models.UniqueConstraint(
                fields=["token_hash"], condition=~models.Q(token_hash=""), name="follow_up_token_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(answered_on__isnull=True) | ~models.Q(channel=""),
                name="follow_up_answered_has_channel",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} {self.kind}"

    @property
    def is_answered(self) -> bool:
        return self.answered_on is not None
