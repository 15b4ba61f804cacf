"""Bulk issue and print run as jobs: in a thread of the web process (the demo's way, so the
test's data must be committed: transactional tests) and, with tests' synchronous jobs, inline."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from accounts.models import AuditEntry
from certificates.models import Certificate, CertificateBatch
from jobs.models import Job, JobKind, JobStatus


def _wait_for(job_kind: str, seconds: float = 60) -> Job:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = Job.objects.filter(kind=job_kind).first()
        if job is not None and job.finished:
            return job
        time.sleep(0.2)
    raise AssertionError(f"the {job_kind} job did not finish in {seconds} s")


@pytest.mark.postgres
@pytest.mark.skipif(django_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
                    reason="a second thread on SQLite's shared in-memory test database meets table locks")
@pytest.mark.django_db(transaction=True)
def test_bulk_issue_finishes_in_the_background_without_polling(settings, client_for, counsellor_a, amina_ready,
                                                               met_201, tmp_path):
    settings.REINTEGRA_JOBS_SYNC = False
    settings.REINTEGRA_JOBS_INLINE = True  # the demo: a thread, no worker
    settings.MEDIA_ROOT = tmp_path
    session = amina_ready.enrolments.get(session__module=met_201).session
    client = client_for(counsellor_a)
    assert client.post(reverse("certificates:session_issue", args=[session.pk])).status_code == 302
    job = _wait_for(JobKind.CERTIFICATE_ISSUE)  # nobody polls the progress page
    assert job.status == JobStatus.DONE, job.error
    assert job.owner == counsellor_a and job.result["issued"] == 1 and (job.done, job.total) == (1, 1)
    assert CertificateBatch.objects.get().finished_at is not None
    certificate = Certificate.objects.get(participant=amina_ready)
    # the polled bar only reads now
    partial = client.post(reverse("certificates:session_issue_progress", args=[session.pk]),
                          HTTP_HX_REQUEST="true").content.decode()
    assert certificate.number in partial and "Bulk issue finished" in partial

    response = client.post(reverse("certificates:session_issue_print", args=[session.pk]))
    print_run = _wait_for(JobKind.PRINT_RUN)
    assert response.url == reverse("jobs:detail", args=[print_run.pk])
    assert print_run.status == JobStatus.DONE, print_run.error
    assert (tmp_path / print_run.result_path).is_file()
    download = client.get(reverse("jobs:download", args=[print_run.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert archive.namelist() == [f"{certificate.number}.pdf", f"{certificate.number}.json"]
    assert "Amina" not in download["Content-Disposition"]
    assert AuditEntry.objects.filter(action="certificate.download", participant_ref=amina_ready.pk).count() == 1


@pytest.mark.django_db
def test_print_run_needs_a_finished_bulk_issue_of_ones_own(client_for, counsellor_a, counsellor_b, amina_ready,
                                                           met_201):
    session = amina_ready.enrolments.get(session__module=met_201).session
    url = reverse("certificates:session_issue_print", args=[session.pk])
    assert client_for(counsellor_a).post(url).status_code == 404  # nothing issued yet
    assert client_for(counsellor_b).post(url).status_code == 404  # another site
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_bulk_issue_and_print_run_jobs_on_any_database(counsellor_a, amina_ready, met_201, settings, tmp_path):
    """The same two jobs run synchronously (tests' mode), so SQLite checks the work too."""
    from certificates.services import certificate_batch_start
    from certificates.tasks import certificate_batch_run_task, print_run_task
    from jobs.services import job_start

    settings.MEDIA_ROOT = tmp_path
    session = amina_ready.enrolments.get(session__module=met_201).session
    batch = certificate_batch_start(acting_user=counsellor_a, session=session)
    issue = job_start(kind=JobKind.CERTIFICATE_ISSUE, owner=counsellor_a, task=certificate_batch_run_task,
                      params={"session": session.pk, "batch": batch.pk})
    assert issue.status == JobStatus.DONE and issue.result["issued"] == 1 and (issue.done, issue.total) == (1, 1)
    number = Certificate.objects.get(participant=amina_ready).number
    printed = job_start(kind=JobKind.PRINT_RUN, owner=counsellor_a, task=print_run_task,
                        params={"session": session.pk, "batch": batch.pk})
    assert printed.status == JobStatus.DONE, printed.error
    archive = zipfile.ZipFile(tmp_path / printed.result_path)
    assert archive.namelist() == [f"{number}.pdf", f"{number}.json"]
