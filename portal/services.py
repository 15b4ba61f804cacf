"""Every write of the portal: invitations, PINs, the language, the self-assessment."""

from __future__ import annotations

import datetime as dt
import secrets

from django.contrib.auth.hashers import check_password, make_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from accounts.audit import audit_record
from accounts.models import AuditAction, Role, User
from assessments.models import Assessment, EvidenceSource
from assessments.services import SkillEntry, assessment_create
from languages.digits import ascii_digits
from languages.purposes import PARTICIPANT_LANGUAGES, Purpose, language_for
from participants.models import Participant
from portal.models import PIN_FAILURE_LIMIT, PortalAccount
from portal.questionnaire import QUESTIONS, SCHOOL_CHOICES
from vault.tokens import token_hash, token_new

#: no 0/O, 1/I/L: codes are read aloud and typed from paper
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
PIN_MIN_LENGTH = 6

ERROR_PIN_DIGITS = pgettext_lazy("participant", "The PIN must have at least 6 digits, and only digits.")
ERROR_PIN_SIMPLE = pgettext_lazy("participant", "This PIN is too easy to guess. Choose other digits.")
ERROR_PIN_ALREADY_SET = pgettext_lazy(
    "participant", "This code already has a PIN. Ask your counsellor for a new code if you forgot it."
)
ERROR_ANSWER_MISSING = pgettext_lazy("participant", "Please answer every question.")


