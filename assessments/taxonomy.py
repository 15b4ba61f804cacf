"""Writing the ESCO taxonomy tables: the shipped programme subset and the official CSV download."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction

from assessments.esco_import import EscoData
from assessments.models import EscoOccupation, EscoSkill

SUBSET_PATH = Path(__file__).resolve().parent / "data" / "esco_subset.json"


def esco_subset_read(path: Path = SUBSET_PATH) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@transaction.atomic
def esco_subset_load(*, path: Path = SUBSET_PATH) -> dict[str, int]:
    """(Re)load the programme subset, German labels (written by hand) included."""
    data = esco_subset_read(path)
    for row in data["occupations"]:
        EscoOccupation.objects.update_or_create(
            uri=row["uri"],
            defaults={
                "isco_code": row["isco"], "label_en": row["label_en"], "label_de": row["label_de"],
                "label_de_by_hand": True, "group": row["group"], "in_programme": True,
            },
        )
    for row in data["skills"]:
        EscoSkill.objects.update_or_create(
            uri=row["uri"],
            defaults={
                "label_en": row["label_en"], "label_de": row["label_de"], "label_de_by_hand": True,
                "curated": row["curated"], "broader_uri": row["broader_uri"],
                "broader_label_en": row["broader_label_en"], "trade": row["trade"], "in_programme": True,
            },
        )
    return {"occupations": len(data["occupations"]), "skills": len(data["skills"])}


@transaction.atomic
def esco_store(*, data: EscoData) -> dict[str, int]:
    """Insert new records and refresh English labels and ISCO codes of known ones.

    German labels, programme grouping and curated skills are left as they are."""
    counts = {"occupations_new": 0, "occupations_updated": 0, "skills_new": 0, "skills_updated": 0}
    known_occupations = {o.uri: o for o in EscoOccupation.objects.filter(uri__in=[r.uri for r in data.occupations])}
    new_occupations, changed_occupations = [], []
    for record in data.occupations:
        existing = known_occupations.get(record.uri)
        if existing is None:
            new_occupations.append(EscoOccupation(uri=record.uri, isco_code=record.isco_code, label_en=record.label_en))
        elif (existing.isco_code, existing.label_en) != (record.isco_code, record.label_en):
            existing.isco_code, existing.label_en = record.isco_code, record.label_en
            changed_occupations.append(existing)
    EscoOccupation.objects.bulk_create(new_occupations, batch_size=500)
    EscoOccupation.objects.bulk_update(changed_occupations, ["isco_code", "label_en"], batch_size=500)
    counts["occupations_new"], counts["occupations_updated"] = len(new_occupations), len(changed_occupations)
    known_skills = {s.uri: s for s in EscoSkill.objects.filter(uri__in=[r.uri for r in data.skills])}
    new_skills, changed_skills = [], []
    for record in data.skills:
        existing_skill = known_skills.get(record.uri)
        if existing_skill is None:
            new_skills.append(EscoSkill(uri=record.uri, label_en=record.label_en, skill_type=record.skill_type))
        elif (existing_skill.label_en, existing_skill.skill_type) != (record.label_en, record.skill_type):
            existing_skill.label_en, existing_skill.skill_type = record.label_en, record.skill_type
            changed_skills.append(existing_skill)
    EscoSkill.objects.bulk_create(new_skills, batch_size=500)
    EscoSkill.objects.bulk_update(changed_skills, ["label_en", "skill_type"], batch_size=500)
    counts["skills_new"], counts["skills_updated"] = len(new_skills), len(changed_skills)
    return counts
