"""What notifications does when a floor below announces a change (connected in apps.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from notifications import tasks


def meeting_changed_received(
    sender: Any, *, session_id: int, meeting_id: int | None, change: str,
    before: tuple[dt.date, dt.time, dt.time], after: tuple[dt.date, dt.time, dt.time] | None,
    participant_ids: list[int], **kwargs: Any,
) -> None:
    tasks.enqueue(tasks.meeting_changed_task, session_id=session_id, meeting_id=meeting_id, change=change,
                  before=tasks.slot_to_data(before), after=tasks.slot_to_data(after) if after else None,
                  participant_ids=participant_ids)
