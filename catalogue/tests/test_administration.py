"""The manager edits the catalogue: modules (hours, prerequisites), ESCO skills, translations."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from accounts.models import AuditEntry
from assessments.models import EscoSkill
from catalogue.languages import TRANSLATED_LANGUAGES
from catalogue.models import Module, ModuleTranslation
from catalogue.services import ERROR_PREREQUISITE_CYCLE, ERROR_UNKNOWN_SKILL, module_skills_set
from catalogue.tests.factories import ModuleFactory, TradeFactory


def _module_data(module: Module, **changes: object) -> dict[str, object]:
    data = {"trade": module.trade_id, "code": module.code, "title_de": module.title_de, "title_en": module.title_en,
            "hours": str(module.hours), "learning_outcomes_de": "", "learning_outcomes_en": "",
            "instruction_languages": ["de", "ar"], "prerequisites": []}
    data.update(changes)
    return data


@pytest.mark.django_db
def test_only_managers_edit_the_catalogue(client_for, manager, counsellor_a, instructor_a):
    module = ModuleFactory()
    for name in ("catalogue:module_edit", "catalogue:module_translations", "catalogue:module_skills"):
        url = reverse(name, args=[module.pk])
        for other in (counsellor_a, instructor_a):
            assert client_for(other).get(url).status_code == 403
        assert client_for(manager).get(url).status_code == 200
    assert reverse("catalogue:module_edit", args=[module.pk]) not in client_for(counsellor_a).get(
        reverse("catalogue:trade_list")).content.decode()


@pytest.mark.django_db
def test_new_module_with_hours_and_prerequisite(client_for, manager):
    basics = ModuleFactory(code="SEW-101")
    client = client_for(manager)
    response = client.post(reverse("catalogue:module_new"), {
        "trade": TradeFactory().pk, "code": "SEW-301", "title_de": "Trachtenschneiderei",
        "title_en": "Traditional dress",
        "hours": "24.5", "learning_outcomes_de": "", "learning_outcomes_en": "", "instruction_languages": ["de"],
        "prerequisites": [basics.pk],
    })
    assert response.status_code == 302
    module = Module.objects.get(code="SEW-301")
    assert module.hours == Decimal("24.5") and list(module.prerequisites.all()) == [basics]
    assert AuditEntry.objects.filter(action="module.create", object_id=str(module.pk)).exists()


@pytest.mark.django_db
def test_a_prerequisite_cycle_is_refused(client_for, manager):
    first, second = ModuleFactory(code="MET-101"), ModuleFactory(code="MET-201")
    second.prerequisites.add(first)
    response = client_for(manager).post(reverse("catalogue:module_edit", args=[first.pk]),
                                        _module_data(first, prerequisites=[second.pk]))
    assert response.status_code == 400
    assert escape(ERROR_PREREQUISITE_CYCLE % {"module": "MET-101", "other": "MET-201"}) in response.content.decode()
    assert not first.prerequisites.exists()
    zero = client_for(manager).post(reverse("catalogue:module_edit", args=[first.pk]), _module_data(first, hours="0"))
    assert zero.status_code == 400


@pytest.mark.django_db
def test_skills_come_from_the_loaded_esco_taxonomy(client_for, manager):
    module = ModuleFactory()
    skill = EscoSkill.objects.filter(in_programme=True).first()
    client = client_for(manager)
    response = client.post(reverse("catalogue:module_skills", args=[module.pk]),
                           {"skill-0": skill.uri, "level-0": "2", "skill-1": "", "level-1": ""})
    assert response.status_code == 302
    assert [(row.skill_uri, row.level) for row in module.skills.all()] == [(skill.uri, 2)]
    # A URI that is not in the taxonomy cannot even be chosen; the service refuses it too.
    response = client.post(reverse("catalogue:module_skills", args=[module.pk]),
                           {"skill-0": "http://data.europa.eu/esco/skill/made-up", "level-0": "2"})
    assert response.status_code == 400 and module.skills.count() == 1
    with pytest.raises(ValidationError) as error:
        module_skills_set(acting_user=manager, module=module, skills=[("http://data.europa.eu/esco/skill/x", 1)])
    assert str(ERROR_UNKNOWN_SKILL % {"uri": "http://data.europa.eu/esco/skill/x"}) in error.value.messages


@pytest.mark.django_db
def test_translations_per_language_with_the_review_flag(client_for, manager):
    module = ModuleFactory(title_en="Machine sewing basics")
    ModuleTranslation.objects.create(module=module, language="tr", title="eski")
    data = {f"{code}-title": "" for code in TRANSLATED_LANGUAGES}
    data |= {"ar-title": "أساسيات الخياطة", "ar-learning_outcomes": "تشغيل الآلة",
             "ar-reviewed_by_native_speaker": "on",
             "ti-title": "መሰረታት ስፌት", "fa-reviewed_by_native_speaker": "on"}
    client = client_for(manager)
    assert client.post(reverse("catalogue:module_translations", args=[module.pk]), data).status_code == 302
    rows = {row.language: row for row in module.translations.all()}
    assert set(rows) == {"ar", "ti"}  # Turkish emptied (removed); Persian has no text, so no row and no flag
    assert rows["ar"].reviewed_by_native_speaker and not rows["ti"].reviewed_by_native_speaker
    assert module.title_in("tr").fallback and module.title_in("ar").text == "أساسيات الخياطة"
    page = client.get(reverse("catalogue:module_translations", args=[module.pk])).content.decode()
    assert 'lang="ar"' in page and "أساسيات الخياطة" in page
    entry = AuditEntry.objects.get(action="module.translations")
    assert sorted(entry.detail["languages"]) == ["ar", "ti", "tr"]
