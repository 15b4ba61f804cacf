"""Sign the audit chain's head now (a checkpoint), and optionally export every checkpoint.

Run by Celery beat daily (settings CELERY_BEAT_SCHEDULE) and by hand before a backup;
appends sign one every CHECKPOINT_EVERY entries as well. The export (JSON, with the public
key) is what the DPO keeps outside this system: a truncated chain no longer reaches it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from accounts.audit import audit_checkpoint_export, audit_checkpoint_write


class Command(BaseCommand):
    help = "Sign a checkpoint of the audit chain's head; --export FILE writes every checkpoint as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--export", type=Path, help="write every checkpoint and the public key to this file")

    def handle(self, *args: Any, **options: Any) -> None:
        checkpoint = audit_checkpoint_write()
        if checkpoint is None:
            self.stdout.write("The audit chain is empty: nothing to sign.")
        else:
            self.stdout.write(f"Checkpoint at entry {checkpoint.sequence} ({checkpoint.entry_hash[:16]}…).")
        if options["export"]:
            Path(options["export"]).write_text(json.dumps(audit_checkpoint_export(), indent=2) + "\n")
            self.stdout.write(f"Checkpoints written to {options['export']}.")
