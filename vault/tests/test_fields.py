from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection

from participants.models import Participant
from participants.tests.factories import ParticipantFactory
from vault.fields import FieldDecryptionError

ROOT = Path(__file__).resolve().parents[2]
OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()


def _raw(pk: int) -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT health_notes, needs_notes FROM participants_participant WHERE id = %s", [pk])
        return cursor.fetchone()


@pytest.mark.django_db
def test_database_holds_tokens_and_the_model_reads_plaintext():
    person = ParticipantFactory(health_notes="Diabetes type 1", needs_notes="Childcare on Fridays")
    health, needs = _raw(person.pk)
    assert "Diabetes" not in health and "Childcare" not in needs
    assert health.startswith("gAAAA")  # a Fernet token
    fresh = Participant.objects.get(pk=person.pk)
    assert (fresh.health_notes, fresh.needs_notes) == ("Diabetes type 1", "Childcare on Fridays")
    assert Participant.objects.filter(pk=person.pk).values_list("health_notes", flat=True).get() == "Diabetes type 1"


@pytest.mark.django_db
def test_the_same_text_gives_a_different_token_each_time():
    first = ParticipantFactory(health_notes="Asthma")
    second = ParticipantFactory(health_notes="Asthma")
    assert _raw(first.pk)[0] != _raw(second.pk)[0]


@pytest.mark.django_db
def test_empty_text_stays_empty():
    person = ParticipantFactory(health_notes="", needs_notes="")
    assert _raw(person.pk) == ("", "")
    assert Participant.objects.filter(health_notes="").filter(pk=person.pk).exists()


@pytest.mark.django_db
def test_searching_inside_encrypted_text_is_refused():
    with pytest.raises(FieldError):
        list(Participant.objects.filter(health_notes__icontains="asthma"))


@pytest.mark.django_db
def test_rotation_with_two_keys(settings, capsys):
    settings.REINTEGRA_FIELD_KEYS = [OLD_KEY]
    person = ParticipantFactory(health_notes="Knee surgery 2023", needs_notes="")
    old_token = _raw(person.pk)[0]
    assert Fernet(OLD_KEY).decrypt(old_token.encode()) == b"Knee surgery 2023"

    # The new key goes first: it encrypts from now on, the old one still decrypts.
    settings.REINTEGRA_FIELD_KEYS = [NEW_KEY, OLD_KEY]
    assert Participant.objects.get(pk=person.pk).health_notes == "Knee surgery 2023"
    call_command("rotate_field_keys")
    assert "Re-encrypted" in capsys.readouterr().out
    new_token = _raw(person.pk)[0]
    assert new_token != old_token
    assert Fernet(NEW_KEY).decrypt(new_token.encode()) == b"Knee surgery 2023"
    assert _raw(person.pk)[1] == ""

    # After rotation the old key can go.
    settings.REINTEGRA_FIELD_KEYS = [NEW_KEY]
    assert Participant.objects.get(pk=person.pk).health_notes == "Knee surgery 2023"


@pytest.mark.django_db
def test_a_value_no_key_opens_fails_loudly(settings):
    settings.REINTEGRA_FIELD_KEYS = [OLD_KEY]
    person = ParticipantFactory(health_notes="Back pain")
    settings.REINTEGRA_FIELD_KEYS = [NEW_KEY]
    with pytest.raises(FieldDecryptionError):
        Participant.objects.get(pk=person.pk)


def _settings_in_production(**env: str) -> subprocess.CompletedProcess[str]:
    unset = {"REINTEGRA_TESTING", "DJANGO_DEBUG", "REINTEGRA_FIELD_KEYS"}
    clean = {key: value for key, value in os.environ.items() if key not in unset}
    clean.update({"DJANGO_SECRET_KEY": "a-production-secret-for-this-test", **env})
    return subprocess.run(  # noqa: S603 - our own interpreter on a fixed snippet
        [sys.executable, "-c", "import reintegra.settings"], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_production_without_field_keys_fails_at_start():
    result = _settings_in_production()
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "REINTEGRA_FIELD_KEYS must be set" in result.stderr


def test_production_with_a_malformed_key_fails_without_echoing_it():
    result = _settings_in_production(REINTEGRA_FIELD_KEYS=f"{NEW_KEY},not-a-key-secret")
    assert result.returncode != 0
    assert "key 2 is not a Fernet key" in result.stderr and "not-a-key-secret" not in result.stderr


def test_production_with_keys_starts():
    result = _settings_in_production(REINTEGRA_FIELD_KEYS=f"{NEW_KEY},{OLD_KEY}")
    assert result.returncode == 0, result.stderr
