import json

import pytest
from django.core.management import CommandError, call_command

from participants.models import Participant

# Engine-agnostic: on PostgreSQL `restore` runs pg_restore into the test database itself.
# The backup must see committed data (SQLite backup API, pg_dump's own session).
committed = pytest.mark.django_db(transaction=True)


def _backup(tmp_path, capsys):
    call_command("backup", output=tmp_path, verbosity=0)
    (manifest_path,) = tmp_path.glob("*.manifest.json")
    capsys.readouterr()
    return tmp_path / json.loads(manifest_path.read_text())["backup"]["file"]


@committed
def test_backup_prints_a_summary(programme, tmp_path, capsys):
    call_command("backup", output=tmp_path)

    out = capsys.readouterr().out
    assert "Backup written:" in out
    assert "personal data" in out
    assert len(list(tmp_path.glob("*.manifest.json"))) == 1


@committed
def test_restore_refuses_a_database_in_use_without_yes(programme, tmp_path, capsys):
    backup_path = _backup(tmp_path, capsys)

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(backup_path))


@committed
def test_restore_with_yes_brings_back_deleted_rows_and_reports_none_lost(programme, tmp_path, capsys):
    backup_path = _backup(tmp_path, capsys)
    Participant.objects.filter(pk=programme["participants"][0].pk).delete()

    call_command("restore", str(backup_path), yes=True)

    out = capsys.readouterr().out
    assert "0 rows lost" in out
    assert "Every table matches the manifest" in out
    assert Participant.objects.count() == 12


@committed
def test_restore_fails_and_names_the_table_that_does_not_match(programme, tmp_path, capsys):
    backup_path = _backup(tmp_path, capsys)
    (manifest_path,) = tmp_path.glob("*.manifest.json")
    manifest = json.loads(manifest_path.read_text())
    manifest["tables"]["participants_participant"]["rows"] += 1
    manifest_path.write_text(json.dumps(manifest))

    with pytest.raises(CommandError, match="participants_participant"):
        call_command("restore", str(backup_path), yes=True)

    captured = capsys.readouterr()
    assert "1 row lost" in captured.out
    assert "participants_participant: 13 rows expected, 12 found" in captured.err
