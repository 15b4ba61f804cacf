from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.forms import form_add_service_errors
from accounts.models import Role
from accounts.policy import AuthenticatedRequest, allow
from participants import services
from participants.access import participant_get_for_user
from participants.forms import IntakeForm, ParticipantForm

CASE_STAFF = (Role.MANAGER, Role.COUNSELLOR)


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
