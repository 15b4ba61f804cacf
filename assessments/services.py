"""Writing a competence assessment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TypedDict

from django.db import transaction

from accounts.audit import audit_record
from accounts.models import User
from assessments.models import Assessment, SkillRating, WorkExperience
from participants.models import Participant


class WorkEntry(TypedDict):
    occupation: str
    years: Decimal


class SkillEntry(TypedDict):
    skill: str
    level: int


@transaction.atomic
def assessment_create(
    *,
    acting_user: User,
    participant: Participant,
    education_level: int,
    education_years: int | None,
    assessed_on: dt.date,
    notes: str = "",
    work_history: list[WorkEntry],
    skills: list[SkillEntry],
) -> Assessment:
    assessment = Assessment(
        participant=participant, education_level=education_level, education_years=education_years,
        assessed_on=assessed_on, notes=notes, assessed_by=acting_user,
    )
    assessment.full_clean()
    assessment.save()
    for work in work_history:
        entry = WorkExperience(assessment=assessment, occupation=work["occupation"], years=work["years"])
        entry.full_clean()
        entry.save()
    for skill in skills:
        rating = SkillRating(assessment=assessment, skill=skill["skill"], level=skill["level"])
        rating.full_clean()
        rating.save()
    audit_record(actor=acting_user, action="assessment.create", target=assessment, participant_id=participant.pk,
                 detail={"work_entries": len(work_history), "skills": len(skills)})
    return assessment
