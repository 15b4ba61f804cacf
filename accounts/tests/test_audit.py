"""The audit chain: numbered, linked, sealed by checkpoints; every kind of tampering is named."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from django.core.management import call_command
from django.db.models import F

from accounts import audit
from accounts.audit import (
    AuditItem,
    BreakKind,
    audit_chain_check,
    audit_chain_verify,
    audit_checkpoint_export,
    audit_checkpoint_write,
    audit_record,
    audit_record_many,
)
from accounts.models import AuditChainHead, AuditCheckpoint, AuditEntry


def _independent_digest(row: dict) -> str:
    """The digest as the model's docs state it, written again without the module's helpers."""
    at = row["at"].astimezone(dt.UTC)
    payload = {
        "sequence": row["sequence"], "at": at.isoformat(timespec="microseconds").replace("+00:00", "Z"),
        "actor": row["actor_id"], "action": row["action"], "object_type": row["object_type"],
        "object_id": row["object_id"], "participant": row["participant_ref"], "remote_addr": row["remote_addr"],
        "request_id": row["request_id"], "detail": row["detail"], "previous_hash": row["previous_hash"],
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
                          .encode()).hexdigest()


@pytest.fixture
def chain(counsellor_a, site_a):
    for index in range(5):
        audit_record(actor=counsellor_a, action="test.action", target=site_a, participant_id=index,
                     detail={"fields": ["a", "ü"], "n": index})
    return list(AuditEntry.objects.order_by("sequence"))


@pytest.mark.django_db
def test_entries_are_numbered_linked_and_digested_over_every_column(chain):
    assert [entry.sequence for entry in chain] == [1, 2, 3, 4, 5]
    for before, entry in zip([None, *chain], chain, strict=False):
        assert entry.previous_hash == (before.entry_hash if before else "")
    for row in AuditEntry.objects.values():
        assert row["entry_hash"] == _independent_digest(row)
    head = AuditChainHead.objects.get()
    assert (head.sequence, head.entry_hash) == (5, chain[-1].entry_hash)
    report = audit_chain_check()
    assert report.intact and report.entries == 5 and report.last_sequence == 5
    assert audit_chain_verify() is None


@pytest.mark.django_db
def test_record_many_continues_the_same_chain(chain, counsellor_a):
    entries = audit_record_many(actor=counsellor_a, action="test.bulk", items=[AuditItem(participant_id=n)
                                                                                for n in range(3)])
    assert [entry.sequence for entry in entries] == [6, 7, 8]
    assert entries[0].previous_hash == chain[-1].entry_hash
    assert audit_chain_check().intact


TAMPERED_COLUMNS = {
    "at": F("at") + dt.timedelta(seconds=1),
    "actor": None,
    "action": "test.forged",
    "object_type": "accounts.user",
    "object_id": "999",
    "participant_ref": 4242,
    "remote_addr": "10.9.9.9",
    "request_id": "forged",
    "detail": {"fields": ["other"]},
}


@pytest.mark.django_db
@pytest.mark.parametrize("column", sorted(TAMPERED_COLUMNS))
@pytest.mark.parametrize("position", [0, 2, 4])
def test_changing_any_column_of_any_entry_is_named(chain, column, position):
    target = chain[position]
    AuditEntry.objects.filter(pk=target.pk).update(**{column: TAMPERED_COLUMNS[column]})
    report = audit_chain_check()
    assert report.broken is not None
    assert (report.broken.kind, report.broken.sequence) == (BreakKind.DIGEST, target.sequence)
    assert audit_chain_verify() == target.sequence


@pytest.mark.django_db
def test_renumbering_an_entry_is_named(chain):
    AuditEntry.objects.filter(pk=chain[4].pk).update(sequence=9)
    report = audit_chain_check()
    assert report.broken is not None and (report.broken.kind, report.broken.sequence) == (BreakKind.GAP, 9)


@pytest.mark.django_db
def test_a_recomputed_digest_breaks_the_link_of_the_next_entry(chain):
    forged = chain[1]
    forged.action = "test.forged"
    forged.entry_hash = audit._digest_of(forged)
    AuditEntry.objects.filter(pk=forged.pk).update(action=forged.action, entry_hash=forged.entry_hash)
    report = audit_chain_check()
    assert report.broken is not None
    assert (report.broken.kind, report.broken.sequence) == (BreakKind.LINK, 3)


@pytest.mark.django_db
def test_deleting_a_middle_entry_is_named(chain):
    AuditEntry.objects.filter(pk=chain[2].pk).delete()
    report = audit_chain_check()
    assert report.broken is not None
    assert (report.broken.kind, report.broken.sequence, report.broken.expected) == (BreakKind.GAP, 4, 3)
    assert "expected number 3" in report.broken.message


@pytest.mark.django_db
def test_deleting_the_newest_entries_after_a_checkpoint_is_named(chain, counsellor_a):
    checkpoint = audit_checkpoint_write()
    assert checkpoint is not None and checkpoint.sequence == 5
    for _ in range(3):
        audit_record(actor=counsellor_a, action="test.later")
    assert audit_chain_check().intact
    # whoever deletes the newest entries also winds the head back
    AuditEntry.objects.filter(sequence__gte=4).delete()
    AuditChainHead.objects.update(sequence=3, entry_hash=chain[2].entry_hash)
    report = audit_chain_check()
    assert report.broken is not None
    assert (report.broken.kind, report.broken.sequence, report.broken.why) == (BreakKind.CHECKPOINT, 5, "missing")


@pytest.mark.django_db
def test_deleting_the_newest_entries_alone_is_named_by_the_head(chain):
    AuditEntry.objects.filter(sequence=5).delete()
    report = audit_chain_check()
    assert report.broken is not None
    assert (report.broken.kind, report.broken.sequence) == (BreakKind.TRUNCATED, 5)
    assert "last stored entry is 4" in report.broken.message


@pytest.mark.django_db
def test_a_rewritten_chain_does_not_match_its_checkpoint(chain):
    audit_checkpoint_write()
    # rewrite entry 5 and re-seal it: digest and link are right again, the checkpoint is not
    last = chain[4]
    last.action = "test.forged"
    last.entry_hash = audit._digest_of(last)
    AuditEntry.objects.filter(pk=last.pk).update(action=last.action, entry_hash=last.entry_hash)
    AuditChainHead.objects.update(entry_hash=last.entry_hash)
    report = audit_chain_check()
    assert report.broken is not None
    assert (report.broken.kind, report.broken.sequence, report.broken.why) == (BreakKind.CHECKPOINT, 5, "hash")


@pytest.mark.django_db
def test_a_forged_checkpoint_is_named(chain):
    checkpoint = audit_checkpoint_write()
    assert checkpoint is not None
    AuditCheckpoint.objects.filter(pk=checkpoint.pk).update(entry_hash="0" * 64)
    report = audit_chain_check()
    assert report.broken is not None and report.broken.why == "signature"


@pytest.mark.django_db
def test_a_checkpoint_from_a_foreign_key_is_named(chain, settings, tmp_path):
    audit_checkpoint_write()
    settings.VAR_DIR = tmp_path / "elsewhere"  # this installation now holds another key
    report = audit_chain_check()
    assert report.broken is not None and report.broken.why == "key"


@pytest.mark.django_db
def test_checkpoints_are_signed_every_so_many_entries(counsellor_a, monkeypatch):
    monkeypatch.setattr(audit, "CHECKPOINT_EVERY", 4)
    audit_record_many(actor=counsellor_a, action="test.bulk", items=[AuditItem(participant_id=n) for n in range(6)])
    audit_record(actor=counsellor_a, action="test.one")
    audit_record(actor=counsellor_a, action="test.one")
    assert list(AuditCheckpoint.objects.values_list("sequence", flat=True)) == [6, 8]
    assert audit_chain_check().checkpoints == 2


@pytest.mark.django_db
def test_checkpoint_export_verifies_with_the_published_key(chain):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    audit_checkpoint_write()
    exported = audit_checkpoint_export()
    (checkpoint,) = exported["checkpoints"]
    assert checkpoint["public_key"] in exported["trusted_public_keys"]
    message = f"reintegra-audit-checkpoint-v1\n{checkpoint['sequence']}\n{checkpoint['entry_hash']}\n{checkpoint['at']}"
    import base64

    Ed25519PublicKey.from_public_bytes(base64.b64decode(checkpoint["public_key"])).verify(
        base64.b64decode(checkpoint["signature"]), message.encode()
    )  # raises if it does not verify


@pytest.mark.django_db
def test_the_chain_head_is_rebuilt_after_the_tables_were_emptied(chain, counsellor_a):
    AuditChainHead.objects.all().delete()
    entry = audit_record(actor=counsellor_a, action="test.after")
    assert entry.sequence == 6 and entry.previous_hash == chain[-1].entry_hash
    assert audit_chain_check().intact


@pytest.mark.django_db
def test_audit_verify_command_says_intact_or_names_the_break(chain, capsys):
    call_command("audit_verify")
    assert "intact" in capsys.readouterr().out
    AuditEntry.objects.filter(pk=chain[1].pk).update(request_id="x")
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit_verify")
    assert exit_info.value.code == 1
    assert "entry 2 was changed" in capsys.readouterr().err


@pytest.mark.django_db
def test_audit_checkpoint_command_signs_and_exports(chain, tmp_path):
    target = tmp_path / "checkpoints.json"
    call_command("audit_checkpoint", export=str(target))
    exported = json.loads(target.read_text())
    assert [c["sequence"] for c in exported["checkpoints"]] == [5]


@pytest.mark.django_db
def test_the_beat_job_signs_the_head(chain):
    from accounts.tasks import audit_checkpoint_task

    assert audit_checkpoint_task() == 5
    assert audit_checkpoint_task() == 5  # the head has not moved: the same checkpoint
    assert AuditCheckpoint.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["2001:0DB8:0000:0000:0000:0000:0000:0001", "::ffff:10.0.0.1", "10.1.2.3"])
def test_the_digest_survives_how_the_database_stores_addresses_and_json(counsellor_a, monkeypatch, address):
    monkeypatch.setattr(audit, "current_remote_addr", lambda: address)
    audit_record(actor=counsellor_a, action="test.address",
                 detail={"b": [1, 2.5, None, True], "a": {"z": "ä", "y": 10**15}, "": "empty key"})
    assert audit_chain_check().intact
