"""Send what is due now: the participants' messages and, with --digests, the staff digests
(for the demo without a Celery worker; safe beside the worker: nothing is sent twice)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from notifications.services import digests_send, participant_notifications_send


class Command(BaseCommand):
    help = (
        "Send the notifications due now (reminders for tomorrow from REINTEGRA_REMINDER_HOUR on, certificates "
        "ready, follow-ups due); --digests also sends today's counsellor and instructor digests. Each message "
        "goes once, however often this runs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--digests", action="store_true", help="also send today's staff digests")

    def handle(self, *args: Any, **options: Any) -> None:
        counts = participant_notifications_send(now=timezone.now())
        if options["digests"]:
            counts.update(digests_send(today=timezone.localdate()))
        self.stdout.write(", ".join(f"{name}: {count}" for name, count in counts.items()))
