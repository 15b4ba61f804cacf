from __future__ import annotations

import datetime as dt
import json
import stat

import pytest
from django.core.management import CommandError, call_command

from accounts.models import AuditEntry
from participants.models import Participant
from participants.tests.factories import ParticipantFactory

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
