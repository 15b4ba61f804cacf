"""Every model linked to a participant is declared by its app: exported, erased, or holding
nothing personal for a stated reason (vault/registry.py, STYLE.md)."""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.template.loader import get_template
from django.test.utils import isolate_apps
from django.utils import timezone

from participants.models import Participant
from participants.tests.factories import ParticipantFactory
from privacy.selectors import participant_export_data
from vault.registry import Contribution, Holding, contributions, holdings


def linked_to_participant(candidates: Iterable[type[models.Model]]) -> set[type[models.Model]]:
    """Models with a foreign key or one-to-one to Participant, directly or through another such model."""
    candidates = list(candidates)
    linked: set[type[models.Model]] = set()
    grew = True
    while grew:
        grew = False
        for model in candidates:
            if model in linked or model is Participant:
                continue
            targets = {field.related_model for field in model._meta.concrete_fields if field.is_relation}
            if Participant in targets or targets & linked:
                linked.add(model)
                grew = True
    return linked | {Participant}


def undeclared(candidates: Iterable[type[models.Model]]) -> list[str]:
    declared = holdings()
    return sorted(model._meta.label for model in linked_to_participant(candidates) if model not in declared)


def test_every_model_linked_to_a_participant_is_declared():
    linked = linked_to_participant(apps.get_models())
    # the walk really goes through other models (attendance → enrolment → participant)
    assert {"training.Attendance", "training.AttendanceCorrection", "returns.Handover", "returns.FollowUp"} <= {
        model._meta.label for model in linked
    }
    assert undeclared(apps.get_models()) == []


@isolate_apps("privacy")
def test_a_new_model_nobody_declared_is_caught():
    class Diary(models.Model):  # noqa: DJ008 - a throwaway model
        participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
        text = models.TextField()

    class DiaryPage(models.Model):  # noqa: DJ008 - linked only through Diary
        diary = models.ForeignKey(Diary, on_delete=models.CASCADE, related_name="+")

    assert undeclared([*apps.get_models(), Diary, DiaryPage]) == ["privacy.Diary", "privacy.DiaryPage"]


def test_declarations_name_linked_models_only_and_each_once():
    linked = linked_to_participant(apps.get_models())
    declared = holdings()  # raises on a model declared twice
    assert set(declared) <= linked, "a declaration for a model no longer linked to a participant"


@pytest.mark.django_db
def test_every_export_section_a_declaration_names_is_in_the_export(counsellor_a):
    person = ParticipantFactory(site=counsellor_a.site, counsellor=counsellor_a)
    data = participant_export_data(participant=person, generated_at=timezone.now())
    for model, holding in holdings().items():
        if holding.exported_in:
            assert holding.exported_in in data, f"{model._meta.label}: section {holding.exported_in!r} missing"
    # and each contribution's PDF part exists
    for contribution in contributions():
        if contribution.pdf_template:
            get_template(contribution.pdf_template)


def test_a_holding_must_say_what_happens():
    with pytest.raises(ValueError, match="say where"):
        Holding(Participant)
    with pytest.raises(ValueError, match="excludes"):
        Holding(Participant, exported_in="participant", nothing_personal="because")
    assert Contribution(app_label="x", order=1, holdings=()).export is None


#: what privacy may import: the ground floor and the person's own row, nothing of the stages
PRIVACY_MAY_IMPORT = {"accounts", "funding", "languages", "participants", "privacy", "vault"}
#: the project's own apps (those in the repository, not Django's or a library's)
STAGE_APPS = {
    config.label for config in apps.get_app_configs() if Path(config.path).parent == Path(settings.BASE_DIR)
}


def test_privacy_imports_no_stage_app():
    """privacy only collects: its modules (tests aside) import no app above participants."""
    root = Path(apps.get_app_config("privacy").path)
    offenders = []
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else (
                [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            )
            for name in names:
                top = name.split(".")[0]
                if top in STAGE_APPS and top not in PRIVACY_MAY_IMPORT:
                    offenders.append(f"{path.relative_to(root.parent)}: {name}")
    assert {"training", "returns", "certificates"} <= STAGE_APPS
    assert offenders == []
