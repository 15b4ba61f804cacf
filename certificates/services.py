"""Every write about certificates: issue (superseding the earlier one), revoke, bulk issue
per session, and the rotation of the issuer's signing key."""

from __future__ import annotations

import datetime as dt
import secrets
import time

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_record
from accounts.models import User
from certificates import credentials
from certificates.keys import issuer_key_current, issuer_key_new, timestamp, verification_method
from certificates.labels import LABELS, default_language
from certificates.models import (
    Certificate,
    CertificateBatch,
    CertificateBatchItem,
    CertificateKind,
    CertificateStatus,
    IssuerKey,
)
from certificates.openbadge import certificate_credential_build
from certificates.selectors import (
    certificate_document,
    certificate_eligibility,
    express_issue_offer,
    session_certificate_candidates,
)
from participants.models import Participant
from scheduling.models import Session

ERROR_ISSUED_IN_FUTURE = _("The issue date lies in the future.")
ERROR_NUMBER_EXHAUSTED = _("No free certificate number was found. Please try again.")
ERROR_NOTHING_ATTENDED = _("No module of the final plan was attended yet.")
ERROR_LANGUAGE = _("Certificates cannot be printed in this language.")
ERROR_KIND = _("Unknown kind of certificate.")
ERROR_ALREADY_REVOKED = _("This certificate is revoked already.")
ERROR_REASON_REQUIRED = _("Please give the reason for the revocation.")
ERROR_STATUS_LIST_FULL = _("The revocation status list is full. Please contact the administrator.")
ERROR_NOBODY_TO_ISSUE = _("Nobody in this session can get a certificate now.")
ERROR_NO_EXPRESS_ISSUE = _(
    "No express issue: the planned departure does not cut the training short, or nothing can be documented yet."
)

#: Crockford's base32: no I, L, O, U, so a number read aloud or typed is not mistaken.
NUMBER_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
NUMBER_RANDOM_LENGTH = 8  # 32**8 ≈ 10**12 numbers per year: not guessable by counting
NUMBER_PREFIX = "RZ"
_NUMBER_ATTEMPTS = 5
_STATUS_INDEX_ATTEMPTS = 20


def certificate_number_generate(*, year: int) -> str:
    """A fresh random number like RZ-2026-7K3M9QXD (uniqueness is checked on save)."""
    random_part = "".join(secrets.choice(NUMBER_ALPHABET) for _position in range(NUMBER_RANDOM_LENGTH))
    return f"{NUMBER_PREFIX}-{year}-{random_part}"


def _status_index_allocate() -> int:
    # Random, not sequential: neighbouring bits in the public list say nothing about who
    # was issued when ("herd privacy" in the Bitstring Status List specification).
    for _attempt in range(_STATUS_INDEX_ATTEMPTS):
        index = secrets.randbelow(credentials.STATUS_LIST_BITS)
        if not Certificate.objects.filter(status_index=index).exists():
            return index
    raise ValidationError(ERROR_STATUS_LIST_FULL, code="status_list_full")


@transaction.atomic
def certificate_issue(
    *,
    acting_user: User,
    participant: Participant,
    issued_on: dt.date | None = None,
    kind: str = CertificateKind.CERTIFICATE,
    language: str | None = None,
) -> Certificate:
    """Issue a certificate for the participant's final plan: an explicit act, never automatic.

    A certificate needs every module of the final plan passed; a certificate of attendance
    needs one module attended. Refuses with a ValidationError (one message per gap)
    otherwise. `language` is printed besides German and English; by default the first
    printable language the participant speaks. A valid certificate issued earlier for the
    same plan is marked superseded, never deleted, so its number stays traceable. The
    signed credential is made here and frozen on the certificate.
    """
    issued_on = issued_on or timezone.localdate()
    if issued_on > timezone.localdate():
        raise ValidationError(ERROR_ISSUED_IN_FUTURE, code="issued_in_future")
    if kind not in CertificateKind.values:
        raise ValidationError(ERROR_KIND, code="kind")
    language = language or default_language(participant.languages)
    if language not in LABELS:
        raise ValidationError(ERROR_LANGUAGE, code="language")
    # Lock the participant first, so two clicks cannot both supersede and issue.
    Participant.objects.select_for_update().filter(pk=participant.pk).first()
    eligibility = certificate_eligibility(participant=participant)
    if kind == CertificateKind.CERTIFICATE and (not eligibility.eligible or eligibility.plan is None):
        raise ValidationError(eligibility.missing, code="not_eligible")
    if eligibility.plan is None:
        raise ValidationError(eligibility.missing, code="not_eligible")
    if kind == CertificateKind.ATTENDANCE and not eligibility.attendance_eligible:
        raise ValidationError(ERROR_NOTHING_ATTENDED, code="nothing_attended")
    plan = eligibility.plan

    superseded: list[int] = []
    for earlier in Certificate.objects.select_for_update().filter(plan=plan, status=CertificateStatus.VALID):
        earlier.status = CertificateStatus.SUPERSEDED
        earlier.full_clean()
        earlier.save(update_fields=["status"])
        superseded.append(earlier.pk)

    certificate = Certificate(
        participant=participant,
        plan=plan,
        kind=kind,
        language=language,
        funding_line=participant.funding_line,
        issued_on=issued_on,
        issued_by=acting_user,
        status_index=_status_index_allocate(),
    )
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

    key, private_key = issuer_key_current()
    unsigned = certificate_credential_build(document=certificate_document(certificate=certificate))
    certificate.credential = credentials.credential_sign(
        unsigned, private_key=private_key, verification_method=verification_method(key), created=timestamp(
            timezone.now()
        )
    )
    certificate.save(update_fields=["credential"])

    audit_record(
        actor=acting_user,
        action="certificate.issue",
        target=certificate,
        participant_id=participant.pk,
        detail={"plan": plan.pk, "superseded": superseded, "kind": kind, "language": language, "key": key.key_id},
    )
    return certificate


