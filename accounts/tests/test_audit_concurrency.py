"""Fifty people read case files and write audit entries at once: the chain must not fork."""

from __future__ import annotations

import threading
from collections import Counter
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from accounts.audit import audit_chain_check, audit_record
from accounts.models import AuditEntry
from accounts.tests.login import VerifiedClient
from participants.tests.factories import ParticipantFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="needs PostgreSQL (DATABASE_URL=postgres://…): SQLite serialises writers anyway",
    ),
]

THREADS = 50
ROUNDS = 4


@pytest.mark.django_db(transaction=True)
def test_fifty_threads_reading_and_writing_keep_one_chain(counsellor_a, site_a):
    people = [ParticipantFactory(site=site_a, counsellor=counsellor_a) for _ in range(10)]
    start = threading.Barrier(THREADS)
    failures: list[BaseException] = []
    lock = threading.Lock()

    def work(index: int) -> None:
        try:
            client = VerifiedClient(HTTP_ACCEPT_LANGUAGE="en")
            client.force_login(counsellor_a)
            start.wait()
            for round_ in range(ROUNDS):
                person = people[(index + round_) % len(people)]
                if index % 2:
                    response = client.get(f"/participants/{person.pk}/")
                    assert response.status_code == 200, response.status_code
                else:  # writers that are not page reads: the same chain, the same head
                    audit_record(actor=counsellor_a, action="test.concurrent", target=person, participant_id=person.pk)
        except BaseException as exc:  # noqa: BLE001 - reported below, with the thread's number
            with lock:
                failures.append(exc)
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=work, args=(index,)) for index in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
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
