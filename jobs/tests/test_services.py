"""Jobs: run once, record progress and the end, and keep unexpected errors out of the page."""

from __future__ import annotations

import pytest

from accounts.models import AuditEntry
from jobs.models import Job, JobKind, JobStatus
from jobs.services import (
    ERROR_UNEXPECTED,
    JobFailed,
    job_file_open,
    job_file_store,
    job_input_store,
    job_input_take,
    job_run,
    job_start,
)

pytestmark = pytest.mark.django_db

_calls: list[int] = []


class _Task:
    """What a Celery task is to job_start: callable with the job id (its body), and `delay`."""

    def __init__(self, work):
        self.work = work

    def __call__(self, job_id: int) -> None:
        job_run(job_id=job_id, work=self.work)

    def delay(self, job_id: int) -> None:  # pragma: no cover - tests run jobs synchronously
        raise AssertionError("no broker in tests")


def _counting(job, progress):
    for step in range(1, 4):
        progress(step, 3)
        _calls.append(job.pk)
    return {"issued": 3}


def test_job_runs_records_progress_and_result(manager):
    _calls.clear()
    job = job_start(kind=JobKind.BACKUP, owner=manager, task=_Task(_counting), params={"session": 7})
    assert job.status == JobStatus.DONE and job.result == {"issued": 3}
    assert (job.done, job.total, job.percent) == (3, 3, 100)
    assert job.started_at is not None and job.finished_at is not None
    assert AuditEntry.objects.filter(action="job.start", actor=manager).count() == 1
    assert AuditEntry.objects.filter(action="job.finish", actor=manager, detail__status="done").count() == 1


def test_a_started_job_is_not_run_again(manager):
    _calls.clear()
    job = job_start(kind=JobKind.BACKUP, owner=manager, task=_Task(_counting))
    job_run(job_id=job.pk, work=_counting)  # a redelivered task after a worker restart
    assert _calls == [job.pk] * 3


def test_refusal_message_is_kept_and_unexpected_errors_are_not_shown(manager):
    def refused(job, progress):
        raise JobFailed("Nobody to issue.")

    def broken(job, progress):
        raise RuntimeError("Amina Haddad, 1990-01-01")  # personal data must not reach the page

    job = job_start(kind=JobKind.BACKUP, owner=manager, task=_Task(refused))
    assert (job.status, job.error) == (JobStatus.FAILED, "Nobody to issue.")
    job = job_start(kind=JobKind.BACKUP, owner=manager, task=_Task(broken))
    assert job.status == JobStatus.FAILED
    assert job.error == ERROR_UNEXPECTED % {"id": job.pk}
    assert "Amina" not in job.error


def test_job_files_go_to_the_file_storage_under_jobs(manager, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    job = Job.objects.create(kind=JobKind.PRINT_RUN, owner=manager)
    local = tmp_path / "work.zip"
    local.write_bytes(b"PK zip")
    name = job_file_store(job=job, path=local, suffix=".zip")
    assert name.startswith(f"jobs/{job.pk}-") and name.endswith(".zip")
    assert (tmp_path / name).read_bytes() == b"PK zip"
    with job_file_open(name) as handle:
        assert handle.read() == b"PK zip"
    for escape in ("jobs/../../etc/passwd", "training/proof.pdf", "/etc/passwd"):
        with pytest.raises(ValueError):
            job_file_open(escape)


def test_job_input_is_read_once_then_gone(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    name = job_input_store(content=b"country;code", suffix=".csv")
    assert (tmp_path / name).is_file()
    assert job_input_take(name) == b"country;code"
    assert not (tmp_path / name).exists()
