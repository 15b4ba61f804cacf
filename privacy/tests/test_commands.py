from __future__ import annotations

import datetime as dt
import json
import os
import stat
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from accounts.models import AuditEntry
from participants.models import Participant
from participants.tests.factories import ParticipantFactory
from training.services import PROOF_FOLDER

pytestmark = pytest.mark.django_db


def test_export_participant_writes_a_private_file_and_audits(full_participant, tmp_path, capsys):
    target = tmp_path / "export.json"
    number = full_participant.case_number.lower()  # case numbers are matched in upper case
    call_command("export_participant", number, "--format", "json", "--output", str(target))
    assert json.loads(target.read_text())["participant"]["case_number"] == full_participant.case_number
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    entry = AuditEntry.objects.get(action="participant.export")
    assert entry.actor is None and entry.detail == {"format": "json", "channel": "cli"}
    assert "Wrote" in capsys.readouterr().out


def test_export_participant_pdf(full_participant, tmp_path):
    target = tmp_path / "export.pdf"
    call_command("export_participant", full_participant.case_number, "--format", "pdf", "--output", str(target))
    assert target.read_bytes().startswith(b"%PDF-")


def test_export_participant_unknown_case_number(tmp_path):
    with pytest.raises(CommandError, match="No participant"):
        call_command("export_participant", "RI-1999-0001", "--output", str(tmp_path / "x.json"))


def test_apply_retention_dry_run_then_for_real(counsellor_a, settings, capsys):
    settings.REINTEGRA_RETENTION_YEARS = 10
    old = ParticipantFactory(site=counsellor_a.site, counsellor=counsellor_a, intake_date=dt.date(2004, 1, 5))
    call_command("apply_retention", "--dry-run")
    out = capsys.readouterr().out
    assert old.case_number in out and "Due for anonymisation: 1" in out
    assert Participant.objects.get(pk=old.pk).anonymised_at is None
    call_command("apply_retention")
    assert "Anonymised: 1" in capsys.readouterr().out
    assert Participant.objects.get(pk=old.pk).anonymised_at is not None


def test_sweep_orphaned_files_deletes_only_old_unnamed_proofs(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    folder = Path(tmp_path) / PROOF_FOLDER
    folder.mkdir(parents=True)
    old, fresh = folder / "old.png", folder / "fresh.png"
    old.write_bytes(b"x")
    fresh.write_bytes(b"x")  # may belong to an upload whose row is not committed yet
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    out = StringIO()
    call_command("sweep_orphaned_files", "--dry-run", stdout=out)
    assert "1 orphaned files" in out.getvalue() and old.exists()
    call_command("sweep_orphaned_files", stdout=StringIO())
    assert not old.exists() and fresh.exists()
