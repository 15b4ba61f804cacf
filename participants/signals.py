"""A signal for writes that bypass the models' save and delete signals.

Services that write in bulk (`bulk_create`, `QuerySet.update`) send
`participant_facts_changed` with the ids of the people whose records they changed, inside
their transaction. Upper floors listen without this floor knowing them: the report's
per-person fact table (`reporting.facts`) refreshes those people's rows in the same
transaction. A save or delete of a single model instance needs no call: the models'
own signals carry it."""

from __future__ import annotations

from django.dispatch import Signal

#: sent with `participant_ids` (a list of participant ids)
participant_facts_changed = Signal()
