"""What scheduling tells the floors above without importing them.

`meeting_changed` is sent once the transaction that moved or cancelled a meeting has
committed (notifications listens: the enrolled participants are told). Arguments, plain data
only: `session_id`, `meeting_id` (None once cancelled), `change` ("moved" | "cancelled"),
`before` and `after` as (date, starts_at, ends_at) tuples (`after` None when cancelled),
`participant_ids` (enrolled at the time of the change).
"""

from __future__ import annotations

from django.dispatch import Signal

meeting_changed = Signal()
