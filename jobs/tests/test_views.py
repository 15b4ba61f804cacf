"""Job pages: the ladder (anonymous, someone else, the owner), the polled bar, the download."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from jobs.models import Job, JobKind, JobStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished_print_run(settings, tmp_path, counsellor_a):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "jobs").mkdir()
    (tmp_path / "jobs" / "1-abc.zip").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    return Job.objects.create(kind=JobKind.PRINT_RUN, owner=counsellor_a, status=JobStatus.DONE, done=2, total=2,
                              result={"certificates": 2}, result_path="jobs/1-abc.zip",
                              result_name="certificates-session-4.zip")


def test_ladder(client, client_for, finished_print_run, counsellor_b, manager):
    detail = reverse("jobs:detail", args=[finished_print_run.pk])
    assert client.get(detail).status_code == 302
    assert client_for(counsellor_b).get(detail).status_code == 404
    assert client_for(manager).get(detail).status_code == 404  # not a system job: the owner's only
    assert client_for(counsellor_b).get(reverse("jobs:download", args=[finished_print_run.pk])).status_code == 404
    assert str(finished_print_run) not in client_for(counsellor_b).get(reverse("jobs:list")).content.decode()


def test_owner_sees_result_and_downloads_it_audited(client_for, counsellor_a, finished_print_run):
    client = client_for(counsellor_a)
    page = client.get(reverse("jobs:detail", args=[finished_print_run.pk])).content.decode()
    assert 'value="100"' in page and reverse("jobs:download", args=[finished_print_run.pk]) in page
    assert "hx-trigger" not in page  # finished: no more polling
    listing = client.get(reverse("jobs:list")).content.decode()
    assert reverse("jobs:detail", args=[finished_print_run.pk]) in listing
    response = client.get(reverse("jobs:download", args=[finished_print_run.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"PK")
    assert "certificates-session-4.zip" in response["Content-Disposition"]
    assert AuditEntry.objects.filter(action="job.download", actor=counsellor_a).count() == 1


def test_running_job_polls_and_htmx_gets_the_bar_only(client_for, counsellor_a):
    job = Job.objects.create(kind=JobKind.CERTIFICATE_ISSUE, owner=counsellor_a, status=JobStatus.RUNNING,
                             done=1, total=4)
    client = client_for(counsellor_a)
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page and 'value="25"' in page
    partial = client.get(reverse("jobs:detail", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<div id="job-progress"') and "<html" not in partial


def test_system_jobs_are_seen_by_manager_and_dpo_only(client_for, manager, dpo, counsellor_a):
    job = Job.objects.create(kind=JobKind.BACKUP, owner=None, status=JobStatus.DONE)
    detail = reverse("jobs:detail", args=[job.pk])
    assert client_for(manager).get(detail).status_code == 200
    assert client_for(dpo).get(detail).status_code == 200
    assert client_for(counsellor_a).get(detail).status_code == 404


def test_a_path_outside_the_job_folder_is_not_served(client_for, counsellor_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    job = Job.objects.create(kind=JobKind.PRINT_RUN, owner=counsellor_a, status=JobStatus.DONE,
                             result_path="../secret.txt")
    (tmp_path.parent / "secret.txt").write_text("x")
    assert client_for(counsellor_a).get(reverse("jobs:download", args=[job.pk])).status_code == 404
