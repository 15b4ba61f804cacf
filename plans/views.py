from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.forms import form_add_service_errors
from accounts.models import Role
from accounts.policy import AuthenticatedRequest, allow
from assessments.models import ESCO_CREDIT
from participants.access import participant_get_for_user
from participants.models import Participant
from plans import services
from plans.diff import plan_diff
from plans.forms import AddModuleForm, AddPathForm, FinaliseForm, ReviseForm, TargetForm
from plans.models import Plan, PlanStatus
from plans.recommendations import plan_recommend, plan_versions

PLAN_STAFF = (Role.MANAGER, Role.COUNSELLOR)
ITEM_ACTIONS = {"remove", "up", "down"}


def _plans(participant: Participant) -> tuple[Plan | None, Plan | None]:
    plans = list(participant.plans.filter(status__in=[PlanStatus.DRAFT, PlanStatus.FINAL]))
    draft = next((p for p in plans if p.status == PlanStatus.DRAFT), None)
    final = next((p for p in plans if p.status == PlanStatus.FINAL), None)
    return draft, final


def _context(participant: Participant, **bound: object) -> dict[str, object]:
    draft, final = _plans(participant)
    items = list(draft.items.select_related("module__trade")) if draft else []
    current = draft or final
    recommendation = (
        plan_recommend(participant=participant, plan=draft, today=timezone.localdate()) if draft else None
    )
    return {
        "participant": participant,
        "draft": draft,
        "final": final,
        "items": items,
        "order_problems": services.plan_order_problems(plan=draft) if draft else [],
        "recommendation": recommendation,
        "versions": plan_versions(participant=participant),
        "esco_credit": ESCO_CREDIT,
        "add_form": bound.get("add_form") or AddModuleForm(),
        "target_form": bound.get("target_form") or TargetForm(
            initial={"target_occupation": current.target_occupation if current else None}
        ),
        "finalise_form": bound.get("finalise_form") or FinaliseForm(participant_languages=participant.languages),
        "revise_form": bound.get("revise_form") or ReviseForm(),
    }


def _error_text(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


@allow(*PLAN_STAFF, scope="site")
def edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = participant_get_for_user(user=request.user, pk=pk)
    return render(request, "plans/edit.html", _context(participant))


@require_POST
@allow(*PLAN_STAFF, scope="site")
def start(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = participant_get_for_user(user=request.user, pk=pk)
    try:
        services.plan_start(acting_user=request.user, participant=participant)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect("plans:edit", pk=pk)


@require_POST
@allow(*PLAN_STAFF, scope="site")
def revise(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = participant_get_for_user(user=request.user, pk=pk)
    final = _plans(participant)[1]
    form = ReviseForm(request.POST)
    if final is None:
        messages.error(request, _("There is no agreed plan to change."))
        return redirect("plans:edit", pk=pk)
    if form.is_valid():
        try:
            services.plan_revise(acting_user=request.user, plan=final, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, _error_text(error))
        return redirect("plans:edit", pk=pk)
    return render(request, "plans/edit.html", _context(participant, revise_form=form), status=400)


def _draft_or_404(participant: Participant) -> Plan:
    return get_object_or_404(Plan, participant=participant, status=PlanStatus.DRAFT)


def _items_response(request: AuthenticatedRequest, participant: Participant) -> HttpResponse:
    if request.htmx:
        return render(request, "plans/_draft.html", _context(participant))
    return redirect("plans:edit", pk=participant.pk)


@require_POST
@allow(*PLAN_STAFF, scope="site")
def add_module(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = participant_get_for_user(user=request.user, pk=pk)
    draft = _draft_or_404(participant)
    form = AddModuleForm(request.POST)
    if form.is_valid():
        try:
            services.plan_add_module(acting_user=request.user, plan=draft, module=form.cleaned_data["module"])
        except ValidationError as error:
            form.add_error("module", error)
    if form.errors:
        return render(request, "plans/_draft.html" if request.htmx else "plans/edit.html",
                      _context(participant, add_form=form), status=400 if not request.htmx else 200)
    return _items_response(request, participant)


@require_POST
@allow(*PLAN_STAFF, scope="site")
def item_action(request: AuthenticatedRequest, pk: int, item_pk: int, action: str) -> HttpResponse:
    participant = participant_get_for_user(user=request.user, pk=pk)
    draft = _draft_or_404(participant)
    item = get_object_or_404(draft.items.select_related("module"), pk=item_pk)
    if action not in ITEM_ACTIONS:
        raise Http404
    if action == "remove":
        services.plan_remove_module(acting_user=request.user, plan=draft, item=item)
    elif action in ("up", "down"):
        services.plan_move_item(acting_user=request.user, plan=draft, item=item, offset=-1 if action == "up" else 1)
    return _items_response(request, participant)


@require_POST
@allow(*PLAN_STAFF, scope="site")
def finalise(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = participant_get_for_user(user=request.user, pk=pk)
    draft = _draft_or_404(participant)
    form = FinaliseForm(request.POST, participant_languages=participant.languages)
    if form.is_valid():
        try:
            services.plan_finalise(
                acting_user=request.user, plan=draft, agreed_on=form.cleaned_data["agreed_on"],
                today=timezone.localdate(), agreement_language=form.cleaned_data["agreement_language"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The plan is agreed and final."))
            return redirect("participants:case_file", pk=pk)
    return render(request, "plans/edit.html", _context(participant, finalise_form=form), status=400)


@require_POST
@allow(*PLAN_STAFF, scope="site")
def target(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = participant_get_for_user(user=request.user, pk=pk)
    draft = _draft_or_404(participant)
    form = TargetForm(request.POST)
    if form.is_valid():
        services.plan_set_target(
            acting_user=request.user, plan=draft, target_occupation=form.cleaned_data["target_occupation"]
        )
        if request.htmx:
            return render(request, "plans/_recommendation.html", _context(participant))
        return redirect("plans:edit", pk=pk)
    return render(request, "plans/edit.html", _context(participant, target_form=form), status=400)


@require_POST
@allow(*PLAN_STAFF, scope="site")
def add_path(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = participant_get_for_user(user=request.user, pk=pk)
    draft = _draft_or_404(participant)
    form = AddPathForm(request.POST)
    if form.is_valid():
        added = services.plan_add_path(acting_user=request.user, plan=draft, modules=form.cleaned_data["path"])
        messages.success(request, _("Added to the plan: %(modules)s.") % {
            "modules": ", ".join(item.module.code for item in added) or "—"})
    else:
        messages.error(request, " ".join(str(e) for e in form.errors.get("path", [])))
    return redirect("plans:edit", pk=pk)


@allow(*PLAN_STAFF, scope="site")
def diff(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = participant_get_for_user(user=request.user, pk=pk)
    versions = plan_versions(participant=participant)
    by_number = {plan.version: plan for plan in versions}
    try:
        new_number = int(request.GET.get("to") or (versions[-1].version if versions else 0))
        old_number = int(request.GET.get("from") or new_number - 1)
    except ValueError as error:
        raise Http404 from error
    old, new = by_number.get(old_number), by_number.get(new_number)
    if old is None or new is None:
        raise Http404
    old_codes = [item.module.code for item in old.items.all()]
    new_codes = [item.module.code for item in new.items.all()]
    modules = {item.module.code: item.module for plan in (old, new) for item in plan.items.all()}
    context = {
        "participant": participant, "old": old, "new": new, "versions": versions,
        "diff": plan_diff(old_codes, new_codes), "modules": modules,
    }
    return render(request, "plans/diff.html", context)
