"""Celery task of markets: a labour-market file import as a job (jobs/).

The upload is checked in the request and kept in private storage; the worker parses and
imports it (nothing written if any row is bad: the job's error lists the first rows)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from celery import shared_task
from django.utils import timezone

from jobs.models import Job
from jobs.services import JobFailed, job_input_take, job_run
from markets.importer import MarketFileError, market_file_parse
from markets.services import esco_isco_map, market_import

#: the job's steps: file read, parsed and checked, imported
STEPS = 3
ERROR_ROWS = "%(count)s rows refused, nothing imported: %(first)s"


def market_import_work(job: Job, progress: Callable[[int, int], None]) -> dict[str, Any]:
    content = job_input_take(job.params["file"])
    progress(1, STEPS)
    try:
        rows = market_file_parse(content=content, file_name=job.params["name"], today=timezone.localdate(),
                                 esco_isco=esco_isco_map())
        progress(2, STEPS)
        versions = market_import(
            acting_user=job.owner, rows=rows, file_name=job.params["name"],
            illustrative=job.params.get("illustrative", False), note=job.params.get("note", ""),
        )
    except MarketFileError as error:
        raise JobFailed(ERROR_ROWS % {"count": error.total, "first": str(error)}) from error
    return {"imported": ", ".join(f"{v.profile.country} v{v.version}" for v in versions)}


@shared_task(name="markets.import")
def market_import_task(job_id: int) -> None:
    job_run(job_id=job_id, work=market_import_work)
