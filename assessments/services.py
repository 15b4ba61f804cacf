"""Writing competence assessments, try-outs and availability."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import NotRequired, TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_record
from accounts.models import AuditAction, Site, User
from assessments.access import can_record_tryout_for
from assessments.models import (
    Assessment,
    AssessmentOrigin,
    Availability,
    EscoOccupation,
    EscoSkill,
    EvidenceSource,
    SkillRating,
    TryOut,
    WorkExperience,
)
from assessments.skills_profile import ParsedProfile
from participants.changes import participants_changed
from participants.models import Participant

ERROR_TRYOUT_OTHER_SITE = _("Try-outs are recorded at the participant's own site.")
ERROR_TRYOUT_IN_FUTURE = _("The try-out date cannot lie in the future.")
ERROR_WEEKDAYS = _("Choose days between Monday and Saturday.")


class WorkEntry(TypedDict):
    occupation: str
    years: Decimal
    esco_occupation: NotRequired[EscoOccupation | None]
    kind: NotRequired[str]


class SkillEntry(TypedDict):
    skill: str
    level: int
    esco_skill: NotRequired[EscoSkill | None]
    source: NotRequired[str]


class LanguageEntry(TypedDict):
    language: str
    level: str


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
    education_country: str = "",
    languages: list[LanguageEntry] | None = None,
    origin: str = AssessmentOrigin.INTERVIEW,
) -> Assessment:
    assessment = Assessment(
        participant=participant, education_level=education_level, education_years=education_years,
        education_country=education_country, languages=list(languages or []), origin=origin,
        assessed_on=assessed_on, notes=notes, assessed_by=acting_user,
    )
    assessment.full_clean()
    assessment.save()
    for work in work_history:
        entry = WorkExperience(
            assessment=assessment, occupation=work.get("occupation", "") or "", years=work["years"],
            esco_occupation=work.get("esco_occupation"), kind=work.get("kind", "") or "",
        )
        entry.full_clean()
        entry.save()
    for skill in skills:
        rating = SkillRating(
            assessment=assessment, skill=skill.get("skill", "") or "", level=skill["level"],
            esco_skill=skill.get("esco_skill"), source=skill.get("source") or EvidenceSource.COUNSELLOR,
        )
        rating.full_clean()
        rating.save()
    audit_record(actor=acting_user, action=AuditAction.ASSESSMENT_CREATE, target=assessment,
                 participant_id=participant.pk,
                 detail={"work_entries": len(work_history), "skills": len(skills), "origin": origin})
    return assessment


@transaction.atomic
def tryout_record(
    *,
    acting_user: User,
    participant: Participant,
    esco_skill: EscoSkill,
    level: int,
    tried_on: dt.date,
    notes: str = "",
    today: dt.date | None = None,
) -> TryOut:
    """An instructor records what the person showed in the workshop of their own site."""
    if not can_record_tryout_for(acting_user, participant):
        raise ValidationError(ERROR_TRYOUT_OTHER_SITE)
    if today is not None and tried_on > today:
        raise ValidationError({"tried_on": ERROR_TRYOUT_IN_FUTURE})
    tryout = TryOut(
        participant=participant, site_id=participant.site_id, esco_skill=esco_skill, level=level,
        tried_on=tried_on, notes=notes, instructor=acting_user,
    )
    tryout.full_clean()
    tryout.save()
    audit_record(actor=acting_user, action=AuditAction.TRYOUT_RECORD, target=tryout, participant_id=participant.pk,
                 detail={"skill": esco_skill.uri, "level": level})
    return tryout


@transaction.atomic
def availability_set(
    *,
    acting_user: User,
    participant: Participant,
    weekdays: list[int],
    hours_per_day: Decimal,
    sites: list[Site],
) -> Availability:
    if any(day not in range(6) for day in weekdays):
        raise ValidationError({"weekdays": ERROR_WEEKDAYS})
    availability = Availability.objects.filter(participant=participant).first() or Availability(
        participant=participant
    )
    availability.weekdays = sorted(set(weekdays))
    availability.hours_per_day = hours_per_day
    availability.updated_by = acting_user
    availability.full_clean()
    availability.save()
    availability.sites.set(sites)
    audit_record(actor=acting_user, action=AuditAction.AVAILABILITY_SET, target=availability,
                 participant_id=participant.pk,
                 detail={"fields": ["weekdays", "hours_per_day", "sites"]})
    participants_changed(participant_ids=[participant.pk])  # days and sites decide what fits
    return availability


ERROR_PROFILE_NO_EDUCATION = _(
    "The file gives no education level: choose one in the form (the assessment needs it)."
)
ERROR_PROFILE_UNKNOWN_URI = _("%(where)s: unknown ESCO URI “%(uri)s” and no label to keep as free text")


@transaction.atomic
def assessment_import_skills_profile(
    *,
    acting_user: User,
    participant: Participant,
    profile: ParsedProfile,
    assessed_on: dt.date,
    education_level: int | None = None,
) -> Assessment:
    """One assessment from a parsed Skills Profile Tool export; skills count as self-assessment.

    Known ESCO URIs are linked; unknown ones keep their label as free text. All or nothing."""
    level = profile.education_level if profile.education_level is not None else education_level
    if level is None:
        raise ValidationError({"education_level": ERROR_PROFILE_NO_EDUCATION})
    occupations = {o.uri: o for o in EscoOccupation.objects.filter(uri__in=[w.uri for w in profile.work if w.uri])}
    skills_by_uri = {s.uri: s for s in EscoSkill.objects.filter(uri__in=[s.uri for s in profile.skills if s.uri])}
    problems: list[str] = []
    work: list[WorkEntry] = []
    for index, item in enumerate(profile.work, start=1):
        occupation = occupations.get(item.uri)
        if item.uri and occupation is None and not item.label:
            problems.append(str(ERROR_PROFILE_UNKNOWN_URI) % {"where": f"work {index}", "uri": item.uri})
            continue
        work.append({"occupation": "" if occupation else item.label, "years": item.years,
                     "esco_occupation": occupation, "kind": item.kind})
    skills: list[SkillEntry] = []
    for index, skill_item in enumerate(profile.skills, start=1):
        esco_skill = skills_by_uri.get(skill_item.uri)
        if skill_item.uri and esco_skill is None and not skill_item.label:
            problems.append(str(ERROR_PROFILE_UNKNOWN_URI) % {"where": f"skill {index}", "uri": skill_item.uri})
            continue
        skills.append({"skill": "" if esco_skill else skill_item.label, "level": skill_item.level,
                       "esco_skill": esco_skill, "source": EvidenceSource.SELF})
    if problems:
        raise ValidationError(problems)
    return assessment_create(
        acting_user=acting_user, participant=participant, education_level=level,
        education_years=profile.education_years, education_country=profile.education_country,
        assessed_on=assessed_on, work_history=work, skills=skills,
        languages=[{"language": lang["language"], "level": lang["level"]} for lang in profile.languages],
        origin=AssessmentOrigin.SKILLS_PROFILE_TOOL,
        notes=str(_("Imported from an EU Skills Profile Tool export.")),
    )


@transaction.atomic
def assessments_code_free_text(
    *,
    acting_user: User | None,
    occupations: dict[str, tuple[str, str]],
    skills: dict[str, str],
) -> dict[str, int]:
    """Code free-text work history and skills to ESCO where the text is known exactly.

    `occupations`: free text → (ESCO occupation URI, kind of work); `skills`: free text → skill URI.
    The free text is kept next to the code; uncoded entries stay as they are."""
    occupation_by_uri = {o.uri: o for o in EscoOccupation.objects.filter(uri__in=[u for u, _k in occupations.values()])}
    skill_by_uri = {s.uri: s for s in EscoSkill.objects.filter(uri__in=list(skills.values()))}
    work_rows = list(WorkExperience.objects.filter(esco_occupation__isnull=True, occupation__in=list(occupations)))
    for work in work_rows:
        uri, kind = occupations[work.occupation]
        work.esco_occupation = occupation_by_uri.get(uri)
        work.kind = work.kind or kind
    coded_work = [w for w in work_rows if w.esco_occupation is not None]
    WorkExperience.objects.bulk_update(coded_work, ["esco_occupation", "kind"])
    rating_rows = list(SkillRating.objects.filter(esco_skill__isnull=True, skill__in=list(skills)))
    for rating in rating_rows:
        rating.esco_skill = skill_by_uri.get(skills[rating.skill])
    coded_ratings = [r for r in rating_rows if r.esco_skill is not None]
    SkillRating.objects.bulk_update(coded_ratings, ["esco_skill"])
    counts = {"work": len(coded_work), "skills": len(coded_ratings)}
    audit_record(actor=acting_user, action=AuditAction.ASSESSMENT_CODE_ESCO, detail=counts)
    return counts
