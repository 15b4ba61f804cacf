import datetime as dt
import json
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry
from participants.tests.factories import ParticipantFactory


@pytest.fixture
def backup_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path / "backups"


@pytest.mark.django_db(transaction=True)
def test_backup_pages_ladder_and_restore_check(client, client_for, backup_dir, manager, dpo, counsellor_a, funder):
    ParticipantFactory.create_batch(3, site=counsellor_a.site, counsellor=counsellor_a)
    index = reverse("backups:index")
    assert client.get(index).status_code == 302
    assert client_for(counsellor_a).get(index).status_code == 403
    assert client_for(funder).post(reverse("backups:new")).status_code == 403
    assert not backup_dir.exists()

    response = client_for(dpo).post(reverse("backups:new"))
    assert response.status_code == 302
    manifests = list(backup_dir.glob("*.manifest.json"))
    assert len(manifests) == 1
    listing = client_for(dpo).get(index).content.decode()
    assert manifests[0].name in listing
    # Issue 18: the column said "(UTC)" above local times; it shows local time and says so.
    made_at = dt.datetime.fromisoformat(json.loads(manifests[0].read_text())["created_at"])
    local = timezone.localtime(made_at, zoneinfo.ZoneInfo("Europe/Berlin"))
    assert "(UTC)" not in listing and "Made at (local time)" in listing
    assert f"{local:%m/%d/%Y %H:%M} {local:%Z}" in listing or f"{local:%d/%m/%Y %H:%M} {local:%Z}" in listing

    response = client_for(manager).post(reverse("backups:check", args=[manifests[0].name]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "0 rows lost, every checksum matches" in body
    assert AuditEntry.objects.filter(action="backup.restore_check", detail__ok=True).exists()


@pytest.mark.django_db
def test_restore_check_only_for_listed_backups(client_for, backup_dir, manager):
    for name in ("..%2F..%2Fetc%2Fpasswd", "missing.manifest.json"):
        response = client_for(manager).post(f"/backups/{name}/check/")
        assert response.status_code == 404
