"""What the assessments app holds about a person: assessments with work history, skills and
language levels, try-outs and availability (see vault/registry.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.utils.translation import override

from assessments.models import (
    Assessment,
    Availability,
    EducationLevel,
    SkillLevel,
    SkillRating,
    TryOut,
    Weekday,
    WorkExperience,
)
from languages.codes import country_name, language_name
from participants.models import Participant
from vault.registry import Contribution, Erasure, Holding, bilingual, day, register


def export(participant: Participant) -> dict[str, Any]:
    assessments = (
        Assessment.objects.filter(participant=participant)
        .prefetch_related(
            Prefetch("work_history", queryset=WorkExperience.objects.select_related("esco_occupation").order_by("pk")),
            Prefetch("skills", queryset=SkillRating.objects.select_related("esco_skill").order_by("pk")),
        )
        .order_by("assessed_on", "pk")
    )
    tryouts = (
        TryOut.objects.filter(participant=participant).select_related("esco_skill", "site").order_by("tried_on", "pk")
    )
    availability = Availability.objects.filter(participant=participant).prefetch_related("sites").first()
    return {
        "assessments": [
            {
                "assessed_on": day(a.assessed_on),
                "origin": a.origin,
                "education_level": a.education_level,
                "education_years": a.education_years,
                "education_country": a.education_country,
                "languages": list(a.languages),
                "notes": a.notes,
                "work_history": [
                    {
                        "occupation": w.title,
                        "esco_uri": w.esco_occupation.uri if w.esco_occupation else None,
                        "years": str(w.years),
                        "kind": w.kind,
                    }
                    for w in a.work_history.all()
                ],
                "skills": [
                    {
                        "skill": s.title,
                        "esco_uri": s.esco_skill.uri if s.esco_skill else None,
                        "level": s.level,
                        "source": s.source,
                    }
                    for s in a.skills.all()
                ],
            }
            for a in assessments
        ],
        "tryouts": [
            {
                "tried_on": day(t.tried_on),
                "skill": t.esco_skill.label,
                "level": t.level,
                "site": t.site.name,
                "notes": t.notes,
            }
            for t in tryouts
        ],
        "availability": (
            {
                "weekdays": list(availability.weekdays),
                "hours_per_day": str(availability.hours_per_day),
                "sites": [site.name for site in availability.sites.all()],
            }
            if availability is not None
            else None
        ),
    }


def erase(erasure: Erasure) -> None:
    assessments = Assessment.objects.filter(participant=erasure.participant)
    assessments.update(notes="", languages=[])
    # The work history and skills describe a life in detail and no figure counts them.
    WorkExperience.objects.filter(assessment__in=assessments).delete()
    SkillRating.objects.filter(assessment__in=assessments).delete()
    TryOut.objects.filter(participant=erasure.participant).update(notes="")


def pdf_labels(view: dict[str, Any]) -> None:
    for assessment in view["assessments"]:
        assessment["education_label"] = bilingual(EducationLevel, assessment["education_level"])
        with override("de"):
            country = assessment["education_country"]
            assessment["education_country_label"] = country_name(country) if country else ""
            assessment["language_labels"] = [
                " ".join(filter(None, [language_name(entry.get("language", "")), entry.get("level", "")]))
                for entry in assessment["languages"]
            ]
        for skill in assessment["skills"]:
            skill["level_label"] = bilingual(SkillLevel, skill["level"])
    for tryout in view["tryouts"]:
        tryout["level_label"] = bilingual(SkillLevel, tryout["level"])
    if view["availability"]:
        view["availability"]["weekday_labels"] = [bilingual(Weekday, day) for day in view["availability"]["weekdays"]]


CONTRIBUTION = register(
    Contribution(
        app_label="assessments",
        order=20,
        holdings=(
            Holding(Assessment, exported_in="assessments",
                    erasure="notes and language levels removed; education level and date kept"),
            Holding(WorkExperience, exported_in="assessments", erasure="deleted"),
            Holding(SkillRating, exported_in="assessments", erasure="deleted"),
            Holding(TryOut, exported_in="tryouts", erasure="observations removed; skill, level, date kept"),
            Holding(Availability, exported_in="availability",
                    erasure="kept: weekdays, hours and sites, which identify no one"),
        ),
        export=export,
        erase=erase,
        pdf_template="assessments/personal_data_pdf.html",
        pdf_labels=pdf_labels,
        last_activity=((Assessment, "participant", "assessed_on"), (TryOut, "participant", "tried_on")),
    )
)
