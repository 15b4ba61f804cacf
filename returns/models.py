"""What happens next: the return itself."""

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


class Return(models.Model):
    participant = models.OneToOneField(Participant, on_delete=models.CASCADE, related_name="return_record")
    status = models.CharField(_("status"), max_length=12, choices=ReturnStatus.choices)
    actual_departure = models.DateField(_("actual departure"), null=True, blank=True)
    status_date = models.DateField(_("status as of"))
    reason = models.TextField(_("reason"), blank=True)
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
