from __future__ import annotations

from django.http import Http404

from accounts.models import User
from jobs.models import Job
from jobs.selectors import SYSTEM_JOB_ROLES


def job_get_for_user(*, user: User, pk: int) -> Job:
    """The job if the user started it (or it is a system job and they may see those); 404 otherwise."""
    job = Job.objects.filter(pk=pk).first()
    if job is None or not (job.owner_id == user.pk or (job.owner_id is None and user.role in SYSTEM_JOB_ROLES)):
        raise Http404
    return job
