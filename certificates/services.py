"""Every write about certificates: issuing one (which supersedes the earlier one)."""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_record
from accounts.models import User
from certificates.models import Certificate, CertificateStatus
from certificates.selectors import certificate_eligibility
from participants.models import Participant

ERROR_ISSUED_IN_FUTURE = _("The issue date lies in the future.")
ERROR_NUMBER_EXHAUSTED = _("No free certificate number was found. Please try again.")

#: Crockford's base32: no I, L, O, U, so a number read aloud or typed is not mistaken.
NUMBER_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
NUMBER_RANDOM_LENGTH = 8  # 32**8 ≈ 10**12 numbers per year: not guessable by counting
NUMBER_PREFIX = "RZ"
_NUMBER_ATTEMPTS = 5


def certificate_number_generate(*, year: int) -> str:
    """A fresh random number like RZ-2026-7K3M9QXD (uniqueness is checked on save)."""
    random_part = "".join(secrets.choice(NUMBER_ALPHABET) for _position in range(NUMBER_RANDOM_LENGTH))
    return f"{NUMBER_PREFIX}-{year}-{random_part}"


@transaction.atomic
def certificate_issue(
    *, acting_user: User, participant: Participant, issued_on: dt.date | None = None
) -> Certificate:
    """Issue a certificate for the participant's final plan: an explicit act, never automatic.

    Refuses (ValidationError with one message per gap) unless every module of the final
    plan is passed. A valid certificate issued earlier for the same plan is marked
    superseded, never deleted, so its number stays traceable.
    """
    issued_on = issued_on or timezone.localdate()
    if issued_on > timezone.localdate():
        raise ValidationError(ERROR_ISSUED_IN_FUTURE, code="issued_in_future")
    # Lock the participant first, so two clicks cannot both supersede and issue.
    Participant.objects.select_for_update().filter(pk=participant.pk).first()
    eligibility = certificate_eligibility(participant=participant)
    if not eligibility.eligible or eligibility.plan is None:
        raise ValidationError(eligibility.missing, code="not_eligible")
    plan = eligibility.plan

    superseded: list[int] = []
    for earlier in Certificate.objects.select_for_update().filter(plan=plan, status=CertificateStatus.VALID):
        earlier.status = CertificateStatus.SUPERSEDED
        earlier.full_clean()
        earlier.save(update_fields=["status"])
        superseded.append(earlier.pk)

    certificate = Certificate(participant=participant, plan=plan, issued_on=issued_on, issued_by=acting_user)
    for _attempt in range(_NUMBER_ATTEMPTS):
        number = certificate_number_generate(year=issued_on.year)
        if Certificate.objects.filter(number=number).exists():
            continue
        certificate.number = number
        certificate.full_clean()
        try:
            with transaction.atomic():
                certificate.save()
        except IntegrityError:
            # Only a number taken by a concurrent issue is worth another try.
            if Certificate.objects.filter(number=number).exists():
                continue
            raise
        break
    else:
        raise ValidationError(ERROR_NUMBER_EXHAUSTED, code="number_exhausted")

    audit_record(
        actor=acting_user,
        action="certificate.issue",
        target=certificate,
        participant_id=participant.pk,
        detail={"plan": plan.pk, "superseded": superseded},
    )
    return certificate
