"""The existing audit entries are brought into the numbered chain, and the old chain's state is recorded."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.audit import audit_chain_check, audit_record
from accounts.models import AuditEntry

BEFORE = [("accounts", "0003_instructor_profile")]
AFTER = [("accounts", "0006_audit_sequence_required")]


def _old_entry(AuditEntry, *, previous_hash: str, actor_id: int, action: str, participant: int):
    # The digest the code before the numbered chain wrote (accounts/audit.py at that time).
    payload = {"actor": actor_id, "action": action, "object_type": "", "object_id": "", "participant": participant,
               "remote_addr": None, "request_id": "", "detail": {}}
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    entry_hash = hashlib.sha256((previous_hash + canonical).encode()).hexdigest()
    return AuditEntry.objects.create(actor_id=actor_id, action=action, object_type="", participant_ref=participant,
                                     previous_hash=previous_hash, entry_hash=entry_hash)


@pytest.mark.django_db(transaction=True)
def test_old_entries_are_numbered_rechained_and_the_fork_is_recorded(counsellor_a):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    OldEntry = apps.get_model("accounts", "AuditEntry")
    first = _old_entry(OldEntry, previous_hash="", actor_id=counsellor_a.pk, action="participant.view", participant=1)
    second = _old_entry(OldEntry, previous_hash=first.entry_hash, actor_id=counsellor_a.pk, action="participant.view",
                        participant=2)
    # two concurrent writers chained to the same predecessor: the fork the old lock let through
    fork = _old_entry(OldEntry, previous_hash=first.entry_hash, actor_id=counsellor_a.pk, action="participant.view",
                      participant=3)
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())

        rows = list(AuditEntry.objects.order_by("sequence").values_list("id", "sequence", "participant_ref", "action"))
        assert rows[:3] == [(first.pk, 1, 1, "participant.view"), (second.pk, 2, 2, "participant.view"),
                            (fork.pk, 3, 3, "participant.view")]
        marker = AuditEntry.objects.get(sequence=4)
        assert marker.action == "audit.chain_migrated"
        assert marker.detail == {"old_entries": 3, "old_last_hash": fork.entry_hash, "old_chain_intact": False,
                                 "old_first_broken_id": fork.pk}
        assert audit_chain_check().intact
        assert audit_record(actor=counsellor_a, action="test.after").sequence == 5
        assert audit_chain_check().intact
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
