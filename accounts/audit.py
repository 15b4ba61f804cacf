"""Writing and checking the hash-chained audit trail.

Appending: every writer first moves the single chain-head row on (`UPDATE … RETURNING`
in its own transaction). PostgreSQL makes a second writer wait on that row and then hands
it the row the first one committed, so each entry chains to the one really before it;
SQLite runs one writer at a time anyway. The lock is held from the head update to the
commit of the caller's transaction — for a page read that is the append itself.

Each entry gets the next gapless `sequence` number and a SHA-256 digest over the previous
digest and every column (sequence and timestamp included). Every CHECKPOINT_EVERY entries,
and whenever `audit_checkpoint_write` runs (the `audit_checkpoint` command, a daily Celery
beat job), the head is signed with the audit key (Ed25519, a PEM file in VAR_DIR/keys/,
outside the database): deleting the newest entries then shows as a checkpoint the chain
no longer reaches.

`audit_chain_check` walks the chain in sequence order, a chunk at a time (memory does not
grow with its length), and names the first break: a digest that does not match the
entry, a link to the wrong predecessor, a missing number, or a checkpoint that disagrees.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
    load_pem_private_key,
)
from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import AuditAction, AuditChainHead, AuditCheckpoint, AuditEntry, User
from accounts.request_context import current_remote_addr, current_request_id, current_view_name

#: a checkpoint is signed in the append that reaches a multiple of this
CHECKPOINT_EVERY = 1000
#: entries read per query while verifying
VERIFY_CHUNK = 2000

_CHECKPOINT_CONTEXT = b"reintegra-audit-checkpoint-v1\n"


# --- the digest ---------------------------------------------------------------------


def _timestamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_digest(
    *,
    previous_hash: str,
    sequence: int,
    at: dt.datetime,
    actor_id: int | None,
    action: str,
    object_type: str,
    object_id: str,
    participant_ref: int | None,
    remote_addr: str | None,
    request_id: str,
    detail: Any,
) -> str:
    """SHA-256 over the previous digest and every stored column of the entry, as canonical JSON."""
    payload = {
        "sequence": sequence,
        "at": _timestamp(at),
        "actor": actor_id,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "participant": participant_ref,
        "remote_addr": remote_addr,
        "request_id": request_id,
        "detail": detail,
        "previous_hash": previous_hash,
    }
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _digest_of(entry: AuditEntry) -> str:
    return entry_digest(
        previous_hash=entry.previous_hash, sequence=entry.sequence, at=entry.at, actor_id=entry.actor_id,
        action=entry.action, object_type=entry.object_type, object_id=entry.object_id,
        participant_ref=entry.participant_ref, remote_addr=entry.remote_addr, request_id=entry.request_id,
        detail=entry.detail,
    )


# --- writing ------------------------------------------------------------------------


def _normalised_detail(detail: dict[str, Any] | None) -> Any:
    # What the database gives back (JSON round trip), so the digest is computed over the same value.
    return json.loads(json.dumps(detail or {}))


def _entry_new(
    *, actor: User | None, action: str, target: models.Model | None, participant_id: int | None,
    detail: dict[str, Any] | None,
) -> AuditEntry:
    remote_addr = current_remote_addr()
    return AuditEntry(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=str(action),
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        participant_ref=participant_id,
        remote_addr=AuditEntry._meta.get_field("remote_addr").get_prep_value(remote_addr) if remote_addr else None,
        request_id=current_request_id(),
        detail=_normalised_detail(detail),
    )


def _head_advance(count: int) -> tuple[int, str]:
    """Move the chain head on by `count` numbers (taking its lock); return the sequence and
    hash it had before."""
    table = connection.ops.quote_name(AuditChainHead._meta.db_table)
    sql = f"UPDATE {table} SET sequence = sequence + %s WHERE id = 1 RETURNING sequence, entry_hash"  # noqa: S608 - the table name is ours
    with connection.cursor() as cursor:
        cursor.execute(sql, [count])
        row = cursor.fetchone()
        if row is None:  # a new (or flushed) database: the head starts where the entries end
            last = AuditEntry.objects.order_by("-sequence").values_list("sequence", "entry_hash").first()
            AuditChainHead.objects.bulk_create(
                [AuditChainHead(id=1, sequence=last[0] if last else 0, entry_hash=last[1] if last else "")],
                ignore_conflicts=True,
            )
            cursor.execute(sql, [count])
            row = cursor.fetchone()
    if row is None:
        raise RuntimeError("the audit chain head row could not be created")
    return int(row[0]) - count, str(row[1])


def _chain_append(entries: list[AuditEntry]) -> list[AuditEntry]:
    """Number, timestamp, chain and insert `entries` behind the current head (in the caller's
    transaction), and sign a checkpoint when a multiple of CHECKPOINT_EVERY is passed."""
    if not entries:
        return entries
    sequence, previous_hash = _head_advance(len(entries))
    at = timezone.now()  # taken under the lock, so times rise with the numbers
    for entry in entries:
        sequence += 1
        entry.sequence, entry.at, entry.previous_hash = sequence, at, previous_hash
        entry.entry_hash = previous_hash = _digest_of(entry)
    AuditEntry.objects.bulk_create(entries)
    AuditChainHead.objects.filter(pk=1).update(entry_hash=previous_hash)
    first = entries[0].sequence
    if (first - 1) // CHECKPOINT_EVERY != sequence // CHECKPOINT_EVERY:
        _checkpoint_sign(sequence=sequence, entry_hash=previous_hash)
    return entries


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
    entry = _entry_new(actor=actor, action=action, target=target, participant_id=participant_id, detail=detail)
    return _chain_append([entry])[0]


@dataclass(frozen=True)
class AuditItem:
    """One entry of `audit_record_many`: what it is about, and the detail (no personal data)."""

    target: models.Model | None = None
    participant_id: int | None = None
    detail: dict[str, Any] | None = None


@transaction.atomic
def audit_record_many(*, actor: User | None, action: str, items: Sequence[AuditItem]) -> list[AuditEntry]:
    """Append one entry per item, chained in this order: the same entries as `audit_record`
    called for each, but one head update and one insert per batch (bulk services write hundreds)."""
    entries = [
        _entry_new(actor=actor, action=action, target=item.target, participant_id=item.participant_id,
                   detail=item.detail)
        for item in items
    ]
    return _chain_append(entries)


def audit_read(
    *, actor: User | None, participant_ids: Iterable[int], target: models.Model | None = None
) -> AuditEntry | None:
    """Record that a page showed these participants' data (called by the access layer).

    One participant: `participant.view` naming them; several (caseloads, session lists,
    exports): one `participant.list` entry with their ids in `detail["participants"]`.
    `detail["view"]` names the page. Nothing is written for an empty list."""
    ids = sorted(set(participant_ids))
    if not ids:
        return None
    detail: dict[str, Any] = {"view": current_view_name()} if current_view_name() else {}
    if len(ids) == 1:
        return audit_record(actor=actor, action=AuditAction.PARTICIPANT_VIEW, target=target, participant_id=ids[0],
                            detail=detail)
    return audit_record(actor=actor, action=AuditAction.PARTICIPANT_LIST, target=target, detail={**detail,
                        "participants": ids})


# --- the checkpoint key and checkpoints ---------------------------------------------

_keys: dict[Path, Ed25519PrivateKey] = {}


def audit_key_path() -> Path:
    return Path(settings.VAR_DIR) / "keys" / "audit-checkpoint-ed25519.pem"


def audit_private_key() -> Ed25519PrivateKey:
    """The checkpoint signing key, made on first use (a PEM file only this user can read)."""
    path = audit_key_path()
    cached = _keys.get(path)
    if cached is not None:
        return cached
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        pem = Ed25519PrivateKey.generate().private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it at the same moment
            pass
        else:
            with os.fdopen(descriptor, "wb") as file:
                file.write(pem)
    loaded = load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(loaded, Ed25519PrivateKey):
        raise TypeError(f"{path} is not an Ed25519 key")
    _keys[path] = loaded
    return loaded


def _public_key_text(key: Ed25519PublicKey) -> str:
    return base64.b64encode(key.public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


def audit_trusted_public_keys() -> set[str]:
    """Keys checkpoints may be signed with: this installation's, and earlier ones named in
    the setting REINTEGRA_AUDIT_TRUSTED_KEYS (base64, e.g. after a key was replaced)."""
    return {_public_key_text(audit_private_key().public_key()), *getattr(settings, "REINTEGRA_AUDIT_TRUSTED_KEYS", [])}


def checkpoint_message(*, sequence: int, entry_hash: str, at: dt.datetime) -> bytes:
    """The bytes a checkpoint signs (documented in the export, so anyone can check it)."""
    return _CHECKPOINT_CONTEXT + f"{sequence}\n{entry_hash}\n{_timestamp(at)}".encode()


def _checkpoint_sign(*, sequence: int, entry_hash: str) -> AuditCheckpoint:
    key = audit_private_key()
    at = timezone.now()
    signature = key.sign(checkpoint_message(sequence=sequence, entry_hash=entry_hash, at=at))
    return AuditCheckpoint.objects.create(
        sequence=sequence, entry_hash=entry_hash, at=at, public_key=_public_key_text(key.public_key()),
        signature=base64.b64encode(signature).decode(),
    )


@transaction.atomic
def audit_checkpoint_write() -> AuditCheckpoint | None:
    """Sign the current head (the `audit_checkpoint` command and the daily beat job);
    None if the chain is empty, the existing checkpoint if the head has not moved."""
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None or head.sequence == 0:
        return None
    existing = AuditCheckpoint.objects.filter(sequence=head.sequence).first()
    return existing or _checkpoint_sign(sequence=head.sequence, entry_hash=head.entry_hash)


def checkpoint_signature_valid(checkpoint: AuditCheckpoint) -> bool:
    try:
        public_key = Ed25519PublicKey.from_public_bytes(base64.b64decode(checkpoint.public_key))
        public_key.verify(
            base64.b64decode(checkpoint.signature),
            checkpoint_message(sequence=checkpoint.sequence, entry_hash=checkpoint.entry_hash, at=checkpoint.at),
        )
    except (InvalidSignature, ValueError):
        return False
    return True


def audit_checkpoint_export() -> dict[str, Any]:
    """Every checkpoint with the public keys, for the DPO to keep outside this system."""
    return {
        "format": "reintegra-audit-checkpoints-v1",
        "signed_message": "UTF-8 'reintegra-audit-checkpoint-v1\\n<sequence>\\n<entry_hash>\\n<at>', Ed25519",
        "trusted_public_keys": sorted(audit_trusted_public_keys()),
        "checkpoints": [
            {
                "sequence": c.sequence, "entry_hash": c.entry_hash, "at": _timestamp(c.at),
                "public_key": c.public_key, "signature": c.signature,
            }
            for c in AuditCheckpoint.objects.order_by("sequence")
        ],
    }


# --- checking -----------------------------------------------------------------------


class BreakKind:
    DIGEST = "digest"
    LINK = "link"
    GAP = "gap"
    CHECKPOINT = "checkpoint"
    TRUNCATED = "truncated"


BREAK_MESSAGES = {
    BreakKind.DIGEST: _("entry %(sequence)s was changed: its digest does not match its content"),
    BreakKind.LINK: _("entry %(sequence)s does not point to the entry before it"),
    BreakKind.GAP: _("entries are missing before entry %(sequence)s (expected number %(expected)s)"),
    BreakKind.CHECKPOINT: _("checkpoint %(sequence)s does not match the chain: %(why)s"),
    BreakKind.TRUNCATED: _("the newest entries were deleted: the chain head names entry %(sequence)s, "
                           "the last stored entry is %(last)s"),
}
CHECKPOINT_WHY = {
    "signature": _("its signature is not valid"),
    "key": _("it is signed by a key this installation does not trust"),
    "hash": _("the entry it names has another digest"),
    "missing": _("the entries up to it were deleted"),
}


@dataclass(frozen=True)
class ChainBreak:
    kind: str
    sequence: int
    entry_id: int | None = None
    expected: int | None = None
    why: str = ""

    @property
    def message(self) -> str:
        return str(BREAK_MESSAGES[self.kind]) % {
            "sequence": self.sequence, "expected": self.expected, "last": (self.expected or 1) - 1,
            "why": CHECKPOINT_WHY.get(self.why, ""),
        }


@dataclass
class ChainReport:
    entries: int = 0
    checkpoints: int = 0
    last_sequence: int = 0
    broken: ChainBreak | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def intact(self) -> bool:
        return self.broken is None


_COLUMNS = (
    "id", "sequence", "at", "actor_id", "action", "object_type", "object_id", "participant_ref", "remote_addr",
    "request_id", "detail", "previous_hash", "entry_hash",
)


def _entries_in_order(chunk_size: int) -> Iterator[tuple[Any, ...]]:
    """Every entry as a tuple of _COLUMNS, in sequence order, `chunk_size` per query (keyset)."""
    after = None
    while True:
        query = AuditEntry.objects.order_by("sequence")
        if after is not None:
            query = query.filter(sequence__gt=after)
        rows = list(query.values_list(*_COLUMNS)[:chunk_size])
        yield from rows
        if len(rows) < chunk_size:
            return
        after = rows[-1][1]


def audit_chain_check(
    *, chunk_size: int = VERIFY_CHUNK, progress: Callable[[int], None] | None = None
) -> ChainReport:
    """Walk the whole chain and checkpoints; the report names the first break, if any.

    `progress(n)` is called after every chunk with the number of entries checked so far."""
    report = ChainReport(entries=0)
    checkpoints = {c.sequence: c for c in AuditCheckpoint.objects.order_by("sequence")}
    report.checkpoints = len(checkpoints)
    trusted = audit_trusted_public_keys() if checkpoints else set()
    for checkpoint in checkpoints.values():
        why = "" if checkpoint_signature_valid(checkpoint) else "signature"
        if not why and checkpoint.public_key not in trusted:
            why = "key"
        if why:
            report.broken = ChainBreak(kind=BreakKind.CHECKPOINT, sequence=checkpoint.sequence, why=why)
            return report
    previous_hash, expected = "", 1
    for row in _entries_in_order(chunk_size):
        (entry_id, sequence, at, actor_id, action, object_type, object_id, participant_ref, remote_addr,
         request_id, detail, stored_previous, stored_hash) = row
        if sequence != expected:
            report.broken = ChainBreak(kind=BreakKind.GAP, sequence=sequence, entry_id=entry_id, expected=expected)
            return report
        if stored_previous != previous_hash:
            report.broken = ChainBreak(kind=BreakKind.LINK, sequence=sequence, entry_id=entry_id)
            return report
        digest = entry_digest(
            previous_hash=stored_previous, sequence=sequence, at=at, actor_id=actor_id, action=action,
            object_type=object_type, object_id=object_id, participant_ref=participant_ref,
            remote_addr=remote_addr, request_id=request_id, detail=detail,
        )
        if digest != stored_hash:
            report.broken = ChainBreak(kind=BreakKind.DIGEST, sequence=sequence, entry_id=entry_id)
            return report
        sealed = checkpoints.get(sequence)
        if sealed is not None and sealed.entry_hash != stored_hash:
            report.broken = ChainBreak(kind=BreakKind.CHECKPOINT, sequence=sequence, entry_id=entry_id, why="hash")
            return report
        previous_hash, expected = stored_hash, sequence + 1
        report.entries += 1
        if progress is not None and report.entries % chunk_size == 0:
            progress(report.entries)
    if progress is not None:
        progress(report.entries)
    report.last_sequence = expected - 1
    beyond = [sequence for sequence in checkpoints if sequence > report.last_sequence]
    if beyond:
        report.broken = ChainBreak(kind=BreakKind.CHECKPOINT, sequence=min(beyond), why="missing")
        return report
    head = AuditChainHead.objects.filter(pk=1).values_list("sequence", flat=True).first()
    if head is not None and head > report.last_sequence:
        report.broken = ChainBreak(kind=BreakKind.TRUNCATED, sequence=head, expected=report.last_sequence + 1)
    return report


def audit_chain_verify() -> int | None:
    """The sequence number of the first broken entry, or None if the chain is intact
    (the short form of `audit_chain_check`)."""
    report = audit_chain_check()
    return report.broken.sequence if report.broken else None
