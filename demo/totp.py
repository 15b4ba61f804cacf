"""The current login code of a demo authenticator (the published demo key only)."""

from __future__ import annotations

import time
from base64 import b32decode

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User

#: Published on purpose: every demo login gets an authenticator with this key.
DEMO_TOTP_SECRET = "REINTEGRADEMOKEYNOTFORREALUSE234"  # noqa: S105 - published demo key
DEMO_TOTP_KEY_HEX = b32decode(DEMO_TOTP_SECRET).hex()


def demo_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True, key=DEMO_TOTP_KEY_HEX).first()


def demo_code(device: TOTPDevice, *, now: float | None = None) -> tuple[str, int] | None:
    """The next unused code and the seconds it stays valid; None when codes are used up for now."""
    now = time.time() if now is None else now
    current = int(now - device.t0) // device.step + device.drift
    # A code counts once: after a login in this step, give the next one (one step of tolerance).
    step = max(current, device.last_t + 1)
    if step > current + device.tolerance:
        return None
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + (step - current))
    valid_for = (step + 1 - device.drift) * device.step + device.t0 - int(now)
    return f"{code:0{device.digits}d}", valid_for


def login_hint(user: User) -> str | None:
    """Shown on the code page of `make demo` only (setting REINTEGRA_LOGIN_HINT)."""
    device = demo_device(user)
    if device is None:
        return None
    result = demo_code(device)
    return result[0] if result else None
