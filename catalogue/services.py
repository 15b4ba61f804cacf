"""Every write to the catalogue from the manager's pages: modules (hours, prerequisites,
languages of instruction), the skills they teach, and their texts per participant language."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_record
from accounts.models import AuditAction, User
from assessments.models import EscoSkill
from catalogue.languages import TRANSLATED_LANGUAGES
from catalogue.models import (
    ERROR_TRANSLATION_LANGUAGE,
    Module,
    ModuleSkill,
    ModuleTranslation,
)

ERROR_OWN_PREREQUISITE = _("A module cannot be its own prerequisite.")
ERROR_PREREQUISITE_CYCLE = _("%(module)s already leads to %(other)s: it cannot also be its prerequisite.")
ERROR_UNKNOWN_SKILL = _("%(uri)s is not a skill of the ESCO taxonomy loaded here.")
ERROR_DUPLICATE_SKILL = _("Each skill only once per module.")
ERROR_LEVEL = _("The level is 1 (basic) to 4 (expert).")

MODULE_FIELDS = ("trade", "code", "title_de", "title_en", "hours", "learning_outcomes_de", "learning_outcomes_en",
                 "instruction_languages")


def _leads_to(module: Module) -> set[int]:
    """Every module that needs `module` first, directly or through others."""
    found: set[int] = set()
    frontier = {module.pk}
    while frontier:
        following = set(Module.prerequisites.through.objects.filter(to_module_id__in=frontier)
                        .values_list("from_module_id", flat=True)) - found
        found |= following
        frontier = following
    return found


@transaction.atomic
def module_save(
    *, acting_user: User, data: dict[str, Any], prerequisites: list[Module], module: Module | None = None
) -> Module:
    """Create (module None) or change a module; prerequisites may not form a cycle."""
    module = module or Module()
    created = module.pk is None
    changed = [field for field in MODULE_FIELDS if field in data and getattr(module, field, None) != data[field]]
    for field in changed:
        setattr(module, field, data[field])
    errors: list[Any] = []
    if module.pk is not None:
        if any(other.pk == module.pk for other in prerequisites):
            errors.append(ERROR_OWN_PREREQUISITE)
        following = _leads_to(module)
        errors += [ERROR_PREREQUISITE_CYCLE % {"module": module.code, "other": other.code}
                   for other in prerequisites if other.pk in following]
    if errors:
        raise ValidationError({"prerequisites": errors})
    module.full_clean()
    module.save()
    before = set(module.prerequisites.values_list("pk", flat=True)) if not created else set()
    module.prerequisites.set(prerequisites)
    if before != {other.pk for other in prerequisites}:
        changed.append("prerequisites")
    audit_record(actor=acting_user, action=AuditAction.MODULE_CREATE if created else AuditAction.MODULE_UPDATE,
                 target=module,
                 detail={"fields": changed})
    return module


@transaction.atomic
def module_skills_set(*, acting_user: User, module: Module, skills: list[tuple[str, int]]) -> list[ModuleSkill]:
    """Exactly these (skill URI, level) pairs for the module; each URI must be in the loaded
    ESCO taxonomy (or a workshop skill curated there). Nothing changes on an error."""
    uris = [uri for uri, _level in skills]
    known = set(EscoSkill.objects.filter(uri__in=uris).values_list("uri", flat=True))
    errors: list[Any] = [ERROR_UNKNOWN_SKILL % {"uri": uri} for uri in uris if uri not in known]
    if len(set(uris)) != len(uris):
        errors.append(ERROR_DUPLICATE_SKILL)
    if any(level not in (1, 2, 3, 4) for _uri, level in skills):
        errors.append(ERROR_LEVEL)
    if errors:
        raise ValidationError(errors)
    module.skills.all().delete()
    rows = []
    for uri, level in skills:
        row = ModuleSkill(module=module, skill_uri=uri, level=level)
        row.full_clean()
        rows.append(row)
    ModuleSkill.objects.bulk_create(rows)
    audit_record(actor=acting_user, action=AuditAction.MODULE_SKILLS, target=module, detail={"skills": len(rows)})
    return rows


@transaction.atomic
def module_translations_save(
    *, acting_user: User, module: Module, texts: dict[str, dict[str, Any]]
) -> list[ModuleTranslation]:
    """Titles, learning outcomes and the native-speaker review per participant language
    (`texts[language] = {"title", "learning_outcomes", "reviewed_by_native_speaker"}`). A
    language left empty has no translation (the portal shows English, marked as such)."""
    unknown = [language for language in texts if language not in TRANSLATED_LANGUAGES]
    if unknown:
        raise ValidationError([ERROR_TRANSLATION_LANGUAGE % {"language": language} for language in unknown])
    existing = {row.language: row for row in ModuleTranslation.objects.select_for_update().filter(module=module)}
    saved, changed = [], []
    for language, entry in texts.items():
        title = (entry.get("title") or "").strip()
        outcomes = (entry.get("learning_outcomes") or "").strip()
        reviewed = bool(entry.get("reviewed_by_native_speaker")) and bool(title or outcomes)
        row = existing.get(language)
        if not title and not outcomes:
            if row is not None:
                row.delete()
                changed.append(language)
            continue
        row = row or ModuleTranslation(module=module, language=language)
        if (row.title, row.learning_outcomes, row.reviewed_by_native_speaker) != (title, outcomes, reviewed):
            changed.append(language)
        row.title, row.learning_outcomes, row.reviewed_by_native_speaker = title, outcomes, reviewed
        row.full_clean()
        row.save()
        saved.append(row)
    audit_record(actor=acting_user, action=AuditAction.MODULE_TRANSLATIONS, target=module,
                 detail={"languages": changed})
    return saved
