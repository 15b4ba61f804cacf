"""`manage.py demo_code USERNAME` prints a code the login accepts, for demo keys only."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role
from accounts.tests.factories import UserFactory
from demo.management.commands.seed_demo import DEMO_TOTP_KEY_HEX, DEMO_TOTP_SECRET


def _code(username: str) -> str:
    out = StringIO()
    call_command("demo_code", username, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def test_the_demo_key_is_20_bytes_of_base32():
    assert len(DEMO_TOTP_SECRET) == 32 and len(bytes.fromhex(DEMO_TOTP_KEY_HEX)) == 20


@pytest.mark.django_db
def test_demo_code_is_accepted_and_the_next_call_gives_a_fresh_one():
    user = UserFactory(username="manager", role=Role.MANAGER, site=None)
    device = TOTPDevice.objects.create(user=user, name="demo", key=DEMO_TOTP_KEY_HEX, confirmed=True)
    code = _code("manager")
    assert len(code) == 6 and code.isdigit()
    assert device.verify_token(code)
    second = _code("manager")  # the first was used: the next step's code
    assert second != code
    device.refresh_from_db()
    assert device.verify_token(second)


@pytest.mark.django_db
def test_demo_code_refuses_real_authenticators():
    user = UserFactory(username="real", role=Role.MANAGER, site=None)
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    with pytest.raises(CommandError):
        _code("real")
    with pytest.raises(CommandError):
        _code("nobody")
