"""Starting, advancing and ending jobs. Where a job runs is decided here, once:

- a Celery worker when CELERY_BROKER_URL is set (production: `celery -A reintegra worker`);
- a thread of the web process with REINTEGRA_JOBS_INLINE (the demo, no worker needed): the
  job still finishes when the page is closed, but not when the process stops;
- the caller's thread with REINTEGRA_JOBS_SYNC (tests: they must see the test's data).

Each app keeps its job's work in its own `tasks.py` as a Celery task whose body calls
`job_run(job_id=…, work=…)`; `work(job, progress)` returns the result (counts and ids) and
may store a file with `job_file_store` (the file storage, never a local path).
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import close_old_connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.models import User
from jobs.models import Job, JobKind, JobStatus
from vault.uploads import stored_delete, stored_open, stored_read, stored_save, stored_save_file

logger = logging.getLogger(__name__)

#: where jobs keep their inputs and products in the file storage
JOB_FOLDER = "jobs"

ERROR_UNEXPECTED = "The job stopped with an unexpected error (job %(id)s); the operators' log has the details."


class JobTask(Protocol):
    """A Celery task taking the job's id (`shared_task` objects are callable and have `delay`)."""

    def __call__(self, job_id: int) -> Any: ...

    def delay(self, job_id: int) -> Any: ...


class JobFailed(Exception):
    """Raised by a job's work with a message for the user (no personal data)."""


def jobs_in_background() -> bool:
    """True unless jobs run in the caller's thread (tests): then pages that used to do the
    work step by step while polled (the bulk issue) keep doing so."""
    return not settings.REINTEGRA_JOBS_SYNC


def _enqueue(task: JobTask, job_id: int) -> None:
    if settings.REINTEGRA_JOBS_INLINE or settings.CELERY_TASK_ALWAYS_EAGER:
        def in_thread() -> None:
            close_old_connections()
            try:
                task(job_id)
            finally:
                close_old_connections()

        threading.Thread(target=in_thread, name=f"job-{job_id}", daemon=True).start()
    else:
        task.delay(job_id)


@transaction.atomic
def job_start(*, kind: str, owner: User | None, task: JobTask, params: dict[str, Any] | None = None) -> Job:
    """Record a queued job and hand it to the worker once this transaction commits."""
    job = Job(kind=kind, owner=owner, params=params or {})
    job.full_clean()
    job.save()
    audit_record(actor=owner, action="job.start", target=job, detail={"kind": kind, **job.params})
    if settings.REINTEGRA_JOBS_SYNC:
        task(job.pk)  # tests: here and now, inside the caller's transaction
        job.refresh_from_db()
    else:
        transaction.on_commit(lambda: _enqueue(task, job.pk))
    return job


def job_progress(*, job: Job, done: int, total: int) -> None:
    """Store how far the job is (its own UPDATE, outside any transaction of the work)."""
    job.done, job.total = min(done, total), total
    Job.objects.filter(pk=job.pk).update(done=job.done, total=job.total)


def job_file_name(*, job: Job, suffix: str) -> str:
    """A fresh name in the file storage for the job's product (jobs/<id>-<random><suffix>)."""
    return f"{JOB_FOLDER}/{job.pk}-{uuid.uuid4().hex}{suffix}"


def job_file_store(*, job: Job, path: Path, suffix: str) -> str:
    """Move a file the work wrote locally (a temporary file) into the file storage, which every
    app server reads (a shared directory or an S3 bucket); return its storage name."""
    return stored_save_file(name=job_file_name(job=job, suffix=suffix), path=path)


def job_input_store(*, content: bytes, suffix: str = "") -> str:
    """Keep a checked upload for a job's worker (another machine, maybe); its storage name goes
    into the job's params. The work deletes it when done (`job_input_take`)."""
    return stored_save(name=f"{JOB_FOLDER}/input-{uuid.uuid4().hex}{suffix}", content=content)


def job_input_take(name: str) -> bytes:
    """Read a job's stored input and delete it (the work needs it once)."""
    try:
        return stored_read(job_file_checked(name))
    finally:
        stored_delete(job_file_checked(name))


def job_file_checked(name: str) -> str:
    """A job's stored file name, refused (ValueError) when it is not under jobs/."""
    if not name.startswith(f"{JOB_FOLDER}/") or ".." in name.split("/"):
        raise ValueError("not a job file")
    return name


def job_file_open(name: str) -> File:
    """Open a job's stored file; FileNotFoundError when it is gone, ValueError when not a job's."""
    return stored_open(job_file_checked(name))


def job_run(*, job_id: int, work: Callable[[Job, Callable[[int, int], None]], dict[str, Any]]) -> Job:
    """Run `work` for a queued job and record its end. A job already started (a redelivered
    task after a worker restart) is not run twice."""
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    job = Job.objects.select_related("owner").get(pk=job_id)
    if not claimed:
        return job

    def progress(done: int, total: int) -> None:
        job_progress(job=job, done=done, total=total)

    try:
        result = work(job, progress)
    except (JobFailed, ValidationError) as error:
        message = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        return _job_end(job=job, status=JobStatus.FAILED, error=message)
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        return _job_end(job=job, status=JobStatus.FAILED, error=_(ERROR_UNEXPECTED) % {"id": job.pk})
    job.result = result
    return _job_end(job=job, status=JobStatus.DONE)


def _job_end(*, job: Job, status: str, error: str = "") -> Job:
    job.status = status
    job.error = error
    job.finished_at = timezone.now()
    if status == JobStatus.DONE and job.total:
        job.done = job.total
    job.save(update_fields=["status", "error", "finished_at", "result", "result_path", "result_name", "done"])
    audit_record(actor=job.owner, action="job.finish", target=job, detail={"kind": job.kind, "status": status})
    return job


__all__ = ["JobFailed", "JobKind", "job_file_store", "job_progress", "job_run", "job_start"]
