"""The Celery side of scheduling: `celery -A scheduling.tasks worker` runs schedule runs.

The app reads CELERY_* from Django's settings (reintegra/settings.py, at the end)."""

from __future__ import annotations

import os

import django
from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reintegra.settings")
django.setup()

app = Celery("reintegra")
app.config_from_object("django.conf:settings", namespace="CELERY")


@app.task(name="scheduling.schedule_run_execute")
def schedule_run_execute_task(run_id: int) -> None:
    from scheduling.services import schedule_run_execute

    schedule_run_execute(run_id=run_id)
