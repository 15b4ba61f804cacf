"""Fifty people read case files and write audit entries at once: the chain must not fork."""

from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from accounts.audit import audit_chain_check, audit_record
from accounts.models import AuditEntry
from accounts.tests.login import VerifiedClient
from participants.tests.factories import ParticipantFactory
from tests.threads import POSTGRES_ONLY, at_once

pytestmark = POSTGRES_ONLY

THREADS = 50
ROUNDS = 4


@pytest.mark.django_db(transaction=True)
def test_fifty_threads_reading_and_writing_keep_one_chain(counsellor_a, site_a):
    people = [ParticipantFactory(site=site_a, counsellor=counsellor_a) for _ in range(10)]

    def work(index: int, start) -> None:
        client = VerifiedClient(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(counsellor_a)
        start()
        for round_ in range(ROUNDS):
            person = people[(index + round_) % len(people)]
            if index % 2:
                response = client.get(f"/participants/{person.pk}/")
                assert response.status_code == 200, response.status_code
            else:  # writers that are not page reads: the same chain, the same head
                audit_record(actor=counsellor_a, action="test.concurrent", target=person, participant_id=person.pk)

    _results, failures = at_once(THREADS, work)
    shared = Counter(AuditEntry.objects.values_list("previous_hash", flat=True))
    forks = {previous: count for previous, count in shared.items() if count > 1}
    assert not failures and not forks, (
        f"{len(failures)} of {THREADS} threads failed (first: {failures[:1]}); "
        f"{len(forks)} entries have more than one successor (the chain forked)"
    )
    assert AuditEntry.objects.filter(action="participant.view").count() == THREADS // 2 * ROUNDS
    assert AuditEntry.objects.filter(action="test.concurrent").count() == THREADS // 2 * ROUNDS
    output = StringIO()
    call_command("audit_verify", stdout=output)  # exits 1 on any break
    assert f"Audit chain intact: {THREADS * ROUNDS} entries" in output.getvalue()
    assert audit_chain_check().last_sequence == THREADS * ROUNDS
