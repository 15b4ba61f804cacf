"""Celery tasks of backups: a backup and a restore check started from the page, as jobs (jobs/)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from celery import shared_task

from accounts.audit import audit_record
from backups.checks import backup_folder, backup_restore_check
from backups.selectors import backup_get
from backups.services import BackupError, backup_create
from jobs.models import Job
from jobs.services import JobFailed, job_run

ERROR_BACKUP_GONE = "The backup is no longer listed."


def backup_work(job: Job, progress: Callable[[int, int], None]) -> dict[str, Any]:
    try:
        result = backup_create(output_dir=backup_folder())
    except BackupError as error:
        raise JobFailed(str(error)) from error
    audit_record(actor=job.owner, action="backup.create", detail={"file": result.backup_path.name, "job": job.pk})
    return {"file": result.backup_path.name, "tables": len(result.tables), "rows": result.rows,
            "bytes": result.size_bytes}


def restore_check_work(job: Job, progress: Callable[[int, int], None]) -> dict[str, Any]:
    entry = backup_get(folder=backup_folder(), name=job.params["backup"])
    if entry is None:
        raise JobFailed(ERROR_BACKUP_GONE)
    try:
        report = backup_restore_check(path=entry.backup_path)
    except BackupError as error:
        raise JobFailed(str(error)) from error
    audit_record(
        actor=job.owner, action="backup.restore_check",
        detail={"file": entry.backup_path.name, "rows_lost": report.rows_lost, "ok": report.ok, "job": job.pk},
    )
    return {"file": entry.backup_path.name, "ok": report.ok, "rows_expected": report.rows_expected,
            "rows_restored": report.rows_restored, "rows_lost": report.rows_lost,
            "tables_differing": [comparison.table for comparison in report.mismatches]}


@shared_task(name="backups.create")
def backup_create_task(job_id: int) -> None:
    job_run(job_id=job_id, work=backup_work)


@shared_task(name="backups.restore_check")
def restore_check_task(job_id: int) -> None:
    job_run(job_id=job_id, work=restore_check_work)
