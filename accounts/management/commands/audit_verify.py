"""Walk the whole audit chain and its checkpoints (accounts/audit.py); exit 1 on any break.

The DPO's audit page runs the same check (`audit_chain_check`). Memory stays flat however
long the chain is: entries are read a chunk at a time, in sequence order.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from accounts.audit import VERIFY_CHUNK, audit_chain_check
from accounts.models import AuditChainHead


class Command(BaseCommand):
    help = (
        "Verify the hash-chained audit trail: every entry's digest, its link to the one before, gapless "
        "numbers, and the signed checkpoints. Names the first broken entry and exits 1 if there is one."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--chunk-size", type=int, default=VERIFY_CHUNK, help="entries read per query")

    def handle(self, *args: Any, **options: Any) -> None:
        total = AuditChainHead.objects.filter(pk=1).values_list("sequence", flat=True).first() or 0
        # Drawn on a terminal only (disable=None), so cron and Celery logs stay clean.
        bar = tqdm(total=total, desc="Verifying", unit="entry", file=sys.stderr, disable=None)
        checked = 0

        def progress(count: int) -> None:
            nonlocal checked
            bar.update(count - checked)
            checked = count

        try:
            report = audit_chain_check(chunk_size=options["chunk_size"], progress=progress)
        finally:
            bar.close()
        if report.broken is None:
            self.stdout.write(
                f"Audit chain intact: {report.entries} entries, {report.checkpoints} signed checkpoints, "
                f"last number {report.last_sequence}."
            )
            return
        entry = f" (row id {report.broken.entry_id})" if report.broken.entry_id else ""
        self.stderr.write(
            f"Audit chain BROKEN ({report.broken.kind}): {report.broken.message}{entry}. "
            f"{report.entries} entries before it are intact."
        )
        sys.exit(1)
