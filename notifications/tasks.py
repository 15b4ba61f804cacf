"""Celery tasks (beat: CELERY_BEAT_SCHEDULE in settings). Each run is safe to repeat: the
services send every message once (services.py, `_claim`)."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

from celery import shared_task
from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone

Slot = tuple[dt.date, dt.time, dt.time]


def slot_to_data(slot: Slot) -> list[str]:
    return [slot[0].isoformat(), slot[1].isoformat(), slot[2].isoformat()]


def slot_from_data(data: list[str]) -> Slot:
    return (dt.date.fromisoformat(data[0]), dt.time.fromisoformat(data[1]), dt.time.fromisoformat(data[2]))


@shared_task(name="notifications.send_due")
def send_due_task() -> dict[str, int]:
    from notifications.services import participant_notifications_send

    return participant_notifications_send(now=timezone.now())


@shared_task(name="notifications.send_digests")
def send_digests_task() -> dict[str, int]:
    from notifications.services import digests_send

    return digests_send(today=timezone.localdate())


@shared_task(name="notifications.meeting_changed")
def meeting_changed_task(*, session_id: int, meeting_id: int | None, change: str, before: list[str],
                         after: list[str] | None, participant_ids: list[int]) -> int:
    from notifications.services import meeting_changed_notify

    return meeting_changed_notify(
        session_id=session_id, meeting_id=meeting_id, change=change, before=slot_from_data(before),
        after=slot_from_data(after) if after else None, participant_ids=participant_ids,
        today=timezone.localdate(),
    )


def enqueue(task: Any, **kwargs: Any) -> None:
    """To the worker; without one (demo) in a thread; in tests (REINTEGRA_JOBS_SYNC) at once,
    as the jobs app does."""
    if settings.REINTEGRA_JOBS_SYNC:
        task(**kwargs)
    elif settings.REINTEGRA_JOBS_INLINE or settings.CELERY_TASK_ALWAYS_EAGER:
        def in_thread() -> None:
            close_old_connections()
            try:
                task(**kwargs)
            finally:
                close_old_connections()

        threading.Thread(target=in_thread, name="notifications", daemon=True).start()
    else:
        task.delay(**kwargs)
