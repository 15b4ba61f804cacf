"""The first programme manager of a new installation (docs/operations.md, "First manager").

    manage.py create_manager USERNAME [--email ADDRESS]

Asks for the password twice (or reads REINTEGRA_MANAGER_PASSWORD, for scripted installs),
checks it against the password rules, and records the creation in the audit trail. The
manager sets up the authenticator app at the first login (two-factor login for all staff).
"""

from __future__ import annotations

import getpass
import os
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from accounts.audit import audit_record
from accounts.models import AuditAction, Role, User


class Command(BaseCommand):
    help = "Create a programme manager login (the first one of a new installation)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        username: str = options["username"]
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A login named {username!r} exists already.")
        password = os.environ.get("REINTEGRA_MANAGER_PASSWORD") or self._ask()
        user = User(username=username, email=options["email"], role=Role.MANAGER, is_staff=True)
        try:
            validate_password(password, user)
            user.set_password(password)
            user.full_clean()
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        with transaction.atomic():
            user.save()
            audit_record(actor=None, action=AuditAction.USER_CREATE, target=user, detail={"role": Role.MANAGER})
        self.stdout.write(self.style.SUCCESS(
            f"Manager {username!r} created. At the first login they set up their authenticator app."
        ))

    def _ask(self) -> str:
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        return first
