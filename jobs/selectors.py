from __future__ import annotations

from django.db.models import Q, QuerySet

from accounts.models import Role, User
from jobs.models import Job

#: who sees the jobs nobody started by hand (the nightly retention run, beat's backups)
SYSTEM_JOB_ROLES = {Role.MANAGER, Role.DPO}


def job_list_for_user(*, user: User, limit: int = 50) -> QuerySet[Job]:
    """The user's own jobs, newest first; managers and the DPO also see system jobs."""
    visible = Q(owner=user)
    if user.role in SYSTEM_JOB_ROLES:
        visible |= Q(owner__isnull=True)
    return Job.objects.filter(visible).order_by("-created_at", "-pk")[:limit]
