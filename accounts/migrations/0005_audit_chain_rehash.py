"""Bring the existing audit entries into the numbered chain (step 2 of 3).

The old chain is checked first with its own digest (the code of the time, frozen here).
Then every entry, in id order, gets the numbers 1, 2, 3 … and a new digest over all its
columns; nothing else about an entry changes. Last, one entry `audit.chain_migrated`
records what the old chain was: its number of entries, its last digest, and whether it
was intact (the id of the first broken entry if not — concurrent use forked it), so the
DPO sees that the entries before it were re-sealed, not sealed when written.
"""

import datetime as dt
import hashlib
import json

from django.db import migrations, models
from django.db.models.functions import Cast, Concat
from django.utils import timezone

CHUNK = 2000


def _old_digest(entry):
    payload = {
        "actor": entry.actor_id, "action": entry.action, "object_type": entry.object_type,
        "object_id": entry.object_id, "participant": entry.participant_ref, "remote_addr": entry.remote_addr,
        "request_id": entry.request_id, "detail": entry.detail,
    }
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256((entry.previous_hash + canonical).encode()).hexdigest()


def _new_digest(entry):
    # accounts.audit.entry_digest as written with this migration
    payload = {
        "sequence": entry.sequence, "at": entry.at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "actor": entry.actor_id, "action": entry.action, "object_type": entry.object_type,
        "object_id": entry.object_id, "participant": entry.participant_ref, "remote_addr": entry.remote_addr,
        "request_id": entry.request_id, "detail": entry.detail, "previous_hash": entry.previous_hash,
    }
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _in_id_order(AuditEntry):
    after = 0
    while True:
        chunk = list(AuditEntry.objects.filter(id__gt=after).order_by("id")[:CHUNK])
        yield from chunk
        if len(chunk) < CHUNK:
            return
        after = chunk[-1].id


def rechain(apps, schema_editor):
    AuditEntry = apps.get_model("accounts", "AuditEntry")
    AuditChainHead = apps.get_model("accounts", "AuditChainHead")
    old_count, old_previous, old_broken_at = 0, "", None
    for entry in _in_id_order(AuditEntry):
        if old_broken_at is None and (entry.previous_hash != old_previous or entry.entry_hash != _old_digest(entry)):
            old_broken_at = entry.id
        old_previous = entry.entry_hash
        old_count += 1
    if old_count == 0:
        AuditChainHead.objects.create(id=1, sequence=0, entry_hash="")
        return
    # Entry hashes are unique: give every row a placeholder first, so the new digests never
    # meet an old one still in the table.
    AuditEntry.objects.update(
        entry_hash=Concat(models.Value("rechain-"), Cast("id", models.CharField()), output_field=models.CharField())
    )
    sequence, previous = 0, ""
    batch = []
    for entry in _in_id_order(AuditEntry):
        sequence += 1
        entry.sequence, entry.previous_hash = sequence, previous
        entry.entry_hash = previous = _new_digest(entry)
        batch.append(entry)
        if len(batch) == CHUNK:
            AuditEntry.objects.bulk_update(batch, ["sequence", "previous_hash", "entry_hash"])
            batch = []
    AuditEntry.objects.bulk_update(batch, ["sequence", "previous_hash", "entry_hash"])
    marker = AuditEntry(
        sequence=sequence + 1, at=timezone.now(), actor_id=None, action="audit.chain_migrated",
        object_type="", object_id="", participant_ref=None, remote_addr=None, request_id="",
        detail={"old_entries": old_count, "old_last_hash": old_previous, "old_chain_intact": old_broken_at is None,
                "old_first_broken_id": old_broken_at},
        previous_hash=previous,
    )
    marker.entry_hash = _new_digest(marker)
    marker.save()
    AuditChainHead.objects.create(id=1, sequence=marker.sequence, entry_hash=marker.entry_hash)


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0004_audit_sequence_and_checkpoints"),
    ]

    operations = [
        migrations.RunPython(rechain, migrations.RunPython.noop),
    ]
