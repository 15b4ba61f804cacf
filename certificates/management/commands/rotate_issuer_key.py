from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from certificates.services import issuer_key_rotate


class Command(BaseCommand):
    help = "Make a new signing key for credentials; earlier keys stay published and keep verifying."

    def handle(self, *args: Any, **options: Any) -> None:
        key = issuer_key_rotate(acting_user=None)
        self.stdout.write(self.style.SUCCESS(f"New signing key: {key.key_id}"))
