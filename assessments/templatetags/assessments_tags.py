"""The assessment section of the case file: latest assessment, competence profile, availability."""

from __future__ import annotations

from typing import Any

from django import template

from assessments.models import ESCO_CREDIT, EVIDENCE_STRENGTH, EvidenceSource, SkillLevel
from assessments.selectors import assessment_latest, availability_get, competence_profile_of, tryout_list
from languages.codes import country_name, language_name
from participants.models import Participant

register = template.Library()


@register.inclusion_tag("assessments/_case_file_section.html")
def assessment_section(participant: Participant) -> dict[str, Any]:
    assessment = assessment_latest(participant=participant)
    entries = competence_profile_of(assessment=assessment, tryouts=tryout_list(participant=participant))
    sources = dict(EvidenceSource.choices)
    levels = dict(SkillLevel.choices)
    profile = [
        {
            "label": entry.label, "level": levels.get(entry.level, entry.level), "source": sources[entry.source],
            "strong": EVIDENCE_STRENGTH[EvidenceSource(entry.source)] == 3,
            "others": [{"level": levels.get(e.level, e.level), "source": sources[e.source], "on": e.on}
                       for e in entry.others],
        }
        for entry in entries
    ]
    return {
        "participant": participant,
        "assessment": assessment,
        "education_country": country_name(assessment.education_country) if assessment else "",
        "languages": [
            {"name": language_name(lang.get("language", "")), "level": lang.get("level", "")}
            for lang in (assessment.languages if assessment else [])
        ],
        "profile": profile,
        "availability": availability_get(participant=participant),
        "esco_credit": ESCO_CREDIT,
    }
