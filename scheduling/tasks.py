"""Celery tasks of scheduling: the optimiser's runs (the app is reintegra/celery.py)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="scheduling.schedule_run_execute")
def schedule_run_execute_task(run_id: int) -> None:
    from scheduling.services import schedule_run_execute

    schedule_run_execute(run_id=run_id)


@shared_task(name="scheduling.plan_risk_rebuild")
def plan_risk_rebuild_task() -> int:
    """The nightly full rebuild of the stored "plan at risk" verdicts: writes keep them right,
    but days passing close sessions to newcomers without any write (scheduling/risk.py)."""
    from scheduling.risk import plan_risk_rebuild

    return plan_risk_rebuild()
