"""Where a schedule run executes: a Celery worker in production, a thread in the demo, inline in tests.

REINTEGRA_JOBS_INLINE (or CELERY_TASK_ALWAYS_EAGER) keeps jobs in this process, in a thread;
REINTEGRA_JOBS_SYNC runs them in the caller's thread (tests: they must see the test's data).
Otherwise the Celery task `scheduling.tasks.schedule_run_execute_task` (app: reintegra/celery.py) is queued on
CELERY_BROKER_URL.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import close_old_connections

logger = logging.getLogger(__name__)


def _execute(run_id: int) -> None:
    from scheduling.services import schedule_run_execute

    try:
        schedule_run_execute(run_id=run_id)
    except Exception:  # recorded on the run row; logged for operators
        logger.exception("schedule run %s failed", run_id)


def _in_thread(run_id: int) -> None:
    close_old_connections()
    try:
        _execute(run_id)
    finally:
        close_old_connections()


def schedule_run_enqueue(*, run_id: int) -> None:
    if getattr(settings, "REINTEGRA_JOBS_SYNC", False):
        _execute(run_id)
    elif getattr(settings, "REINTEGRA_JOBS_INLINE", False) or getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        threading.Thread(target=_in_thread, args=(run_id,), name=f"schedule-run-{run_id}", daemon=True).start()
    else:
        from scheduling.tasks import schedule_run_execute_task

        schedule_run_execute_task.delay(run_id)
