"""What they carry home: certificates with a unique number."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from participants.models import Participant
from plans.models import Plan


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("valid")
    SUPERSEDED = "superseded", _("superseded")
    REVOKED = "revoked", _("revoked")


class Certificate(models.Model):
    number = models.CharField(_("certificate number"), max_length=30, unique=True, editable=False)
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="certificates")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="certificates")
    status = models.CharField(
        _("status"), max_length=12, choices=CertificateStatus.choices, default=CertificateStatus.VALID
    )
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["plan"], condition=models.Q(status="valid"), name="certificate_one_valid_per_plan"
            ),
        ]

    def __str__(self) -> str:
        return self.number
