from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from accounts.forms import form_add_service_errors
from accounts.models import Role
from accounts.policy import AuthenticatedRequest, allow
from funding import services
from funding.access import can_manage_funding, sees_own_lines_only
from funding.forms import ExtensionForm, FunderForm, FundingLineForm, ProjectForm
from funding.models import Funder, FundingLine, Project
from funding.selectors import funding_line_list_with_counts

MESSAGE_SAVED = _("Saved.")
MESSAGE_EXTENDED = _("Extension recorded: the project now ends on %(end)s.")


@require_safe
@allow(Role.MANAGER, Role.FUNDER, personal_data=False)
def line_list(request: AuthenticatedRequest) -> HttpResponse:
    """Funding lines with their counts and retention end; a funder sees only its own lines."""
    lines = list(funding_line_list_with_counts(user=request.user))
    return render(
        request,
        "funding/line_list.html",
        {"lines": lines, "suppress_small": sees_own_lines_only(request.user),
         "can_manage": can_manage_funding(request.user),
         "projects": Project.objects.prefetch_related("extensions") if can_manage_funding(request.user) else [],
         "funders": Funder.objects.all() if can_manage_funding(request.user) else []},
    )


def _edit(request: AuthenticatedRequest, *, form: ExtensionForm | FunderForm | FundingLineForm | ProjectForm,
          save: Any, record: dict[str, Any], title: str, extra: dict[str, object] | None = None) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            save(acting_user=request.user, data=form.cleaned_data, **record)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, MESSAGE_SAVED)
            return redirect("funding:line_list")
    return render(request, "funding/edit.html", {"form": form, "title": title, **(extra or {})},
                  status=400 if form.errors else 200)


@allow(Role.MANAGER, personal_data=False)
def line_edit(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    line = get_object_or_404(FundingLine, pk=pk) if pk is not None else None
    form = FundingLineForm(request.POST or None, instance=line)
    return _edit(request, form=form, save=services.funding_line_save, record={"line": line},
                 title=str(line) if line else str(_("New funding line")))


@allow(Role.MANAGER, personal_data=False)
def funder_edit(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    funder = get_object_or_404(Funder, pk=pk) if pk is not None else None
    form = FunderForm(request.POST or None, instance=funder)
    return _edit(request, form=form, save=services.funder_save, record={"funder": funder},
                 title=str(funder) if funder else str(_("New funder")))


@allow(Role.MANAGER, personal_data=False)
def project_edit(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    project = get_object_or_404(Project, pk=pk) if pk is not None else None
    form = ProjectForm(request.POST or None, instance=project)
    extra = {"project": project, "extension_form": ExtensionForm()} if project else {}
    return _edit(request, form=form, save=services.project_save, record={"project": project},
                 title=str(project) if project else str(_("New project")), extra=extra)


@require_POST
@allow(Role.MANAGER, personal_data=False)
def project_extend(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(Project, pk=pk)
    form = ExtensionForm(request.POST)
    if form.is_valid():
        try:
            extension = services.project_extension_record(acting_user=request.user, project=project,
                                                          **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, MESSAGE_EXTENDED % {"end": extension.new_end.strftime("%d.%m.%Y")})
            return redirect("funding:project_edit", pk=project.pk)
    return render(request, "funding/edit.html", {
        "form": ProjectForm(instance=project), "title": str(project), "project": project, "extension_form": form,
    }, status=400)
