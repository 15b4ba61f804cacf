from __future__ import annotations

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
from participants import services
from participants.access import participant_get_for_user
from participants.forms import (
    ConsentForm,
    ContactNoteForm,
    EligibilityForm,
    IntakeForm,
    ParticipantForm,
    ProgrammeExitForm,
)
from participants.models import Participant, Stage
from participants.selectors import participant_case_file, participant_list_caseload

CASE_STAFF = (Role.MANAGER, Role.COUNSELLOR)


@allow(*CASE_STAFF, scope="site")
def caseload(request: AuthenticatedRequest) -> HttpResponse:
    search = request.GET.get("q", "")
    stage = request.GET.get("stage", "")
    queryset = participant_list_caseload(user=request.user, search=search, stage=stage)
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    context = {"page": page, "search": search, "stage": stage, "stages": Stage.choices}
    template = "participants/_caseload_table.html" if request.htmx else "participants/caseload.html"
    return render(request, template, context)


@allow(*CASE_STAFF, scope="site")
def intake(request: AuthenticatedRequest) -> HttpResponse:
    form = IntakeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            participant = services.participant_create(
                acting_user=request.user,
                data=data,
                consent_given_on=data["consent_given_on"],
                extra_consents=data["extra_consents"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Intake saved. Case number %(number)s.") % {"number": participant.case_number})
            return redirect("participants:case_file", pk=participant.pk)
    return render(request, "participants/intake.html", {"form": form}, status=400 if form.errors else 200)


@allow(*CASE_STAFF, scope="site")
def edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = participant_get_for_user(user=request.user, pk=pk)
    form = ParticipantForm(request.POST or None, instance=participant, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            fresh = participant_get_for_user(user=request.user, pk=pk)
            services.participant_update(acting_user=request.user, participant=fresh, data=form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("participants:case_file", pk=pk)
    return render(
        request,
        "participants/edit.html",
        {"form": form, "participant": participant},
        status=400 if form.errors else 200,
    )


@allow(*CASE_STAFF, scope="site")
def case_file(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = participant_get_for_user(user=request.user, pk=pk)
    audit_record(actor=request.user, action="participant.view", target=participant, participant_id=participant.pk)
    return _case_file_page(request, participant)


def _case_file_page(
    request: AuthenticatedRequest,
    participant: Participant,
    *,
    eligibility_form: EligibilityForm | None = None,
    contact_form: ContactNoteForm | None = None,
    exit_form: ProgrammeExitForm | None = None,
) -> HttpResponse:
    """The case file; a form given here failed and is shown again with what was typed."""
    case_file = participant_case_file(participant=participant)
    context = {
        "participant": participant,
        "consent_form": ConsentForm(),
        "eligibility_form": eligibility_form or EligibilityForm(),
        "contact_form": contact_form or ContactNoteForm(),
        "exit_form": exit_form or ProgrammeExitForm(instance=case_file["programme_exit"]),
        **case_file,
    }
    failed = eligibility_form is not None or contact_form is not None or exit_form is not None
    return render(request, "participants/case_file.html", context, status=400 if failed else 200)


@require_POST
@allow(*CASE_STAFF, scope="site")
def eligibility_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = participant_get_for_user(user=request.user, pk=pk)
    form = EligibilityForm(request.POST)
    if form.is_valid():
        try:
            services.eligibility_record(acting_user=request.user, participant=participant, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Eligibility check recorded."))
            return redirect(f"{reverse('participants:case_file', kwargs={'pk': pk})}#eligibility")
    return _case_file_page(request, participant, eligibility_form=form)


@require_POST
@allow(*CASE_STAFF, scope="site")
def contact_note_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = participant_get_for_user(user=request.user, pk=pk)
    form = ContactNoteForm(request.POST)
    if form.is_valid():
        try:
            services.contact_note_add(acting_user=request.user, participant=participant, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Note added to the counselling log."))
            return redirect(f"{reverse('participants:case_file', kwargs={'pk': pk})}#counselling")
    return _case_file_page(request, participant, contact_form=form)


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
    participant = participant_get_for_user(user=request.user, pk=pk)
    form = ProgrammeExitForm(request.POST)
    if form.is_valid():
        try:
            services.programme_exit_record(acting_user=request.user, participant=participant, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Early exit recorded."))
            return redirect(f"{reverse('participants:case_file', kwargs={'pk': pk})}#exit")
    return _case_file_page(request, participant, exit_form=form)


@require_POST
@allow(*CASE_STAFF, scope="site")
def exit_undo(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The person came back: remove the early exit."""
    participant = participant_get_for_user(user=request.user, pk=pk)
    services.programme_exit_undo(acting_user=request.user, participant=participant)
    messages.success(request, _("Early exit removed: the participant is back on the programme."))
    return redirect(f"{reverse('participants:case_file', kwargs={'pk': pk})}#exit")
