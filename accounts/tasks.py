"""Background jobs of the accounts app (Celery beat, settings CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task

from accounts.audit import audit_checkpoint_write


@shared_task(name="accounts.audit_checkpoint")
def audit_checkpoint_task() -> int:
    """Sign the audit chain's head, so even a quiet day's entries are sealed; returns its number."""
    checkpoint = audit_checkpoint_write()
    return checkpoint.sequence if checkpoint else 0
