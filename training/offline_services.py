"""Writes for offline attendance: the per-login device key, its revocation, and the sync of a
day recorded without a connection (training/README.md, "Offline").

The server stays the authority. A sync goes through `attendance_record` like the day sheet;
a day countersigned before the sync arrived is not touched: the entries are kept as a
correction proposal. A retried sync (same idempotency key, same entries) gets the answer of
the first one and writes nothing."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_record
from accounts.models import AuditAction, User
from scheduling.models import Meeting
from training.models import AttendanceStatus, OfflineDevice, OfflineSync, OfflineSyncOutcome
from training.services import AttendanceEntry, _lock_meeting, attendance_record

ERROR_SYNC_KEY_REUSED = _("This sync was already sent with other entries. Please record the day again.")
ERROR_SYNC_PAYLOAD = _("The day sent from the device could not be read.")
ERROR_DEVICE_REVOKED = _("This device was revoked: its offline data has been deleted.")

#: what one sync may carry: a day of a session (sessions have at most a few dozen places)
SYNC_MAX_ENTRIES = 60
KEY_BYTES = 32


# The device --------------------------------------------------------------------------


@transaction.atomic
def offline_device_issue(*, user: User) -> OfflineDevice:
    """A new device with a fresh AES-256 key, for this login (the view keeps its token in the session)."""
    device = OfflineDevice(
        user=user, token=uuid.uuid4(), key=base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode("ascii")
    )
    device.full_clean()
    device.save()
    audit_record(actor=user, action=AuditAction.OFFLINE_DEVICE_ISSUE, target=device)
    return device


@transaction.atomic
def offline_device_revoke(*, acting_user: User, device: OfflineDevice) -> OfflineDevice:
    """The key is not handed out again; the device wipes its data the next time it is online."""
    device = OfflineDevice.objects.select_for_update().get(pk=device.pk)
    if device.revoked_at is None:
        device.revoked_at = timezone.now()
        device.revoked_by = acting_user
        device.full_clean()
        device.save(update_fields=["revoked_at", "revoked_by"])
        audit_record(actor=acting_user, action=AuditAction.OFFLINE_DEVICE_REVOKE, target=device,
                     detail={"user": device.user_id})
    return device


# The sync ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SyncResult:
    sync: OfflineSync
    #: True when this answer repeats an earlier sync with the same key
    replayed: bool

    def as_json(self) -> dict[str, Any]:
        return {
            "sync": self.sync.pk,
            "meeting": self.sync.meeting_id,
            "outcome": self.sync.outcome,
            "entries": self.sync.entries,
            "replayed": self.replayed,
        }


def _time(value: object) -> dt.time | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ValueError(value)
    return dt.time.fromisoformat(value)


def sync_entries_parse(raw: object) -> dict[int, AttendanceEntry]:
    """The entries of a sync request (`[{"enrolment", "status", "arrived_at", "left_at",
    "absence_reason", "signature"}, …]`); anything else is refused as unreadable. The
    service checks them as it checks the day sheet."""
    if not isinstance(raw, list) or not raw or len(raw) > SYNC_MAX_ENTRIES:
        raise ValidationError(ERROR_SYNC_PAYLOAD, code="payload")
    entries: dict[int, AttendanceEntry] = {}
    try:
        for item in raw:
            enrolment = item["enrolment"]
            if not isinstance(enrolment, int) or isinstance(enrolment, bool) or enrolment in entries:
                raise ValueError(enrolment)
            texts = {key: item.get(key) or "" for key in ("status", "absence_reason", "signature")}
            if not all(isinstance(value, str) for value in texts.values()):
                raise ValueError(texts)
            entries[enrolment] = AttendanceEntry(
                status=texts["status"], arrived_at=_time(item.get("arrived_at")), left_at=_time(item.get("left_at")),
                absence_reason=texts["absence_reason"], signature=texts["signature"],
            )
    except (KeyError, TypeError, ValueError) as exc:
        raise ValidationError(ERROR_SYNC_PAYLOAD, code="payload") from exc
    return entries


def _canonical(entries: dict[int, AttendanceEntry]) -> list[dict[str, object]]:
    return [
        {
            "enrolment": enrolment_id,
            "status": entry.status,
            "arrived_at": entry.arrived_at.strftime("%H:%M") if entry.arrived_at else None,
            "left_at": entry.left_at.strftime("%H:%M") if entry.left_at else None,
            "absence_reason": entry.absence_reason,
            "signature": " ".join(entry.signature.split()),
        }
        for enrolment_id, entry in sorted(entries.items())
    ]


def _digest(meeting: Meeting, canonical: list[dict[str, object]]) -> str:
    text = json.dumps({"meeting": meeting.pk, "entries": canonical}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def sync_proposal_entries(sync: OfflineSync) -> list[dict[str, object]]:
    """The entries a proposal keeps (empty for a recorded sync)."""
    if not sync.proposal:
        return []
    entries: list[dict[str, object]] = json.loads(sync.proposal)
    return entries


@transaction.atomic
def offline_sync_apply(
    *,
    acting_user: User,
    device: OfflineDevice | None,
    meeting: Meeting,
    idempotency_key: uuid.UUID,
    entries: dict[int, AttendanceEntry],
    recorded_offline_at: dt.datetime | None,
    today: dt.date,
) -> SyncResult:
    """Record one day sent from a device, once.

    The day's row is locked first, so two copies of the same sync arriving together are
    handled one after the other: the second finds the first's record and repeats its answer."""
    canonical = _canonical(entries)
    digest = _digest(meeting, canonical)
    day = _lock_meeting(meeting)
    earlier = OfflineSync.objects.filter(user=acting_user, idempotency_key=idempotency_key).first()
    if earlier is not None:
        if earlier.payload_digest != digest:
            raise ValidationError(ERROR_SYNC_KEY_REUSED, code="key_reused")
        return SyncResult(sync=earlier, replayed=True)
    if day.locked:
        # Countersigned meanwhile: nothing on the day changes; the entries wait as a proposal
        # that the instructor or a manager turns into corrections (with a reason) or leaves.
        sync = OfflineSync(
            user=acting_user, device=device, meeting=meeting, idempotency_key=idempotency_key,
            payload_digest=digest, outcome=OfflineSyncOutcome.PROPOSED, entries=len(canonical),
            proposal=json.dumps(canonical), recorded_offline_at=recorded_offline_at,
        )
    else:
        attendance_record(acting_user=acting_user, meeting=meeting, entries=entries, today=today)
        sync = OfflineSync(
            user=acting_user, device=device, meeting=meeting, idempotency_key=idempotency_key,
            payload_digest=digest, outcome=OfflineSyncOutcome.RECORDED, entries=len(canonical),
            recorded_offline_at=recorded_offline_at,
        )
    sync.full_clean()
    sync.save()
    audit_record(
        actor=acting_user, action=AuditAction.OFFLINE_SYNC, target=meeting,
        detail={"sync": sync.pk, "outcome": sync.outcome, "entries": sync.entries,
                "signed": sum(1 for row in canonical if row["signature"]),
                "present": sum(1 for row in canonical if row["status"] == AttendanceStatus.PRESENT)},
    )
    return SyncResult(sync=sync, replayed=False)
