from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_read
from accounts.forms import form_add_service_errors
from accounts.models import Role
from accounts.policy import AuthenticatedRequest, allow
from assessments.access import tryout_participant_get_for_user, tryout_participants_for_user
from assessments.forms import (
    AssessmentForm,
    AvailabilityForm,
    SkillFormSet,
    SkillsProfileImportForm,
    TryOutForm,
    WorkFormSet,
)
from assessments.models import ESCO_CREDIT, TryOut
from assessments.selectors import availability_get, tryout_list
from assessments.services import (
    assessment_create,
    assessment_import_skills_profile,
    availability_set,
    tryout_record,
)
from assessments.skills_profile import SkillsProfileError, skills_profile_parse
from assessments.tasks import skills_profile_import_task
from jobs.models import JobKind
from jobs.services import job_input_store, job_start, jobs_in_background
from participants.access import participant_get_for_user

CASE_STAFF = (Role.MANAGER, Role.COUNSELLOR)
TRYOUT_STAFF = (Role.MANAGER, Role.INSTRUCTOR)


@allow(*CASE_STAFF, scope="site")
def create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = participant_get_for_user(user=request.user, pk=pk)
    data = request.POST if request.method == "POST" else None
    form = AssessmentForm(data, initial={"assessed_on": timezone.localdate()})
    work_formset = WorkFormSet(data, prefix="work")
    skill_formset = SkillFormSet(data, prefix="skill")
    if request.method == "POST" and form.is_valid() and work_formset.is_valid() and skill_formset.is_valid():
        assessment_create(
            acting_user=request.user,
            participant=participant,
            education_level=form.cleaned_data["education_level"],
            education_years=form.cleaned_data["education_years"],
            education_country=form.cleaned_data["education_country"] or "",
            assessed_on=form.cleaned_data["assessed_on"],
            notes=form.cleaned_data["notes"],
            work_history=[f.cleaned_data for f in work_formset if f.cleaned_data],  # type: ignore[misc]
            skills=[f.cleaned_data for f in skill_formset if f.cleaned_data],  # type: ignore[misc]
        )
        messages.success(request, _("Assessment saved."))
        return redirect("participants:case_file", pk=participant.pk)
    context = {
        "participant": participant, "form": form, "work_formset": work_formset, "skill_formset": skill_formset,
        "esco_credit": ESCO_CREDIT,
    }
    return render(request, "assessments/create.html", context, status=400 if request.method == "POST" else 200)


@allow(*CASE_STAFF, scope="site")
def import_profile(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = participant_get_for_user(user=request.user, pk=pk)
    form = SkillsProfileImportForm(
        request.POST or None, request.FILES or None, initial={"assessed_on": timezone.localdate()}
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_valid() and jobs_in_background():
        # parsed and recorded on the worker; the job's page shows progress, then the result or the problems
        job = job_start(kind=JobKind.SKILLS_PROFILE_IMPORT, owner=request.user, task=skills_profile_import_task,
                        params={
                            "participant": participant.pk,
                            "file": job_input_store(content=form.cleaned_data["file"].read()),
                            "assessed_on": form.cleaned_data["assessed_on"].isoformat(),
                            "education_level": form.cleaned_data["education_level"],
                        })
        return redirect("jobs:detail", pk=job.pk)
    if request.method == "POST" and form.is_valid():
        try:
            profile = skills_profile_parse(form.cleaned_data["file"].read())
            assessment_import_skills_profile(
                acting_user=request.user, participant=participant, profile=profile,
                assessed_on=form.cleaned_data["assessed_on"], education_level=form.cleaned_data["education_level"],
            )
        except SkillsProfileError as error:
            problems = error.problems
        except ValidationError as error:
            problems = list(error.messages)
        else:
            messages.success(request, _("Skills profile imported as a new assessment."))
            return redirect("participants:case_file", pk=participant.pk)
    context = {"participant": participant, "form": form, "problems": problems}
    return render(request, "assessments/import_profile.html", context,
                  status=400 if request.method == "POST" else 200)


@allow(*CASE_STAFF, scope="site")
def availability(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = participant_get_for_user(user=request.user, pk=pk)
    current = availability_get(participant=participant)
    initial = (
        {"weekdays": current.weekdays, "hours_per_day": current.hours_per_day, "sites": list(current.sites.all())}
        if current else {"weekdays": [0, 1, 2, 3, 4], "hours_per_day": 4, "sites": [participant.site]}
    )
    form = AvailabilityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        availability_set(
            acting_user=request.user, participant=participant, weekdays=form.cleaned_data["weekdays"],
            hours_per_day=form.cleaned_data["hours_per_day"], sites=list(form.cleaned_data["sites"]),
        )
        messages.success(request, _("Availability saved."))
        return redirect("participants:case_file", pk=participant.pk)
    return render(request, "assessments/availability.html", {"participant": participant, "form": form},
                  status=400 if request.method == "POST" else 200)


@allow(*TRYOUT_STAFF, scope="site")
def tryouts(request: AuthenticatedRequest) -> HttpResponse:
    participants = tryout_participants_for_user(user=request.user).order_by("last_name", "first_name")
    recent = (
        TryOut.objects.filter(participant__in=participants)
        .select_related("participant", "esco_skill", "instructor")[:50]
    )
    audit_read(actor=request.user, participant_ids=[p.pk for p in participants])  # the list names them all
    return render(request, "assessments/tryouts.html", {"participants": participants, "recent": recent})


@allow(*TRYOUT_STAFF, scope="site")
def tryout_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = tryout_participant_get_for_user(user=request.user, pk=pk)
    form = TryOutForm(request.POST or None, initial={"tried_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            tryout_record(
                acting_user=request.user, participant=participant, esco_skill=form.cleaned_data["esco_skill"],
                level=form.cleaned_data["level"], tried_on=form.cleaned_data["tried_on"],
                notes=form.cleaned_data["notes"], today=timezone.localdate(),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Try-out recorded."))
            return redirect("assessments:tryout_create", pk=participant.pk)
    context = {"participant": participant, "form": form, "tryouts": tryout_list(participant=participant),
               "esco_credit": ESCO_CREDIT}
    return render(request, "assessments/tryout_form.html", context,
                  status=400 if request.method == "POST" else 200)
