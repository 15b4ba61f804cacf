"""Who is this person: intake data, needs and consent."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from accounts.models import Site
from languages.codes import country_name, language_name
from vault.fields import EncryptedTextField


class Gender(models.TextChoices):
    FEMALE = "f", _("female")
    MALE = "m", _("male")
    DIVERSE = "d", _("diverse")
    UNSTATED = "x", _("not stated")


class Stage(models.TextChoices):
    """Where a person stands on the programme path, in order."""

    INTAKE = "intake", _("Intake")
    ASSESSMENT = "assessment", _("Assessment")
    PLAN = "plan", _("Plan")
    TRAINING = "training", _("Training")
    CERTIFICATE = "certificate", _("Certificate")
    RETURN = "return", _("Return")


STAGE_ORDER = [stage.value for stage in Stage]


class Participant(models.Model):
    case_number = models.CharField(_("case number"), max_length=20, unique=True, editable=False)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    date_of_birth = models.DateField(_("date of birth"))
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, default=Gender.UNSTATED)
    origin_country = models.CharField(_("country of origin"), max_length=2, help_text=_("ISO 3166 code"))
    languages = models.JSONField(_("languages spoken"), default=list, help_text=_("ISO 639 codes"))
    site = models.ForeignKey(Site, verbose_name=_("site"), on_delete=models.PROTECT, related_name="participants")
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("counsellor"), on_delete=models.PROTECT,
        related_name="caseload",
    )
    #: who pays for this record (funding app); a funder's figures hold only its own lines
    funding_line = models.ForeignKey(
        "funding.FundingLine", verbose_name=_("funding line"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="participants",
    )
    intake_date = models.DateField(_("intake date"))
    planned_departure = models.DateField(_("planned departure"))
    # Needs
    instruction_language = models.CharField(
        _("language of instruction"), max_length=3, default="de", help_text=_("ISO 639 code")
    )
    needs_childcare = models.BooleanField(_("needs childcare"), default=False)
    has_health_limits = models.BooleanField(_("has health limits"), default=False)
    # Special categories (health) and free text about needs: encrypted at rest (vault/fields.py).
    health_notes = EncryptedTextField(_("health limits (details)"), blank=True)
    needs_notes = EncryptedTextField(_("other needs"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    #: set when names, free text and health data were removed (privacy.services.participant_anonymise)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        #: reports count people by intake date (reporting.indicators)
        indexes = [models.Index(fields=["intake_date"], name="participant_intake_date")]
        constraints = [
            models.UniqueConstraint(
                Lower("first_name"), Lower("last_name"), "date_of_birth",
                name="participant_unique_person",
                violation_error_message=_("A participant with this name and date of birth exists already."),
            ),
        ]

    def __str__(self) -> str:
        return self.case_number

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def origin_country_name(self) -> str:
        return country_name(self.origin_country)

    @property
    def instruction_language_name(self) -> str:
        return language_name(self.instruction_language)

    @property
    def language_names(self) -> list[str]:
        return [language_name(code) for code in self.languages]

    def age_on(self, day: dt.date) -> int:
        years = day.year - self.date_of_birth.year
        if (day.month, day.day) < (self.date_of_birth.month, self.date_of_birth.day):
            years -= 1
        return years


class ConsentPurpose(models.TextChoices):
    PARTICIPATION = "participation", _("Programme participation")
    PARTNER_SHARING = "partner_sharing", _("Sharing with a partner in the country of origin")
    FOLLOW_UP = "follow_up", _("Follow-up contact after return")
    PHOTO = "photo", _("Photo on certificate")


class Consent(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=30, choices=ConsentPurpose.choices)
    given_on = models.DateField(_("given on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)

    class Meta:
        ordering = ["purpose", "-given_on"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(withdrawn_on__isnull=True) | models.Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.given_on})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None


class EligibilityBasis(models.TextChoices):
    RESIDENCE_STATUS = "residence_status", _("Residence status category")
    REFERRAL_LETTER = "referral_letter", _("Referral letter")
    OTHER = "other", _("Other (see note)")


class EligibilityCheck(models.Model):
    """Who confirmed, when and on what basis that a person may be funded (per module where a funder asks).

    Kept, never overwritten: a later check is a new row, so the audit sees each decision."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="eligibility_checks")
    module = models.ForeignKey(
        "catalogue.Module", verbose_name=_("module"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", help_text=_("Only where a funder asks for a check per module."),
    )
    basis = models.CharField(_("basis"), max_length=30, choices=EligibilityBasis.choices)
    note = models.CharField(_("note"), max_length=200, blank=True,
                            help_text=_("For example the category or the referring office; no documents."))
    checked_on = models.DateField(_("checked on"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("checked by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-checked_on", "-pk"]
        verbose_name = _("eligibility check")
        verbose_name_plural = _("eligibility checks")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(basis="other") | ~models.Q(note=""),
                name="eligibility_other_needs_note",
                violation_error_message=_("Describe the basis in the note when it is “other”."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} {self.get_basis_display()} ({self.checked_on})"


class ContactKind(models.TextChoices):
    RETURN_COUNSELLING = "return_counselling", _("Return counselling centre")
    ORIGIN_INFORMATION = "origin_information", _("Origin-country information service")
    INTERPRETER = "interpreter", _("Interpreter")
    PARTICIPANT = "participant", _("Participant")
    OTHER = "other", _("Other")


class ContactNote(models.Model):
    """One dated contact in the counselling log; the text is encrypted at rest."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="contact_notes")
    kind = models.CharField(_("contact with"), max_length=30, choices=ContactKind.choices)
    contacted_on = models.DateField(_("date of contact"))
    text = EncryptedTextField(_("note"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-contacted_on", "-pk"]
        verbose_name = _("counselling note")
        verbose_name_plural = _("counselling notes")

    def __str__(self) -> str:
        return f"{self.participant} {self.get_kind_display()} ({self.contacted_on})"


class ExitReason(models.TextChoices):
    """Why someone left the programme before finishing it (coded: funders count these)."""

    UNREACHABLE = "unreachable", _("No longer reachable")
    HEALTH = "health", _("Health")
    MOVED = "moved", _("Moved away or transferred")
    WORK = "work", _("Took up work or other training")
    FAMILY = "family", _("Family reasons")
    DECISION = "decision", _("Own decision, no reason given")
    OTHER = "other", _("Other")


class ProgrammeExit(models.Model):
    """The participant left the programme early: a drop-out in the funders' figures.

    Only a date and a coded reason, no free text: the reason code is what reports need and
    says no more than necessary. Recording it cancels enrolments in sessions that had not
    started by then (cases.services.programme_exit_record); undoing it (the person
    came back) deletes it again, both audited."""

    participant = models.OneToOneField(Participant, on_delete=models.CASCADE, related_name="programme_exit")
    left_on = models.DateField(_("left on"))
    reason = models.CharField(_("reason"), max_length=12, choices=ExitReason.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("early exit")
        verbose_name_plural = _("early exits")

    def __str__(self) -> str:
        return f"{self.participant} {self.get_reason_display()} ({self.left_on})"
