import pytest

from accounts.audit import audit_chain_verify, audit_record
from accounts.models import AuditEntry


@pytest.mark.django_db
def test_chain_is_intact_and_tampering_shows(counsellor_a, site_a):
    for index in range(3):
        audit_record(actor=counsellor_a, action="test.action", target=site_a, participant_id=index)
    assert audit_chain_verify() is None
    entries = list(AuditEntry.objects.order_by("id"))
    assert entries[1].previous_hash == entries[0].entry_hash
    AuditEntry.objects.filter(pk=entries[1].pk).update(action="test.forged")
    assert audit_chain_verify() == entries[1].pk
