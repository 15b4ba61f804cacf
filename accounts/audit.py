"""Writing and checking the hash-chained audit trail."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
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


def _entry_new(
    *,
    actor: User | None,
    action: str,
    target: models.Model | None,
    participant_id: int | None,
    detail: dict[str, Any] | None,
    previous_hash: str,
) -> AuditEntry:
    entry = AuditEntry(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        participant_ref=participant_id,
        remote_addr=current_remote_addr(),
        request_id=current_request_id(),
        detail=detail or {},
        previous_hash=previous_hash,
    )
    entry.entry_hash = _entry_digest(previous_hash=entry.previous_hash, payload=_payload(entry))
    return entry


def _last_hash() -> str:
    """The hash the next entry chains to; the row lock keeps two writers from forking the chain."""
    last = AuditEntry.objects.select_for_update().order_by("-id").only("entry_hash").first()
    return last.entry_hash if last else ""


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
    entry = _entry_new(
        actor=actor, action=action, target=target, participant_id=participant_id, detail=detail,
        previous_hash=_last_hash(),
    )
    entry.save()
    return entry


@dataclass(frozen=True)
class AuditItem:
    """One entry of `audit_record_many`: what it is about, and the detail (no personal data)."""

    target: models.Model | None = None
    participant_id: int | None = None
    detail: dict[str, Any] | None = None


@transaction.atomic
def audit_record_many(*, actor: User | None, action: str, items: Sequence[AuditItem]) -> list[AuditEntry]:
    """Append one entry per item, chained in this order: the same entries as `audit_record`
    called for each, but one locked read and one insert per batch instead of two per entry
    (bulk services write hundreds)."""
    previous_hash = _last_hash()
    entries: list[AuditEntry] = []
    for item in items:
        entry = _entry_new(
            actor=actor, action=action, target=item.target, participant_id=item.participant_id, detail=item.detail,
            previous_hash=previous_hash,
        )
        entries.append(entry)
        previous_hash = entry.entry_hash
    return AuditEntry.objects.bulk_create(entries)


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
