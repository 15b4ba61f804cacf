"""Logging test clients in past the second factor, and computing TOTP codes."""

from __future__ import annotations

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User


def totp_device_for(user: User) -> TOTPDevice:
    """The user's confirmed authenticator, created on first use."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def totp_code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the user's app shows now (or `steps_ahead` 30-second steps later)."""
    device.refresh_from_db()
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead)
    return f"{value:0{device.digits}d}"


def totp_code_for_key(key_hex: str) -> str:
    """What an app shows now for a hex key (as read from the enrolment page)."""
    return f"{totp(bytes.fromhex(key_hex), 30, 0, 6, 0):06d}"


def mark_verified(client: Client, user: User) -> None:
    """Mark the client's session as having passed the TOTP step, as django_otp.login does."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = totp_device_for(user).persistent_id
    session.save()


def force_login_verified(client: Client, user: User) -> Client:
    """`client.force_login(user)`, plus the second factor."""
    Client.force_login(client, user)
    mark_verified(client, user)
    return client


class VerifiedClient(Client):
    """A test client whose `force_login` also passes the second factor."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        mark_verified(self, user)
