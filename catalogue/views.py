from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from accounts.forms import form_add_service_errors
from accounts.models import Role
from accounts.policy import AuthenticatedRequest, allow
from catalogue import services
from catalogue.access import can_edit_catalogue
from catalogue.forms import ModuleForm, ModuleSkillsForm, ModuleTranslationsForm
from catalogue.languages import TRANSLATED_LANGUAGES
from catalogue.models import Module
from catalogue.selectors import module_for_editing, trade_list_with_modules

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MESSAGE_MODULE_SAVED = _("Module saved.")
MESSAGE_TRANSLATIONS_SAVED = _("Translations saved.")
MESSAGE_SKILLS_SAVED = _("Skills saved.")


@require_safe
@allow(Role.MANAGER, Role.COUNSELLOR, Role.INSTRUCTOR, personal_data=False)
def trade_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "catalogue/trade_list.html", {
        "trades": trade_list_with_modules(), "can_edit": can_edit_catalogue(request.user),
        "translated_language_count": len(TRANSLATED_LANGUAGES),
    })


def _module_page(
    request: AuthenticatedRequest, *, form: BaseForm, module: Module | None, save: Callable[[], Module],
    message: StrOrPromise, url_name: str, template: str,
) -> HttpResponse:
    """The manager's catalogue pages share one cycle: a valid POST saves through the service
    and returns to the page with a message; a refusal of the service lands on the form, which
    keeps what was typed and answers 400."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save()
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, message)
            return redirect(url_name, pk=saved.pk)
    return render(request, template, {"form": form, "module": module}, status=400 if form.errors else 200)


@allow(Role.MANAGER, personal_data=False)
def module_edit(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    module = get_object_or_404(Module, pk=pk) if pk is not None else None
    form = ModuleForm(request.POST or None, instance=module)

    def save() -> Module:
        data = {field: form.cleaned_data[field] for field in services.MODULE_FIELDS}
        return services.module_save(acting_user=request.user, module=module, data=data,
                                    prerequisites=list(form.cleaned_data["prerequisites"]))

    return _module_page(request, form=form, module=module, save=save, message=MESSAGE_MODULE_SAVED,
                        url_name="catalogue:module_edit", template="catalogue/module_form.html")


@allow(Role.MANAGER, personal_data=False)
def module_translations(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    module = module_for_editing(pk=pk)
    initial: dict[str, Any] = {}
    for row in module.translations.all():
        initial |= {f"{row.language}-title": row.title, f"{row.language}-learning_outcomes": row.learning_outcomes,
                    f"{row.language}-reviewed_by_native_speaker": row.reviewed_by_native_speaker}
    form = ModuleTranslationsForm(request.POST or None, initial=initial)

    def save() -> Module:
        services.module_translations_save(acting_user=request.user, module=module, texts=form.texts())
        return module

    return _module_page(request, form=form, module=module, save=save, message=MESSAGE_TRANSLATIONS_SAVED,
                        url_name="catalogue:module_translations", template="catalogue/module_translations.html")


@allow(Role.MANAGER, personal_data=False)
def module_skills(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    module = module_for_editing(pk=pk)
    current = list(module.skills.all())
    initial: dict[str, Any] = {}
    for row, skill in enumerate(current):
        initial |= {f"skill-{row}": skill.skill_uri, f"level-{row}": skill.level}
    form = ModuleSkillsForm(request.POST or None, initial=initial, current=[skill.skill_uri for skill in current])

    def save() -> Module:
        services.module_skills_set(acting_user=request.user, module=module, skills=form.skills())
        return module

    return _module_page(request, form=form, module=module, save=save, message=MESSAGE_SKILLS_SAVED,
                        url_name="catalogue:module_skills", template="catalogue/module_skills.html")
