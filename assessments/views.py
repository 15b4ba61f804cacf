from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.policy import AuthenticatedRequest, allow
from assessments.forms import AssessmentForm, SkillFormSet, WorkFormSet
from assessments.services import assessment_create
from participants.access import participant_get_for_user


@allow(Role.MANAGER, Role.COUNSELLOR, scope="site")
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
            assessed_on=form.cleaned_data["assessed_on"],
            notes=form.cleaned_data["notes"],
            work_history=[f.cleaned_data for f in work_formset if f.cleaned_data],  # type: ignore[misc]
            skills=[f.cleaned_data for f in skill_formset if f.cleaned_data],  # type: ignore[misc]
        )
        messages.success(request, _("Assessment saved."))
        return redirect("participants:case_file", pk=participant.pk)
    context = {"participant": participant, "form": form, "work_formset": work_formset, "skill_formset": skill_formset}
    return render(request, "assessments/create.html", context, status=400 if request.method == "POST" else 200)
