"""Every write about a staff account: invitation, role and site, second-factor enrolment,
checks and reset, deactivation; and the sites."""

from __future__ import annotations

import time
from binascii import unhexlify
from typing import Any

import django_otp
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.audit import audit_record
from accounts.models import AuditAction, InstructorProfile, Role, Site, User
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
    audit_record(actor=acting_user, action=AuditAction.TOTP_DEVICE_ENROL, target=device)
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
            audit_record(actor=user, action=AuditAction.LOGIN_SECOND_FACTOR, target=verified, detail={"result": "ok"})
            return verified
    result = "throttled" if throttled else "wrong"
    audit_record(actor=user, action=AuditAction.LOGIN_SECOND_FACTOR, target=devices[0], detail={"result": result})
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
    audit_record(actor=acting_user, action=AuditAction.USER_DEACTIVATE, target=user,
                 detail={"sessions_ended": len(keys)})
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
    audit_record(actor=acting_user, action=AuditAction.INSTRUCTOR_PROFILE_SAVE, target=profile,
                 detail={"trades": sorted(trade.pk for trade in trades), "languages": profile.languages})
    return profile


# --- administration of staff accounts and sites (managers) ------------------------------------

ERROR_STAFF_ROLE = _("Choose a staff role.")
ERROR_SITE_REQUIRED = _("Counsellors and instructors work at one site: choose it.")
ERROR_FUNDER_REQUIRED = _("A funder account needs the funder whose figures it may see.")
ERROR_EMAIL_REQUIRED = _("An invitation needs an e-mail address.")
ERROR_USERNAME_TAKEN = _("This login name is already taken.")
ERROR_NOT_YOURSELF = _("You cannot do this to your own account: ask another manager.")

STAFF_ROLES = (Role.MANAGER, Role.COUNSELLOR, Role.INSTRUCTOR, Role.FUNDER, Role.DPO)
STAFF_FIELDS = ("first_name", "last_name", "email", "role", "site", "funder")


def _staff_errors(*, role: str, site: Site | None, funder: Any) -> dict[str, list[Any]]:
    errors: dict[str, list[Any]] = {}
    if role not in STAFF_ROLES:
        errors["role"] = [ERROR_STAFF_ROLE]
    if role in (Role.COUNSELLOR, Role.INSTRUCTOR) and site is None:
        errors["site"] = [ERROR_SITE_REQUIRED]
    if role == Role.FUNDER and funder is None:
        errors["funder"] = [ERROR_FUNDER_REQUIRED]
    return errors


def set_password_path(user: User) -> str:
    """The one-time link of an invitation: Django's password-reset token, void once a
    password is set (the token hashes the password) or after PASSWORD_RESET_TIMEOUT."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("accounts:set_password", kwargs={"uidb64": uid, "token": default_token_generator.make_token(user)})


@transaction.atomic
def user_invite(
    *, acting_user: User, username: str, first_name: str, last_name: str, email: str, role: str,
    site: Site | None = None, funder: Any = None,
) -> User:
    """A new staff account without a password; an e-mail with a one-time link to set one is
    sent once the transaction commits. The second factor is set up at the first login."""
    errors = _staff_errors(role=role, site=site, funder=funder)
    if not email.strip():
        errors["email"] = [ERROR_EMAIL_REQUIRED]
    if User.objects.filter(username__iexact=username.strip()).exists():
        errors["username"] = [ERROR_USERNAME_TAKEN]
    if errors:
        raise ValidationError(errors)
    user = User(username=username.strip(), first_name=first_name.strip(), last_name=last_name.strip(),
                email=email.strip(), role=role, site=site, funder=funder if role == Role.FUNDER else None)
    user.set_unusable_password()
    user.full_clean()
    user.save()
    audit_record(actor=acting_user, action=AuditAction.USER_INVITE, target=user,
                 detail={"role": role, "site": site.pk if site else None})
    link = settings.REINTEGRA_PUBLIC_URL + set_password_path(user)
    days = settings.PASSWORD_RESET_TIMEOUT // (24 * 3600)
    body = render_to_string("accounts/invitation_email.txt", {"user": user, "link": link, "days": days,
                                                               "inviter": acting_user})
    subject = str(_("Your Reintegra account"))
    transaction.on_commit(lambda: send_mail(subject, body, None, [user.email]))
    return user


@transaction.atomic
def user_update(
    *, acting_user: User, user: User, first_name: str, last_name: str, email: str, role: str,
    site: Site | None = None, funder: Any = None,
) -> User:
    """Change a staff account's name, e-mail, role and site (the role decides what they see)."""
    errors = _staff_errors(role=role, site=site, funder=funder)
    if user.pk == acting_user.pk and role != user.role:
        errors.setdefault("role", []).append(ERROR_NOT_YOURSELF)
    if errors:
        raise ValidationError(errors)
    before = {field: getattr(user, f"{field}_id" if field in ("site", "funder") else field) for field in STAFF_FIELDS}
    user.first_name, user.last_name, user.email = first_name.strip(), last_name.strip(), email.strip()
    user.role, user.site, user.funder = role, site, funder if role == Role.FUNDER else None
    user.full_clean()
    user.save()
    after = {field: getattr(user, f"{field}_id" if field in ("site", "funder") else field) for field in STAFF_FIELDS}
    changed = sorted(field for field in STAFF_FIELDS if before[field] != after[field])
    audit_record(actor=acting_user, action=AuditAction.USER_UPDATE, target=user, detail={"fields": changed,
                 "role": user.role, "site": user.site_id})
    return user


@transaction.atomic
def user_deactivate_checked(*, acting_user: User, user: User) -> int:
    """`user_deactivate` from the manager's pages: never one's own account."""
    if user.pk == acting_user.pk:
        raise ValidationError(ERROR_NOT_YOURSELF)
    return user_deactivate(acting_user=acting_user, user=user)


@transaction.atomic
def user_reactivate(*, acting_user: User, user: User) -> User:
    user.is_active = True
    user.full_clean()
    user.save(update_fields=["is_active"])
    audit_record(actor=acting_user, action=AuditAction.USER_REACTIVATE, target=user)
    return user


@transaction.atomic
def totp_device_reset(*, acting_user: User, user: User) -> int:
    """A lost phone: remove the account's authenticators and end its sessions; at the next
    login (password) the user sets up a new app. Returns how many devices were removed."""
    if user.pk == acting_user.pk:
        raise ValidationError(ERROR_NOT_YOURSELF)
    removed, _by_model = TOTPDevice.objects.filter(user=user).delete()
    keys = _session_keys_of(user)
    Session.objects.filter(session_key__in=keys).delete()
    audit_record(actor=acting_user, action=AuditAction.TOTP_DEVICE_RESET, target=user,
                 detail={"devices_removed": removed, "sessions_ended": len(keys)})
    return removed


SITE_FIELDS = ("code", "name", "city", "address")


@transaction.atomic
def site_save(*, acting_user: User, data: dict[str, Any], site: Site | None = None) -> Site:
    """Create (site None) or change a training site."""
    site = site or Site()
    created = site.pk is None
    changed = [field for field in SITE_FIELDS if field in data and getattr(site, field) != data[field]]
    for field in changed:
        setattr(site, field, data[field])
    site.full_clean()
    site.save()
    audit_record(actor=acting_user, action=AuditAction.SITE_CREATE if created else AuditAction.SITE_UPDATE, target=site,
                 detail={"fields": changed})
    return site
