"""Migration 0004 brings credentials stored in the earlier form (proof without @context, as an
object) into the conformant one without signing anything again — and back."""

from __future__ import annotations

import copy

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from certificates.keys import issuer_key_document
from certificates.services import certificate_issue
from certificates.tests import independent

BEFORE = [("certificates", "0003_funding_line")]
AFTER = [("certificates", "0004_credential_proof_context_and_proof_set")]


def _stored(executor: MigrationExecutor, target, pk: int) -> dict:
    Certificate = executor.loader.project_state(target).apps.get_model("certificates", "Certificate")
    return Certificate.objects.get(pk=pk).credential


@pytest.mark.django_db(transaction=True)
def test_earlier_credentials_become_conformant_with_the_same_signature(amina_ready, counsellor_a):
    certificate = certificate_issue(acting_user=counsellor_a, participant=amina_ready)
    conformant = copy.deepcopy(certificate.credential)
    keys = issuer_key_document()
    # what the code before issue 17 stored: the same signature, proof as an object without @context
    legacy = copy.deepcopy(conformant)
    legacy["proof"] = {k: v for k, v in legacy["proof"][0].items() if k != "@context"}
    assert not independent.verify(legacy, keys)  # why the migration exists
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE)
        executor.loader.project_state(BEFORE).apps.get_model("certificates", "Certificate").objects.filter(
            pk=certificate.pk).update(credential=legacy)

        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        migrated = _stored(executor, AFTER, certificate.pk)
        assert migrated == conformant  # nothing re-signed: the proofValue is the one issued
        assert independent.verify(migrated, keys)

        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        assert _stored(executor, BEFORE, certificate.pk) == legacy
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
