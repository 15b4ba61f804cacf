"""Print the current TOTP code of a demo login, so the demo can be tried without a phone.

Works only for authenticators holding the published demo key (seed_demo gives one to every
demo login); for any other account it refuses, so it can never reveal a real user's code.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.plugins.otp_totp.models import TOTPDevice

from demo.totp import DEMO_TOTP_KEY_HEX, demo_code

ERROR_NO_DEMO_DEVICE = (
    "{username} has no demo authenticator (only logins created by seed_demo have one). "
    "A demo database seeded before two-factor login existed: run `make clean demo`."
)


class Command(BaseCommand):
    help = "Print the current 6-digit login code of a demo user (demo key only)."
    requires_system_checks: list[str] = []  # a quick look-up, also while the server runs

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"]
        device = TOTPDevice.objects.filter(user__username=username, confirmed=True, key=DEMO_TOTP_KEY_HEX).first()
        if device is None:
            raise CommandError(ERROR_NO_DEMO_DEVICE.format(username=username))
        result = demo_code(device)
        if result is None:
            raise CommandError(f"Codes for {username} are used up for now; try again in a few seconds.")
        code, valid_for = result
        self.stdout.write(code)
        if options["verbosity"] >= 1:
            self.stderr.write(f"valid for about {valid_for} more seconds, once")
