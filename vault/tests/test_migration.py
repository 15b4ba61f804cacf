"""The migration encrypts what was stored as plaintext before it, and decrypts it backwards."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from vault.fields import decrypt_text

BEFORE = [("participants", "0001_initial")]
AFTER = [("participants", "0002_encrypt_special_categories_and_anonymised_at")]


def _raw_health(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT health_notes FROM participants_participant WHERE id = %s", [pk])
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_existing_plaintext_is_encrypted_and_restored_backwards(site_a, counsellor_a):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Participant = apps.get_model("participants", "Participant")
    old = Participant.objects.create(
        case_number="RI-2020-0001", first_name="Old", last_name="Record", date_of_birth="1980-01-02",
        origin_country="SY", site_id=site_a.pk, counsellor_id=counsellor_a.pk, intake_date="2020-01-01",
        planned_departure="2020-06-01", health_notes="Epilepsy", needs_notes="",
    )
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        token = _raw_health(old.pk)
        assert token != "Epilepsy" and decrypt_text(token) == "Epilepsy"

        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        assert _raw_health(old.pk) == "Epilepsy"
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
