"""Every write about certificates: issue (superseding the earlier one), revoke, bulk issue
per session, and the rotation of the issuer's signing key."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.audit import AuditItem, audit_record, audit_record_many
from accounts.models import User
from certificates import credentials
from certificates.keys import issuer_key_current, issuer_key_new, timestamp, verification_method
from certificates.labels import LABELS
from certificates.models import (
    Certificate,
    CertificateBatch,
    CertificateBatchItem,
    CertificateKind,
    CertificateStatus,
    IssuerKey,
)
from certificates.openbadge import certificate_credential_build, document_frameworks
from certificates.selectors import (
    TrainingRecord,
    certificate_documents,
    certificate_eligibility_for,
    express_issue_offer,
    session_certificate_candidates,
)
from languages.purposes import Purpose, language_for
from participants.models import Participant
from participants.signals import participant_facts_changed
from plans.models import Plan
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


@dataclass(frozen=True)
class CertificateRequest:
    """One certificate asked for in `certificate_issue_many`."""

    participant: Participant
    kind: str = CertificateKind.CERTIFICATE
    #: printed besides German and English; None: the first printable language they speak
    language: str | None = None


@dataclass(frozen=True)
class CertificateOutcome:
    """What became of one request: the certificate, or why it was refused (one message per gap)."""

    request: CertificateRequest
    certificate: Certificate | None = None
    errors: list[str] = field(default_factory=list)
    #: the ValidationError code of a refusal ("not_eligible", "language", ...)
    code: str = ""


def _identities_draw(positions: list[int], *, year: int) -> tuple[dict[int, int], dict[int, str]]:
    """A free status-list index and a free number for each position, none drawn twice.

    Each round draws for what is still open and checks indexes and numbers together in one
    query. Indexes are random, not sequential: neighbouring bits in the public list say
    nothing about who was issued when ("herd privacy" in the Bitstring Status List
    specification). Positions still open after `_STATUS_INDEX_ATTEMPTS` (index) or
    `_NUMBER_ATTEMPTS` rounds (number) are left out of the answer.
    """
    indexes: dict[int, int] = {}
    numbers: dict[int, str] = {}
    for attempt in range(max(_STATUS_INDEX_ATTEMPTS, _NUMBER_ATTEMPTS)):
        index_open = [p for p in positions if p not in indexes] if attempt < _STATUS_INDEX_ATTEMPTS else []
        number_open = [p for p in positions if p not in numbers] if attempt < _NUMBER_ATTEMPTS else []
        if not index_open and not number_open:
            break
        index_proposals = {position: secrets.randbelow(credentials.STATUS_LIST_BITS) for position in index_open}
        # looked up at call time, so a test can make numbers collide
        number_proposals = {position: certificate_number_generate(year=year) for position in number_open}
        taken_indexes: set[int | None] = set(indexes.values())
        taken_numbers = set(numbers.values())
        for index, number in Certificate.objects.filter(
            Q(status_index__in=set(index_proposals.values())) | Q(number__in=set(number_proposals.values()))
        ).values_list("status_index", "number"):
            taken_indexes.add(index)
            taken_numbers.add(number)
        for position, index in index_proposals.items():
            if index not in taken_indexes:
                indexes[position] = index
                taken_indexes.add(index)
        for position, number in number_proposals.items():
            if number not in taken_numbers:
                numbers[position] = number
                taken_numbers.add(number)
    return indexes, numbers


def _refusal(request: CertificateRequest, messages: Iterable[object], code: str) -> CertificateOutcome:
    return CertificateOutcome(request=request, errors=[str(message) for message in messages], code=code)


@transaction.atomic
def certificate_issue_many(
    *, acting_user: User, requests: Sequence[CertificateRequest], issued_on: dt.date | None = None
) -> list[CertificateOutcome]:
    """Issue many certificates at once, each by the rules of `certificate_issue`, in a number
    of queries that does not grow with the number of requests (the inserts come in chunks).

    One outcome per request, in order: the certificate, or the reasons it was refused; a
    refusal touches nothing and the others are issued all the same. The participants are
    locked first, as for one. Eligibility is judged for all in one go (training/rules.py);
    certificate numbers and status-list indexes are drawn at random and checked against
    the database in one query per round; the credential is built and signed before the row
    is written (it holds nothing the insert decides), so each certificate is written once.
    `full_clean` is not called: kind, language and date are checked here and everything
    else is set by this function, while the uniqueness and check constraints it would test
    with a query each are the database's. An issue date in the future refuses the lot, and
    so does a number or index taken by concurrent issues at every one of five inserts.
    A participant may appear once per call (ValueError otherwise).
    """
    issued_on = issued_on or timezone.localdate()
    if issued_on > timezone.localdate():
        raise ValidationError(ERROR_ISSUED_IN_FUTURE, code="issued_in_future")
    participant_ids = [request.participant.pk for request in requests]
    if len(set(participant_ids)) != len(participant_ids):
        raise ValueError("a participant may be asked for once per call")
    if not requests:
        return []
    outcomes: list[CertificateOutcome | None] = [None] * len(requests)
    languages: dict[int, str] = {}
    for position, request in enumerate(requests):
        language = request.language or language_for(Purpose.CERTIFICATE, request.participant.languages)
        if request.kind not in CertificateKind.values:
            outcomes[position] = _refusal(request, [ERROR_KIND], "kind")
        elif language not in LABELS:
            outcomes[position] = _refusal(request, [ERROR_LANGUAGE], "language")
        else:
            languages[position] = language
    # Lock the participants first (in a fixed order, so two bulk runs cannot deadlock), so
    # two clicks cannot both supersede and issue. Their stored rows go on the credential.
    stored = Participant.objects.select_for_update().filter(pk__in=participant_ids).order_by("pk").in_bulk()
    locked = {request.participant.pk: stored.get(request.participant.pk, request.participant) for request in requests}
    eligibilities = certificate_eligibility_for(
        participants=[locked[requests[position].participant.pk] for position in languages]
    )
    plans: dict[int, Plan] = {}
    for position in languages:
        request = requests[position]
        eligibility = eligibilities[request.participant.pk]
        if eligibility.plan is None or (request.kind == CertificateKind.CERTIFICATE and not eligibility.eligible):
            outcomes[position] = _refusal(request, eligibility.missing, "not_eligible")
        elif request.kind == CertificateKind.ATTENDANCE and not eligibility.attendance_eligible:
            outcomes[position] = _refusal(request, [ERROR_NOTHING_ATTENDED], "nothing_attended")
        else:
            plans[position] = eligibility.plan

    status_indexes, numbers = _identities_draw(list(plans), year=issued_on.year)
    issuing: list[int] = []
    for position in plans:
        if position not in status_indexes:
            outcomes[position] = _refusal(requests[position], [ERROR_STATUS_LIST_FULL], "status_list_full")
        elif position not in numbers:
            outcomes[position] = _refusal(requests[position], [ERROR_NUMBER_EXHAUSTED], "number_exhausted")
        else:
            issuing.append(position)
    if not issuing:
        return _answered(outcomes)

    superseded: dict[int, list[int]] = {}
    earlier = list(
        Certificate.objects.select_for_update()
        .filter(plan_id__in=[plans[position].pk for position in issuing], status=CertificateStatus.VALID)
        .order_by("-issued_on", "-id")
        .values_list("pk", "plan_id")
    )
    for pk, plan_id in earlier:
        superseded.setdefault(plan_id, []).append(pk)
    if earlier:
        Certificate.objects.filter(pk__in=[pk for pk, _plan in earlier]).update(status=CertificateStatus.SUPERSEDED)

    certificates = {
        position: Certificate(
            participant=locked[requests[position].participant.pk],
            plan=plans[position],
            kind=requests[position].kind,
            language=languages[position],
            funding_line_id=locked[requests[position].participant.pk].funding_line_id,
            issued_on=issued_on,
            issued_by=acting_user,
            status_index=status_indexes[position],
            number=numbers[position],
        )
        for position in issuing
    }
    key, private_key = issuer_key_current()
    # What eligibility read (up to today) is what the documents need: not read again.
    records = {
        participant_id: eligibility.record
        for participant_id, eligibility in eligibilities.items()
        if eligibility.record is not None
    }
    signer = _Signer(key=key, private_key=private_key, records=records)
    signer.sign(list(certificates.values()))
    _certificates_insert(certificates, signer=signer, year=issued_on.year)
    # bulk_create and the update that superseded send no model signals: say whose figures changed
    participant_facts_changed.send(
        sender=Certificate, participant_ids=[certificate.participant_id for certificate in certificates.values()]
    )

    audit_record_many(
        actor=acting_user,
        action="certificate.issue",
        items=[
            AuditItem(
                target=certificate,
                participant_id=certificate.participant_id,
                detail={
                    "plan": certificate.plan_id,
                    "superseded": superseded.get(certificate.plan_id, []),
                    "kind": certificate.kind,
                    "language": certificate.language,
                    "key": key.key_id,
                },
            )
            for certificate in certificates.values()
        ],
    )
    for position, certificate in certificates.items():
        outcomes[position] = CertificateOutcome(request=requests[position], certificate=certificate)
    return _answered(outcomes)


def _answered(outcomes: list[CertificateOutcome | None]) -> list[CertificateOutcome]:
    answered = [outcome for outcome in outcomes if outcome is not None]
    if len(answered) != len(outcomes):  # every branch answers; a gap would shift the outcomes
        raise RuntimeError("a request was left without an outcome")
    return answered


@dataclass(frozen=True)
class _Signer:
    """Builds each credential from the certificate's document and freezes it, signed, on the certificate."""

    key: IssuerKey
    private_key: Ed25519PrivateKey
    records: Mapping[int, TrainingRecord]

    def sign(self, certificates: list[Certificate]) -> None:
        method = verification_method(self.key)
        documents = certificate_documents(certificates=certificates, records=self.records)
        frameworks = document_frameworks(documents)
        for certificate, document in zip(certificates, documents, strict=True):
            certificate.credential = credentials.credential_sign(
                certificate_credential_build(document=document, frameworks=frameworks),
                private_key=self.private_key,
                verification_method=method,
                created=timestamp(timezone.now()),
                proof_set=True,  # Open Badges 3.0: "proof" is a list
            )