def code_normalise(code: str) -> str:
    """What was typed, without spaces and dashes, in capitals."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def code_digest(code: str) -> str:
    return token_hash(code_normalise(code))


def code_format(code: str) -> str:
    """ABCD-EFGH-JKMN: groups of four, easier to copy."""
    code = code_normalise(code)
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def pin_validate(pin: str) -> None:
    pin = ascii_digits(pin)
    if len(pin) < PIN_MIN_LENGTH or not pin.isascii() or not pin.isdigit():
        raise ValidationError({"pin": ERROR_PIN_DIGITS})
    steps = {int(b) - int(a) for a, b in zip(pin, pin[1:], strict=False)}
    if len(set(pin)) == 1 or steps in ({1}, {-1}):
        raise ValidationError({"pin": ERROR_PIN_SIMPLE})


@transaction.atomic
def portal_invite(
    *, participant: Participant, acting_user: User, code: str | None = None
) -> tuple[PortalAccount, str]:
    """A new invitation code for the participant: creates the portal account the first time;
    later, it is the PIN reset (the old code and PIN stop working, a lock is lifted).

    Returns the account and the code in clear, to be printed once on the handout. `code` is
    for the demo only (a known code); normally a random one is drawn."""
    code = code_normalise(code) if code else _new_code()
    now = timezone.now()
    account = PortalAccount.objects.select_for_update().filter(participant=participant).first()
    if account is None:
        user = User(username=f"portal-{participant.pk}", role=Role.PARTICIPANT, site=participant.site)
        user.set_unusable_password()
        user.full_clean()
        user.save()
        account = PortalAccount(
            user=user, participant=participant,
            language=language_for(Purpose.PORTAL, [*participant.languages, participant.instruction_language]),
        )
        action = AuditAction.PORTAL_INVITE
    else:
        action = AuditAction.PORTAL_RESET
    account.code_digest = code_digest(code)
    account.invited_at = now
    account.invited_by = acting_user
    account.pin_hash = ""
    account.pin_set_at = None
    account.failed_attempts = 0
    account.locked_at = None
    account.full_clean()
    account.save()
    audit_record(actor=acting_user, action=action, target=account, participant_id=participant.pk)
    return account, code


@transaction.atomic
def portal_pin_set(*, account: PortalAccount, pin: str) -> PortalAccount:
    """The participant chooses a PIN with their invitation code: once per invitation."""
    account = PortalAccount.objects.select_for_update().get(pk=account.pk)
    if account.has_pin:
        raise ValidationError(ERROR_PIN_ALREADY_SET)
    pin = ascii_digits(pin)  # ۱۲۳ and ١٢٣ are the digits 123 (languages/digits.py)
    pin_validate(pin)
    account.pin_hash = make_password(pin)
    account.pin_set_at = timezone.now()
    account.full_clean()
    account.save()
    audit_record(actor=account.user, action=AuditAction.PORTAL_PIN_SET, target=account,
                 participant_id=account.participant_id)
    return account


@transaction.atomic
def portal_account_close(*, account: PortalAccount, at: dt.datetime) -> PortalAccount:
    """Close the account for good (the person was erased): the login is disabled, the code and
    PIN stop working, and every session of the login ends now.

    The user row stays, inactive, because the audit trail names it as the actor of the
    person's own portal actions. Sessions live in the database (Django's default engine);
    only unexpired ones can still log anybody in, so only those are read."""
    account = PortalAccount.objects.select_for_update().select_related("user").get(pk=account.pk)
    user = account.user
    user.is_active = False
    # A new unusable password changes the session hash: a session that escaped the sweep
    # below would be refused at its next request all the same.
    user.set_unusable_password()
    user.save(update_fields=["is_active", "password"])
    _token, unreachable = token_new()  # nobody holds the token, so no code matches the digest
    account.code_digest = unreachable
    account.pin_hash = ""
    account.pin_set_at = None
    account.failed_attempts = 0
    account.locked_at = at
    account.save(update_fields=["code_digest", "pin_hash", "pin_set_at", "failed_attempts", "locked_at"])
    user_key = str(user.pk)
    ended = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=at).iterator()
        if str(session.get_decoded().get("_auth_user_id", "")) == user_key
    ]
    Session.objects.filter(session_key__in=ended).delete()
    return account


@transaction.atomic
def portal_login_attempt(*, account: PortalAccount, pin: str) -> bool:
    """True when the PIN is right and the account not locked. Each wrong PIN counts; at
    PIN_FAILURE_LIMIT in a row the account locks until the counsellor issues a new code."""
    account = PortalAccount.objects.select_for_update().select_related("user", "participant").get(pk=account.pk)
    if account.is_locked or not account.has_pin or not account.user.is_active:
        return False
    if account.participant.anonymised_at is not None:  # erased: nobody logs in as them again
        return False
    if check_password(ascii_digits(pin), account.pin_hash):
        if account.failed_attempts:
            account.failed_attempts = 0
            account.save(update_fields=["failed_attempts"])
        return True
    account.failed_attempts += 1
    fields = ["failed_attempts"]
    if account.failed_attempts >= PIN_FAILURE_LIMIT:
        account.locked_at = timezone.now()
        fields.append("locked_at")
        audit_record(actor=None, action=AuditAction.PORTAL_LOCKED, target=account,
                     participant_id=account.participant_id)
    account.save(update_fields=fields)
    return False


@transaction.atomic
def portal_language_set(*, account: PortalAccount, language: str) -> PortalAccount:
    if language not in PARTICIPANT_LANGUAGES:
        raise ValidationError({"language": pgettext_lazy("participant", "Choose a language from the list.")})
    account.language = language
    account.full_clean()
    account.save(update_fields=["language"])
    return account


@transaction.atomic
def self_assessment_submit(
    *, account: PortalAccount, answers: dict[str, int], school: int, today: dt.date
) -> Assessment:
    """The participant's own view, before the first talk: an assessment whose skill ratings
    all have the source "self" (the counsellor sees them as self-assessed)."""
    missing = [question.key for question in QUESTIONS if question.key not in answers]
    if missing or school not in {choice.value for choice in SCHOOL_CHOICES}:
        raise ValidationError(ERROR_ANSWER_MISSING)
    skills: list[SkillEntry] = [
        {"skill": question.skill, "level": answers[question.key], "source": EvidenceSource.SELF}
        for question in QUESTIONS
        if answers[question.key] > 0
    ]
    return assessment_create(
        acting_user=account.user,
        participant=account.participant,
        education_level=school,
        education_years=None,
        assessed_on=today,
        notes=f"Self-assessment in the participant portal (language: {account.language}).",
        work_history=[],
        skills=skills,
    )
