"""Celery tasks of scheduling: the optimiser's runs (the app is reintegra/celery.py)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="scheduling.schedule_run_execute")
def schedule_run_execute_task(run_id: int) -> None:
    from scheduling.services import schedule_run_execute

    schedule_run_execute(run_id=run_id)
