"""The case: caseload, case file with its stage tracker, and the forms posted from its sections
(consent, eligibility, counselling log, early exit). Intake and editing the person stay in
`participants`. The URL names stay `participants:*` (see `reintegra/urls.py`)."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.audit import audit_record
from accounts.forms import form_add_service_errors
from accounts.models import Role
from accounts.policy import AuthenticatedRequest, allow
from cases import services as case_services
from cases.selectors import participant_case_file, participant_list_caseload
from participants import services
from participants.access import participant_get_for_user
from participants.forms import (
    ConsentForm,
    ContactNoteForm,
    EligibilityForm,
    ProgrammeExitForm,
)
from participants.models import Participant, Stage

CASE_STAFF = (Role.MANAGER, Role.COUNSELLOR)


@allow(*CASE_STAFF, scope="site")
def caseload(request: AuthenticatedRequest) -> HttpResponse:
    search = request.GET.get("q", "")
    stage = request.GET.get("stage", "")
    queryset = participant_list_caseload(user=request.user, search=search, stage=stage)
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    context = {"page": page, "search": search, "stage": stage, "stages": Stage.choices}
    template = "cases/_caseload_table.html" if request.htmx else "cases/caseload.html"
    return render(request, template, context)


@allow(*CASE_STAFF, scope="site")
def case_file(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = participant_get_for_user(user=request.user, pk=pk)
    audit_record(actor=request.user, action="participant.view", target=participant, participant_id=participant.pk)
    return _case_file_page(request, participant)


def _case_file_page(
    request: AuthenticatedRequest, participant: Participant, *, failed: dict[str, forms.BaseForm] | None = None
) -> HttpResponse:
    """The case file; a form in `failed` (by its context name) is shown again with what was typed."""
    case_file = participant_case_file(participant=participant)
    context = {
        "participant": participant,
        "consent_form": ConsentForm(),
        "eligibility_form": EligibilityForm(),
        "contact_form": ContactNoteForm(),
        "exit_form": ProgrammeExitForm(instance=case_file["programme_exit"]),
        **case_file,
        **(failed or {}),
    }
    return render(request, "cases/case_file.html", context, status=400 if failed else 200)


def _case_file_form_post(
    request: AuthenticatedRequest, pk: int, *, form_class: type[forms.BaseForm], service: Callable[..., object],
    success: str, section: str, form_name: str,
) -> HttpResponse:
    """A form posted from a section of the case file: the service writes, success goes back to
    the section; a refusal shows the case file again with what was typed and the errors."""
    participant = participant_get_for_user(user=request.user, pk=pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(acting_user=request.user, participant=participant, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(f"{reverse('participants:case_file', kwargs={'pk': pk})}#{section}")
    return _case_file_page(request, participant, failed={form_name: form})


@require_POST
@allow(*CASE_STAFF, scope="site")
def eligibility_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _case_file_form_post(
        request, pk, form_class=EligibilityForm, service=services.eligibility_record,
        success=_("Eligibility check recorded."), section="eligibility", form_name="eligibility_form",
    )


@require_POST
@allow(*CASE_STAFF, scope="site")
def contact_note_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _case_file_form_post(
        request, pk, form_class=ContactNoteForm, service=services.contact_note_add,
        success=_("Note added to the counselling log."), section="counselling", form_name="contact_form",
    )


@require_POST
@allow(*CASE_STAFF, scope="site")
def consent_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = participant_get_for_user(user=request.user, pk=pk)
    form = ConsentForm(request.POST)
    if form.is_valid():
        services.consent_record(
            acting_user=request.user,
            participant=participant,
            purpose=form.cleaned_data["purpose"],
            given_on=form.cleaned_data["given_on"],
        )
        messages.success(request, _("Consent recorded."))
    else:
        messages.error(request, _("Consent not recorded: give a purpose and a date."))
    return redirect("participants:case_file", pk=pk)


@require_POST
@allow(*CASE_STAFF, scope="site")
def consent_withdraw(request: AuthenticatedRequest, pk: int, consent_pk: int) -> HttpResponse:
    participant = participant_get_for_user(user=request.user, pk=pk)
    consent = get_object_or_404(participant.consents, pk=consent_pk, withdrawn_on__isnull=True)
    services.consent_withdraw(acting_user=request.user, consent=consent, withdrawn_on=timezone.localdate())
    messages.success(request, _("Consent withdrawn."))
    return redirect("participants:case_file", pk=pk)


@require_POST
@allow(*CASE_STAFF, scope="site")
def exit_record(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Record (or correct) that the participant left the programme early."""
    return _case_file_form_post(
        request, pk, form_class=ProgrammeExitForm, service=case_services.programme_exit_record,
        success=_("Early exit recorded."), section="exit", form_name="exit_form",
    )


@require_POST
@allow(*CASE_STAFF, scope="site")
def exit_undo(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The person came back: remove the early exit."""
    participant = participant_get_for_user(user=request.user, pk=pk)
    case_services.programme_exit_undo(acting_user=request.user, participant=participant)
    messages.success(request, _("Early exit removed: the participant is back on the programme."))
    return redirect(f"{reverse('participants:case_file', kwargs={'pk': pk})}#exit")
