"""Celery tasks of certificates: a bulk issue and a print run, as jobs (jobs/).

The bulk issue runs `certificate_batch_step` until the batch is done, on the worker, so it
finishes when the page is closed; the print run writes the ZIP of PDFs and signed
credentials to private storage (MEDIA_ROOT/jobs/), downloaded later from the job's page.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from celery import shared_task

from accounts.audit import AuditItem, audit_record_many
from certificates.access import certificate_batch_issued
from certificates.archive import print_run_entries, zip_stream
from certificates.models import CertificateBatch
from certificates.services import certificate_batch_step
from jobs.models import Job
from jobs.services import JobFailed, job_file_store, job_run

ERROR_NOTHING_TO_PRINT = "The bulk issue produced no certificate you may print."


def _batch_counts(batch: CertificateBatch) -> tuple[int, int, int]:
    items = list(batch.items.values_list("done_at", "certificate_id"))
    done = sum(1 for done_at, _certificate in items if done_at is not None)
    issued = sum(1 for _done_at, certificate in items if certificate is not None)
    return done, len(items), issued


def certificate_batch_work(job: Job, progress: Callable[[int, int], None]) -> dict[str, Any]:
    batch = CertificateBatch.objects.select_related("requested_by").get(pk=job.params["batch"])
    done, total, _issued = _batch_counts(batch)
    progress(done, total)
    while batch.finished_at is None:
        batch = certificate_batch_step(batch=batch)
        done, total, _issued = _batch_counts(batch)
        progress(done, total)
    done, total, issued = _batch_counts(batch)
    return {"issued": issued, "refused": total - issued, "session": job.params.get("session")}


def print_run_work(job: Job, progress: Callable[[int, int], None]) -> dict[str, Any]:
    batch = CertificateBatch.objects.get(pk=job.params["batch"])
    assert job.owner is not None  # noqa: S101 - print runs are started by a person
    certificates = certificate_batch_issued(batch=batch, user=job.owner)
    if not certificates:
        raise JobFailed(ERROR_NOTHING_TO_PRINT)
    printed = 0

    def entries() -> Any:
        nonlocal printed
        for _certificate, name, content in print_run_entries(certificates):
            yield name, content
            if name.endswith(".json"):
                printed += 1
                progress(printed, len(certificates))

    # Written to a local temporary file, then into the file storage that every app server reads.
    with tempfile.TemporaryDirectory(prefix="print-run-") as folder:
        path = Path(folder) / "certificates.zip"
        with path.open("wb") as handle:
            for piece in zip_stream(entries()):
                handle.write(piece)
        stored = job_file_store(job=job, path=path, suffix=".zip")
    audit_record_many(actor=job.owner, action="certificate.download", items=[
        AuditItem(target=certificate, participant_id=certificate.participant_id,
                  detail={"batch": batch.pk, "job": job.pk})
        for certificate in certificates
    ])
    job.result_path = stored
    job.result_name = f"certificates-session-{batch.session_id}.zip"
    return {"certificates": len(certificates), "session": batch.session_id}


@shared_task(name="certificates.batch_run")
def certificate_batch_run_task(job_id: int) -> None:
    job_run(job_id=job_id, work=certificate_batch_work)


@shared_task(name="certificates.print_run")
def print_run_task(job_id: int) -> None:
    job_run(job_id=job_id, work=print_run_work)
