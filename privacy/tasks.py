"""The scheduled retention run as a Celery task (beat: CELERY_BEAT_SCHEDULE in settings)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="privacy.retention_run")
def retention_run_task() -> int:
    from django.conf import settings
    from django.utils import timezone

    from privacy.services import retention_run

    return len(retention_run(today=timezone.localdate(), years=settings.REINTEGRA_RETENTION_YEARS))
