"""What they carry home: certificates with a unique number, their signed credential, the
issuer's signing keys, and bulk issue runs per session."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from certificates.labels import LABELS
from participants.models import Participant
from plans.models import Plan
from scheduling.models import Session
from vault.fields import EncryptedTextField


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("valid")
    SUPERSEDED = "superseded", _("superseded")
    REVOKED = "revoked", _("revoked")


class CertificateKind(models.TextChoices):
    CERTIFICATE = "certificate", _("certificate")
    ATTENDANCE = "attendance", _("certificate of attendance")


#: (code, name in that language) for every language a certificate can be printed in
CERTIFICATE_LANGUAGE_CHOICES = [(code, labels["language_name"]) for code, labels in LABELS.items()]


class Certificate(models.Model):
    number = models.CharField(_("certificate number"), max_length=30, unique=True, editable=False)
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="certificates")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="certificates")
    kind = models.CharField(
        _("kind"), max_length=12, choices=CertificateKind.choices, default=CertificateKind.CERTIFICATE
    )
    #: printed besides German and English (de/en: no third block)
    language = models.CharField(
        _("language"), max_length=8, choices=CERTIFICATE_LANGUAGE_CHOICES, default="en"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=CertificateStatus.choices, default=CertificateStatus.VALID
    )
    #: who pays for this record (funding app); a funder's figures hold only its own lines
    funding_line = models.ForeignKey(
        "funding.FundingLine", verbose_name=_("funding line"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="certificates",
    )
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    #: the signed Open Badges 3.0 credential, frozen at issue (README: "The credential")
    credential = models.JSONField(_("credential"), default=dict, blank=True, editable=False)
    #: position in the public revocation status list; random, so it says nothing about order
    status_index = models.PositiveIntegerField(_("status list index"), null=True, blank=True, unique=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("revoked by"), on_delete=models.PROTECT,
        related_name="+", null=True, blank=True,
    )
    #: shown on the public verification page
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    #: wrong birth dates typed on the public verification page since `…_since` (a day's window),
    #: so the date cannot be found by trying (services.certificate_birth_date_confirm)
    birth_date_failures = models.PositiveSmallIntegerField(default=0, editable=False)
    birth_date_failures_since = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["plan"], condition=models.Q(status="valid"), name="certificate_one_valid_per_plan"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=CertificateKind.values), name="certificate_kind_known"
            ),
            models.CheckConstraint(
                condition=models.Q(language__in=list(LABELS)), name="certificate_language_printable"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(status="revoked", revoked_at__isnull=False)
                    & ~models.Q(revocation_reason="")
                )
                | (models.Q(revoked_at__isnull=True) & ~models.Q(status="revoked")),
                name="certificate_revoked_with_date_and_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_attendance(self) -> bool:
        return self.kind == CertificateKind.ATTENDANCE


class IssuerKey(models.Model):
    """An Ed25519 key the provider signs credentials with.

    Exactly one is current; rotation retires it (it stays published, so what it signed
    still verifies) and makes a new one. The private key is kept encrypted with the
    field keys (vault/fields.py), like other secrets at rest.
    """

    key_id = models.CharField(_("key id"), max_length=40, unique=True, editable=False)
    public_key_multibase = models.CharField(_("public key (multibase)"), max_length=80, editable=False)
    private_key_pem = EncryptedTextField(_("private key (PEM, encrypted)"), editable=False)
    is_current = models.BooleanField(_("current"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("issuer key")
        verbose_name_plural = _("issuer keys")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=models.Q(is_current=True), name="issuer_key_one_current"
            ),
            models.CheckConstraint(
                condition=models.Q(is_current=True, retired_at__isnull=True)
                | models.Q(is_current=False, retired_at__isnull=False),
                name="issuer_key_current_unless_retired",
            ),
        ]

    def __str__(self) -> str:
        return self.key_id


class CertificateBatch(models.Model):
    """One bulk issue for the participants who finished a session, worked off in steps."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="certificate_batches")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("certificate batch")
        verbose_name_plural = _("certificate batches")

    def __str__(self) -> str:
        return f"{self.session} #{self.pk}"


class CertificateBatchItem(models.Model):
    batch = models.ForeignKey(CertificateBatch, on_delete=models.CASCADE, related_name="items")
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=CertificateKind.choices)
    language = models.CharField(max_length=8, choices=CERTIFICATE_LANGUAGE_CHOICES)
    position = models.PositiveIntegerField()
    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    #: why it was not issued (translated messages of the refusal), shown on the page
    error = models.TextField(blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["batch", "position"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "participant"], name="certificate_batch_item_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}/{self.position}"
