"""Encrypt every encrypted field again with the first key in REINTEGRA_FIELD_KEYS."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from privacy.services import field_keys_rotate


class Command(BaseCommand):
    help = "Re-encrypt all encrypted field values with the first key of REINTEGRA_FIELD_KEYS (see privacy/README.md)."

    def handle(self, *args: Any, **options: Any) -> None:
        rows = field_keys_rotate()
        self.stdout.write(self.style.SUCCESS(f"Re-encrypted {rows} rows with the first key."))
