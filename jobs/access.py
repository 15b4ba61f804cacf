from __future__ import annotations

from django.http import Http404

from accounts.models import Role, User
from jobs.models import Job

#: who sees the jobs nobody started by hand (the nightly retention run, beat's backups)
SYSTEM_JOB_ROLES = {Role.MANAGER, Role.DPO}


def can_see_system_jobs(user: User) -> bool:
    return user.role in SYSTEM_JOB_ROLES


def job_get_for_user(*, user: User, pk: int) -> Job:
    """The job if the user started it (or it is a system job and they may see those); 404 otherwise."""
    job = Job.objects.filter(pk=pk).first()
    if job is None or not (job.owner_id == user.pk or (job.owner_id is None and can_see_system_jobs(user))):
        raise Http404
    return job