@transaction.atomic
def certificate_express_issue(
    *, acting_user: User, participant: Participant, language: str | None = None
) -> Certificate:
    """The departure moved earlier: document at once what was achieved so far. The kind is
    not chosen by hand but by the rule (training/rules.py): a certificate where every plan
    module is passed with enough attendance, else a confirmation of attendance."""
    offer = express_issue_offer(participant=participant)
    if offer is None:
        raise ValidationError(ERROR_NO_EXPRESS_ISSUE, code="no_express_issue")
    certificate = certificate_issue(acting_user=acting_user, participant=participant, kind=offer.kind,
                                    language=language)
    audit_record(
        actor=acting_user, action="certificate.express_issue", target=certificate, participant_id=participant.pk,
        detail={"kind": offer.kind, "departure": offer.departure.isoformat(),
                "training_ends_on": offer.training_ends_on.isoformat()},
    )
    return certificate


@transaction.atomic
def certificate_revoke(*, acting_user: User, certificate: Certificate, reason: str) -> Certificate:
    """Withdraw a certificate: it shows as revoked on the verification page and in the status list."""
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    reason = reason.strip()
    if certificate.status == CertificateStatus.REVOKED:
        raise ValidationError(ERROR_ALREADY_REVOKED, code="already_revoked")
    if not reason:
        raise ValidationError({"reason": ERROR_REASON_REQUIRED}, code="reason_required")
    previous = certificate.status
    certificate.status = CertificateStatus.REVOKED
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = acting_user
    certificate.revocation_reason = reason
    certificate.full_clean()
    certificate.save(update_fields=["status", "revoked_at", "revoked_by", "revocation_reason"])
    audit_record(
        actor=acting_user,
        action="certificate.revoke",
        target=certificate,
        participant_id=certificate.participant_id,
        # the reason is free text and may name people: only that one was given
        detail={"previous_status": previous, "fields": ["revocation_reason"]},
    )
    return certificate


@transaction.atomic
def issuer_key_rotate(*, acting_user: User | None) -> IssuerKey:
    """Retire the current signing key and make a new one; the old one stays published."""
    retired: str | None = None
    for current in IssuerKey.objects.select_for_update().filter(is_current=True):
        current.is_current = False
        current.retired_at = timezone.now()
        current.full_clean()
        current.save(update_fields=["is_current", "retired_at"])
        retired = current.key_id
    key = issuer_key_new()
    key.full_clean()
    key.save()
    audit_record(
        actor=acting_user,
        action="certificate.issuer_key_rotate",
        target=key,
        detail={"retired": retired, "current": key.key_id},
    )
    return key


# Bulk issue per session --------------------------------------------------------


@transaction.atomic
def certificate_batch_start(
    *, acting_user: User, session: Session, include_attendance: bool = False
) -> CertificateBatch:
    """Queue every participant of the session who may get a certificate now (and, if asked,
    a certificate of attendance for those who only attended). Issuing happens in steps."""
    candidates = [
        candidate
        for candidate in session_certificate_candidates(session=session, user=acting_user)
        if candidate.kind == CertificateKind.CERTIFICATE
        or (include_attendance and candidate.kind == CertificateKind.ATTENDANCE)
    ]
    if not candidates:
        raise ValidationError(ERROR_NOBODY_TO_ISSUE, code="nobody")
    batch = CertificateBatch.objects.create(session=session, requested_by=acting_user)
    CertificateBatchItem.objects.bulk_create(
        CertificateBatchItem(
            batch=batch,
            participant=candidate.participant,
            kind=candidate.kind or CertificateKind.CERTIFICATE,  # the filter above left only kinds
            language=candidate.language,
            position=position,
        )
        for position, candidate in enumerate(candidates, start=1)
    )
    audit_record(
        actor=acting_user,
        action="certificate.batch_start",
        target=batch,
        detail={"session": session.pk, "items": len(candidates)},
    )
    return batch


def certificate_batch_step(
    *, batch: CertificateBatch, max_items: int = 25, max_seconds: float = 1.0
) -> CertificateBatch:
    """Issue the next few queued certificates (each in its own transaction) as the
    person who started the batch; marks the batch finished when nothing is left."""
    started = time.monotonic()
    for _count in range(max_items):
        with transaction.atomic():
            item = (
                CertificateBatchItem.objects.select_for_update()
                .select_related("participant")
                .filter(batch=batch, done_at__isnull=True)
                .order_by("position")
                .first()
            )
            if item is None:
                break
            try:
                with transaction.atomic():
                    item.certificate = certificate_issue(
                        acting_user=batch.requested_by,
                        participant=item.participant,
                        kind=item.kind,
                        language=item.language,
                    )
            except ValidationError as error:
                item.error = "; ".join(error.messages)
            item.done_at = timezone.now()
            item.save(update_fields=["certificate", "error", "done_at"])
        if time.monotonic() - started > max_seconds:
            break
    if batch.finished_at is None and not batch.items.filter(done_at__isnull=True).exists():
        batch.finished_at = timezone.now()
        batch.save(update_fields=["finished_at"])
    return batch
