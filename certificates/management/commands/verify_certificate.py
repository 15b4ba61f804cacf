"""Check a credential file's signature offline, against an exported issuer key document.

Reads two files and nothing else: no database, no network (certificates/credentials.py
imports no Django). Exit status 0 when valid, 1 when not.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from certificates.credentials import credential_revoked, credential_verify


def _read_json(path: str) -> Any:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CommandError(f"{path}: {error}") from error


class Command(BaseCommand):
    help = "Verify a certificate credential (JSON) against the issuer's published keys, without the database."
    requires_system_checks: list[str] = []  # the checks would touch the database
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the credential JSON, as downloaded beside the PDF")
        parser.add_argument(
            "--keys", default="issuer-keys.json", help="issuer key document (manage.py export_issuer_keys)"
        )
        parser.add_argument("--status", help="a saved status list, to check revocation as well")

    def handle(self, *args: Any, **options: Any) -> None:
        document = _read_json(options["file"])
        result = credential_verify(document, key_document=_read_json(options["keys"]))
        if not result.valid:
            raise CommandError(f"INVALID: {result.reason}", returncode=1)
        self.stdout.write(self.style.SUCCESS(f"VALID: {result.reason} ({result.key_id})"))
        if options["status"]:
            status_list = _read_json(options["status"])
            list_check = credential_verify(status_list, key_document=_read_json(options["keys"]))
            if not list_check.valid:
                raise CommandError(f"status list INVALID: {list_check.reason}", returncode=1)
            revoked = credential_revoked(document, status_list=status_list)
            if revoked is None:
                raise CommandError("the status list is not the one this credential names", returncode=1)
            if revoked:
                raise CommandError("REVOKED", returncode=1)
            self.stdout.write("not revoked")
