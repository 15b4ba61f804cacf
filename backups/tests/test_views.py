import pytest
from django.urls import reverse

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
    assert manifests[0].name in client_for(dpo).get(index).content.decode()

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
