"""A participant's portal account: an invitation code, then a PIN of their own.

The account belongs to a `User` with the participant role (its password is unusable: the
staff login cannot be used with it) and to exactly one `Participant`. Only digests are kept:
the invitation code's SHA-256 (it is long and random) and the PIN's salted hash.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from languages.purposes import PARTICIPANT_LANGUAGES
from participants.models import Participant

#: wrong PINs in a row before the account locks until the counsellor issues a new invitation
PIN_FAILURE_LIMIT = 5


class PortalAccount(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("login"), on_delete=models.CASCADE, related_name="portal_account"
    )
    participant = models.OneToOneField(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="portal_account"
    )
    code_digest = models.CharField(_("invitation code digest"), max_length=64, unique=True, editable=False)
    invited_at = models.DateTimeField(_("invited at"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("invited by"), on_delete=models.PROTECT, related_name="+"
    )
    pin_hash = models.CharField(_("PIN hash"), max_length=128, blank=True, editable=False)
    pin_set_at = models.DateTimeField(_("PIN set at"), null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(_("wrong PINs in a row"), default=0)
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    language = models.CharField(
        _("portal language"), max_length=8, choices=list(PARTICIPANT_LANGUAGES.items()), default="en"
    )

    class Meta:
        verbose_name = _("portal account")
        verbose_name_plural = _("portal accounts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pin_hash="") | models.Q(pin_set_at__isnull=False), name="portal_pin_has_date"
            ),
        ]

    def __str__(self) -> str:
        return f"portal account #{self.pk}"

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    @property
    def has_pin(self) -> bool:
        return bool(self.pin_hash)
