"""Writing and checking the hash-chained audit trail."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import models, transaction

from accounts.models import AuditEntry, User
from accounts.request_context import current_remote_addr, current_request_id


def _entry_digest(*, previous_hash: str, payload: dict[str, Any]) -> str:
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256((previous_hash + canonical).encode()).hexdigest()


def _payload(entry: AuditEntry) -> dict[str, Any]:
    return {
        "actor": entry.actor_id,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "participant": entry.participant_ref,
        "remote_addr": entry.remote_addr,
        "request_id": entry.request_id,
        "detail": entry.detail,
    }


@transaction.atomic
def audit_record(
    *,
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    participant_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry. `detail` must hold no personal data (ids and field names only)."""
    last = AuditEntry.objects.select_for_update().order_by("-id").only("entry_hash").first()
    entry = AuditEntry(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        participant_ref=participant_id,
        remote_addr=current_remote_addr(),
        request_id=current_request_id(),
        detail=detail or {},
        previous_hash=last.entry_hash if last else "",
    )
    entry.entry_hash = _entry_digest(previous_hash=entry.previous_hash, payload=_payload(entry))
    entry.save()
    return entry


def audit_chain_verify() -> int | None:
    """Return the id of the first entry whose hash does not match, or None if intact."""
    previous = ""
    for entry in AuditEntry.objects.order_by("id").iterator():
        if entry.previous_hash != previous:
            return entry.id
        if entry.entry_hash != _entry_digest(previous_hash=previous, payload=_payload(entry)):
            return entry.id
        previous = entry.entry_hash
    return None
