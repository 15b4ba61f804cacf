"""Celery task of assessments: a Skills Profile Tool import as a job (jobs/).

The upload is kept in the file storage by the request; the worker parses it, checks again that
the person who started the job may still see the participant, and records the assessment (all
or nothing: a file with problems fails the job with the problems listed, nothing written)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from celery import shared_task
from django.utils.translation import gettext_lazy as _

from assessments.services import assessment_import_skills_profile
from assessments.skills_profile import SkillsProfileError, skills_profile_parse
from jobs.models import Job
from jobs.services import JobFailed, job_input_take, job_run
from participants.access import participant_queryset_for_user
from participants.models import Participant

ERROR_PARTICIPANT_GONE = _("The participant is no longer in your caseload: nothing was imported.")
#: the job's steps: file read, parsed, recorded
STEPS = 3


def skills_profile_import_work(job: Job, progress: Callable[[int, int], None]) -> dict[str, Any]:
    content = job_input_take(job.params["file"])
    progress(1, STEPS)
    if job.owner is None:
        raise JobFailed(str(ERROR_PARTICIPANT_GONE))
    try:
        participant = participant_queryset_for_user(user=job.owner).get(pk=job.params["participant"])
    except Participant.DoesNotExist as error:
        raise JobFailed(str(ERROR_PARTICIPANT_GONE)) from error
    try:
        profile = skills_profile_parse(content)
    except SkillsProfileError as error:
        raise JobFailed("; ".join(error.problems)) from error
    progress(2, STEPS)
    assessment = assessment_import_skills_profile(
        acting_user=job.owner, participant=participant, profile=profile,
        assessed_on=dt.date.fromisoformat(job.params["assessed_on"]),
        education_level=job.params.get("education_level"),
    )
    return {"participant": participant.pk, "assessment": assessment.pk}


@shared_task(name="assessments.skills_profile_import")
def skills_profile_import_task(job_id: int) -> None:
    job_run(job_id=job_id, work=skills_profile_import_work)