def _certificates_insert(certificates: dict[int, Certificate], *, signer: _Signer, year: int) -> None:
    """Write the certificates. A number or index a concurrent issue took since it was checked
    is drawn again (and that credential signed again); any other conflict is raised."""
    for _attempt in range(_NUMBER_ATTEMPTS):
        try:
            with transaction.atomic():
                Certificate.objects.bulk_create(certificates.values())
            return
        except IntegrityError:
            pass
        taken_numbers = set(
            Certificate.objects.filter(number__in=[c.number for c in certificates.values()])
            .values_list("number", flat=True)
        )
        taken_indexes = set(
            Certificate.objects.filter(status_index__in=[c.status_index for c in certificates.values()])
            .values_list("status_index", flat=True)
        )
        clashing = [
            position
            for position, certificate in certificates.items()
            if certificate.number in taken_numbers or certificate.status_index in taken_indexes
        ]
        if not clashing:
            raise IntegrityError("certificate insert failed for a reason other than a taken number or index")
        indexes, numbers = _identities_draw(clashing, year=year)
        if len(numbers) < len(clashing) or len(indexes) < len(clashing):
            break
        for position in clashing:
            certificates[position].number = numbers[position]
            certificates[position].status_index = indexes[position]
        signer.sign([certificates[position] for position in clashing])
    raise ValidationError(ERROR_NUMBER_EXHAUSTED, code="number_exhausted")


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

    The rules live once, in `certificate_issue_many` (which holds the transaction); this is
    it with one request.
    """
    request = CertificateRequest(participant=participant, kind=kind, language=language)
    outcome = certificate_issue_many(acting_user=acting_user, requests=[request], issued_on=issued_on)[0]
    if outcome.certificate is None:
        raise ValidationError(outcome.errors[0] if len(outcome.errors) == 1 else outcome.errors, code=outcome.code)
    return outcome.certificate


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


def certificate_batch_step(*, batch: CertificateBatch, max_items: int = 25) -> CertificateBatch:
    """Issue the next queued certificates (at most `max_items`, in one transaction and one
    `certificate_issue_many`) as the person who started the batch. A participant who is
    refused gets the reasons on their item; the others are issued all the same. Marks the
    batch finished when nothing is left."""
    with transaction.atomic():
        items = list(
            CertificateBatchItem.objects.select_for_update()
            .select_related("participant")
            .filter(batch=batch, done_at__isnull=True)
            .order_by("position")[:max_items]
        )
        if items:
            requests = [
                CertificateRequest(participant=item.participant, kind=item.kind, language=item.language)
                for item in items
            ]
            try:
                outcomes = certificate_issue_many(acting_user=batch.requested_by, requests=requests)
            except ValidationError as error:  # the chunk refused as a whole (rare): every item says why
                outcomes = [_refusal(request, error.messages, "chunk") for request in requests]
            done_at = timezone.now()
            for item, outcome in zip(items, outcomes, strict=True):
                item.certificate = outcome.certificate
                item.error = "; ".join(outcome.errors)
                item.done_at = done_at
            CertificateBatchItem.objects.bulk_update(items, ["certificate", "error", "done_at"])
    if batch.finished_at is None and not batch.items.filter(done_at__isnull=True).exists():
        batch.finished_at = timezone.now()
        batch.save(update_fields=["finished_at"])
    return batch


# Public verification: confirming a birth date typed in ------------------------------------

#: wrong birth dates one certificate answers per window; then it answers nothing until the
#: window has passed, so a date (some 20,000 candidates) cannot be found by trying
BIRTH_DATE_ATTEMPTS = 5
BIRTH_DATE_WINDOW = dt.timedelta(hours=24)


class BirthDateAnswer(StrEnum):
    MATCH = "match"
    MISMATCH = "mismatch"
    #: too many wrong dates in the window
    LOCKED = "locked"
    #: the holder's data were erased: nothing to compare with, nothing said
    UNAVAILABLE = "unavailable"


@transaction.atomic
def certificate_birth_date_confirm(
    *, certificate: Certificate, birth_date: dt.date, now: dt.datetime | None = None
) -> BirthDateAnswer:
    """Does the date a verifier typed match the holder's? The date is compared, never shown.

    The certificate row is locked while the wrong attempts are counted, so parallel requests
    cannot together try more than BIRTH_DATE_ATTEMPTS dates. Each answer is audited (no actor:
    the public page), without the date typed."""
    now = now or timezone.now()
    row = Certificate.objects.select_for_update().get(pk=certificate.pk)
    person = Participant.objects.only("pk", "date_of_birth", "anonymised_at").get(pk=row.participant_id)
    if person.anonymised_at is not None:
        answer = BirthDateAnswer.UNAVAILABLE
    else:
        since = row.birth_date_failures_since
        if since is not None and now - since >= BIRTH_DATE_WINDOW:
            row.birth_date_failures, row.birth_date_failures_since = 0, None
        if row.birth_date_failures >= BIRTH_DATE_ATTEMPTS:
            answer = BirthDateAnswer.LOCKED
        elif secrets.compare_digest(person.date_of_birth.isoformat(), birth_date.isoformat()):
            answer = BirthDateAnswer.MATCH
        else:
            answer = BirthDateAnswer.MISMATCH
            row.birth_date_failures += 1
            row.birth_date_failures_since = row.birth_date_failures_since or now
        row.save(update_fields=["birth_date_failures", "birth_date_failures_since"])
    audit_record(actor=None, action="certificate.birth_date_check", target=row, participant_id=row.participant_id,
                 detail={"answer": str(answer)})
    return answer
