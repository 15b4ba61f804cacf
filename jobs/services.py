"""Starting, advancing and ending jobs. Where a job runs is decided here, once:

- a Celery worker when CELERY_BROKER_URL is set (production: `celery -A reintegra worker`);
- a thread of the web process with REINTEGRA_JOBS_INLINE (the demo, no worker needed): the
  job still finishes when the page is closed, but not when the process stops;
- the caller's thread with REINTEGRA_JOBS_SYNC (tests: they must see the test's data).

Each app keeps its job's work in its own `tasks.py` as a Celery task whose body calls
`job_run(job_id=…, work=…)`; `work(job, progress)` returns the result (counts and ids) and
may write a file with `job_file_path`.
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
from django.db import close_old_connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.models import User
from jobs.models import Job, JobKind, JobStatus

logger = logging.getLogger(__name__)

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


def job_file_path(*, job: Job, suffix: str) -> tuple[Path, str]:
    """A fresh private path for the job's file: (absolute path, path relative to MEDIA_ROOT)."""
    relative = f"jobs/{job.pk}-{uuid.uuid4().hex}{suffix}"
    path = Path(settings.MEDIA_ROOT) / relative
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path, relative


def job_input_store(*, content: bytes, suffix: str = "") -> str:
    """Keep a checked upload for a job's worker (another machine, maybe); the path relative
    to MEDIA_ROOT goes into the job's params. The work deletes it when done."""
    relative = f"jobs/input-{uuid.uuid4().hex}{suffix}"
    path = Path(settings.MEDIA_ROOT) / relative
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with path.open("xb") as handle:
        handle.write(content)
    return relative


def job_file_resolve(relative: str) -> Path:
    """The absolute path of a job's file (never outside MEDIA_ROOT/jobs)."""
    root = (Path(settings.MEDIA_ROOT) / "jobs").resolve()
    path = (Path(settings.MEDIA_ROOT) / relative).resolve()
    if root not in path.parents:
        raise ValueError("not a job file")
    return path


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


__all__ = ["JobFailed", "JobKind", "job_file_path", "job_progress", "job_run", "job_start"]
