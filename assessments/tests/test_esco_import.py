"""import_esco: official CSV format, all or nothing, errors naming file, row and field."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from assessments.esco_import import EscoImportError, esco_read
from assessments.models import EscoOccupation, EscoSkill

OCC_HEADER = "conceptType,conceptUri,iscoGroup,preferredLabel,altLabels\n"
SKILL_HEADER = "conceptType,conceptUri,skillType,reuseLevel,preferredLabel,altLabels\n"
# The real extract lies in shared/ beside the project (as in CI), or at the workplace path.
_CANDIDATES = [Path(__file__).resolve().parents[3] / "shared" / "data" / "esco", Path("/work/shared/data/esco")]
EXTRACT = next((path for path in _CANDIDATES if path.exists()), _CANDIDATES[0])


def _write(tmp_path: Path, occupations: str, skills: str | None = None) -> Path:
    (tmp_path / "occupations_en.csv").write_text(OCC_HEADER + occupations, encoding="utf-8")
    if skills is not None:
        (tmp_path / "skills_en.csv").write_text(SKILL_HEADER + skills, encoding="utf-8")
    return tmp_path


def test_errors_name_file_row_and_field(tmp_path):
    folder = _write(
        tmp_path,
        'Occupation,http://data.europa.eu/esco/occupation/a,7531,tailor,"cutter\nseamster"\n'
        "Occupation,http://data.europa.eu/esco/occupation/b,75x1,dressmaker,\n",
        "KnowledgeSkillCompetence,http://example.org/s,skill/competence,sector-specific,sew,\n",
    )
    with pytest.raises(EscoImportError) as caught:
        esco_read(folder)
    assert caught.value.problems == [
        "occupations_en.csv, row 3, field iscoGroup: '75x1' is not a four-digit ISCO-08 code",
        "skills_en.csv, row 2, field conceptUri: 'http://example.org/s' is not an ESCO URI "
        "(http://data.europa.eu/esco/skill/…)",
    ]


@pytest.mark.django_db
def test_command_writes_nothing_on_error_and_everything_on_success(tmp_path):
    before = (EscoOccupation.objects.count(), EscoSkill.objects.count())
    folder = _write(tmp_path, "Occupation,http://data.europa.eu/esco/occupation/new,7531,new tailor,\n"
                              "Occupation,http://data.europa.eu/esco/occupation/bad,,no code,\n")
    with pytest.raises(CommandError, match="row 3, field iscoGroup"):
        call_command("import_esco", str(folder))
    assert (EscoOccupation.objects.count(), EscoSkill.objects.count()) == before
    _write(tmp_path, "Occupation,http://data.europa.eu/esco/occupation/new,7531,new tailor,\n",
           "KnowledgeSkillCompetence,http://data.europa.eu/esco/skill/x,skill/competence,cross-sector,sew,\n")
    call_command("import_esco", str(folder))
    assert EscoOccupation.objects.get(uri__endswith="/new").isco_code == "7531"
    assert EscoSkill.objects.get(uri__endswith="/x").label_en == "sew"


@pytest.mark.django_db
def test_programme_subset_is_loaded_with_hand_written_german_labels_and_kept_on_import(tmp_path):
    tailor = EscoOccupation.objects.get(label_en="tailor")
    assert tailor.isco_code == "7531" and tailor.label_de == "Schneider/Schneiderin" and tailor.label_de_by_hand
    _write(tmp_path, f"Occupation,{tailor.uri},7531,tailor,\n")
    call_command("import_esco", str(tmp_path))
    tailor.refresh_from_db()
    assert tailor.label_de == "Schneider/Schneiderin" and tailor.in_programme


@pytest.mark.skipif(not EXTRACT.exists(), reason="the ESCO extract is not on this machine")
def test_the_real_extract_reads_without_errors():
    data = esco_read(EXTRACT)
    assert len(data.occupations) == 2942 and data.skills
