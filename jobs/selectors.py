from __future__ import annotations

from django.db.models import Q, QuerySet

from accounts.models import User
from jobs.access import can_see_system_jobs
from jobs.models import Job


def job_list_for_user(*, user: User, limit: int = 50) -> QuerySet[Job]:
    """The user's own jobs, newest first; managers and the DPO also see system jobs."""
    visible = Q(owner=user)
    if can_see_system_jobs(user):
        visible |= Q(owner__isnull=True)
    return Job.objects.filter(visible).order_by("-created_at", "-pk")[:limit]
