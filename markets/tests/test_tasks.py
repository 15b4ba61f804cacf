"""A labour-market import as a job: imported by the work, or refused whole with the rows named."""

from __future__ import annotations

import pytest

from jobs.models import JobKind, JobStatus
from jobs.services import job_input_store, job_start
from markets.models import MarketProfileVersion
from markets.tasks import market_import_task

pytestmark = pytest.mark.django_db

HEADER = "Land;ISCO-08;Beruf;Nachfrage;Arbeitsform;Quelle;Stand\r\n"


def _start(manager, text, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    stored = job_input_store(content=("\ufeff" + text).encode())
    job = job_start(kind=JobKind.MARKET_IMPORT, owner=manager, task=market_import_task,
                    params={"file": stored, "name": "m.csv", "illustrative": True, "note": ""})
    return job, tmp_path / stored


def test_import_job_imports_and_removes_its_input(manager, settings, tmp_path):
    job, stored = _start(manager, HEADER + "SN;7531;Schneider;hoch;angestellt;ANSD;01.01.2025\r\n", settings, tmp_path)
    assert job.status == JobStatus.DONE, job.error
    assert job.result == {"imported": "SN v1"}
    assert MarketProfileVersion.objects.count() == 1
    assert not stored.exists()


def test_a_bad_row_fails_the_job_and_imports_nothing(manager, settings, tmp_path):
    bad = (HEADER + "SN;7531;Schneider;hoch;angestellt;ANSD;01.01.2025\r\n"
           "SN;5120;Koch;sehr hoch;angestellt;ANSD;01.01.2025\r\n")
    job, stored = _start(manager, bad, settings, tmp_path)
    assert job.status == JobStatus.FAILED
    assert job.error.startswith("1 rows refused, nothing imported:") and "sehr hoch" in job.error
    assert not MarketProfileVersion.objects.exists()
    assert not stored.exists()
