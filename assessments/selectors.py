"""Reads about competences: the latest assessment, try-outs, the competence profile."""

from __future__ import annotations

from django.db.models import Prefetch

from assessments.models import (
    Assessment,
    Availability,
    EscoOccupation,
    EscoSkill,
    SkillRating,
    TryOut,
    WorkExperience,
)
from assessments.profile import Evidence, ProfileEntry, profile_build
from participants.models import Participant


def assessment_latest(*, participant: Participant) -> Assessment | None:
    return (
        participant.assessments.select_related("assessed_by")
        .prefetch_related(
            Prefetch("work_history", queryset=WorkExperience.objects.select_related("esco_occupation")),
            Prefetch("skills", queryset=SkillRating.objects.select_related("esco_skill")),
        )
        .order_by("-assessed_on", "-id")
        .first()
    )


def tryout_list(*, participant: Participant) -> list[TryOut]:
    return list(participant.tryouts.select_related("esco_skill", "instructor", "site"))


def availability_get(*, participant: Participant) -> Availability | None:
    return Availability.objects.filter(participant=participant).prefetch_related("sites").first()


def competence_profile(*, participant: Participant) -> list[ProfileEntry]:
    """Self-assessment and counsellor ratings of the latest assessment, plus every try-out."""
    return competence_profile_of(
        assessment=assessment_latest(participant=participant), tryouts=tryout_list(participant=participant)
    )


def competence_profile_of(*, assessment: Assessment | None, tryouts: list[TryOut]) -> list[ProfileEntry]:
    """`competence_profile` from a latest assessment and try-outs the caller has read already."""
    evidence: list[Evidence] = []
    if assessment is not None:
        for rating in assessment.skills.all():
            key = rating.esco_skill.uri if rating.esco_skill else f"text:{rating.skill.strip().casefold()}"
            evidence.append(Evidence(key=key, label=rating.title, level=rating.level, source=rating.source,
                                     on=assessment.assessed_on, by=str(assessment.assessed_by)))
    for tryout in tryouts:
        evidence.append(Evidence(key=tryout.esco_skill.uri, label=tryout.esco_skill.label, level=tryout.level,
                                 source="tryout", on=tryout.tried_on, by=str(tryout.instructor)))
    return profile_build(evidence)


def programme_occupations() -> list[EscoOccupation]:
    return list(EscoOccupation.objects.filter(in_programme=True).order_by("group", "label_en"))


def programme_skills() -> list[EscoSkill]:
    return list(EscoSkill.objects.filter(in_programme=True).order_by("trade", "label_en"))
