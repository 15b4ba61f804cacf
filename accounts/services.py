"""Every write about a staff account: second-factor enrolment and checks, deactivation."""

from __future__ import annotations

import time
from binascii import unhexlify
from typing import Any

import django_otp
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.audit import audit_record
from accounts.models import InstructorProfile, User
from languages.codes import is_language

ERROR_CODE_WRONG = _("This code is not correct. Enter the current 6-digit code from your authenticator app.")
ERROR_CODE_TOO_MANY = _("Too many wrong codes. Wait a minute, then enter the current code.")
ERROR_ALREADY_ENROLLED = _("An authenticator app is already set up for this account.")
ERROR_NO_DEVICE = _("No authenticator app is set up for this account.")

#: the name new devices get; shown in the admin when a manager resets someone's device
DEVICE_NAME = "authenticator"


def _totp_for_key(key: str) -> TOTP:
    # The same parameters as TOTPDevice's defaults: 30-second steps, 6 digits.
    totp = TOTP(unhexlify(key.encode()), step=30, t0=0, digits=6, drift=0)
    totp.time = time.time()
    return totp


def _token_as_int(token: str) -> int | None:
    token = token.strip().replace(" ", "")
    return int(token) if token.isdigit() else None


@transaction.atomic
def totp_device_enrol(*, acting_user: User, key: str, token: str) -> TOTPDevice:
    """Set up the user's authenticator app: `token` must be a current code for `key`, the
    key shown on the enrolment page. Returns the confirmed device."""
    if TOTPDevice.objects.devices_for_user(acting_user, confirmed=True).exists():
        raise ValidationError(ERROR_ALREADY_ENROLLED)
    totp = _totp_for_key(key)
    value = _token_as_int(token)
    if value is None or not totp.verify(value, tolerance=1):
        raise ValidationError(ERROR_CODE_WRONG)
    # Unconfirmed leftovers (from the admin, say) must not linger next to the real device.
    TOTPDevice.objects.filter(user=acting_user, confirmed=False).delete()
    # last_t: this code, used now, cannot be replayed for the next step.
    device = TOTPDevice(user=acting_user, name=DEVICE_NAME, key=key, confirmed=True, last_t=totp.t())
    device.full_clean()
    device.save()
    audit_record(actor=acting_user, action="totp_device.enrol", target=device)
    return device


def totp_verify(*, user: User, token: str) -> TOTPDevice:
    """Check a code against the user's confirmed authenticator; return the device that took it.

    Not one transaction on purpose: a wrong code must stay counted (django-otp's throttling
    doubles the wait after each miss) even though this raises ValidationError.
    """
    devices = list(TOTPDevice.objects.devices_for_user(user, confirmed=True))
    if not devices:
        raise ValidationError(ERROR_NO_DEVICE)
    throttled = False
    for device in devices:
        allowed, _detail = device.verify_is_allowed()
        if not allowed:
            throttled = True
            continue
        verified = django_otp.verify_token(user, device.persistent_id, token.strip().replace(" ", ""))
        if verified is not None:
            audit_record(actor=user, action="login.second_factor", target=verified, detail={"result": "ok"})
            return verified
    result = "throttled" if throttled else "wrong"
    audit_record(actor=user, action="login.second_factor", target=devices[0], detail={"result": result})
    raise ValidationError(ERROR_CODE_TOO_MANY if throttled else ERROR_CODE_WRONG)


def _session_keys_of(user: User) -> list[str]:
    # Database sessions (Django's default engine) do not index the user: decode the live
    # ones. Idle sessions expire after SESSION_COOKIE_AGE, so there are few.
    user_id = str(user.pk)
    return [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get(SESSION_KEY)) == user_id
    ]


@transaction.atomic
def user_deactivate(*, acting_user: User, user: User) -> int:
    """Deactivate a staff account and end all its sessions at once; returns how many ended.

    Django already refuses an inactive user's session on its next request; deleting the
    sessions also removes what they held (the second-factor mark, unfinished enrolment)."""
    user.is_active = False
    user.full_clean()
    user.save(update_fields=["is_active"])
    keys = _session_keys_of(user)
    Session.objects.filter(session_key__in=keys).delete()
    audit_record(actor=acting_user, action="user.deactivate", target=user, detail={"sessions_ended": len(keys)})
    return len(keys)


ERROR_PROFILE_NOT_INSTRUCTOR = _("Only instructors have an instructor profile.")
ERROR_PROFILE_NO_TRADE = _("Choose at least one trade the instructor teaches.")
ERROR_PROFILE_LANGUAGE = _("Unknown language code: %(code)s.")


@transaction.atomic
def instructor_profile_save(
    *, acting_user: User | None, user: User, qualification: str, trades: list[Any], languages: list[str]
) -> InstructorProfile:
    """Create or change what an instructor can teach; sessions are assigned by these trades."""
    errors: dict[str, list[Any]] = {}
    if not user.is_instructor:
        errors["user"] = [ERROR_PROFILE_NOT_INSTRUCTOR]
    if not trades:
        errors["trades"] = [ERROR_PROFILE_NO_TRADE]
    unknown = [code for code in languages if not is_language(code)]
    if unknown:
        errors["languages"] = [ERROR_PROFILE_LANGUAGE % {"code": code} for code in unknown]
    if errors:
        raise ValidationError(errors)
    profile = InstructorProfile.objects.filter(user=user).first() or InstructorProfile(user=user)
    profile.qualification = qualification.strip()
    profile.languages = list(dict.fromkeys(languages))
    profile.full_clean()
    profile.save()
    profile.trades.set(trades)
    audit_record(actor=acting_user, action="instructor_profile.save", target=profile,
                 detail={"trades": sorted(trade.pk for trade in trades), "languages": profile.languages})
    return profile
