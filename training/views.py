from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.policy import AuthenticatedRequest, allow
from scheduling.access import session_get_for_instructor
from scheduling.models import Meeting
from training import services
from training.models import Attendance, AttendanceStatus, Outcome


@allow(Role.MANAGER, Role.INSTRUCTOR, scope="own")
def attendance(request: AuthenticatedRequest, meeting_pk: int) -> HttpResponse:
    try:
        meeting = Meeting.objects.get(pk=meeting_pk)
    except Meeting.DoesNotExist as exc:
        raise Http404 from exc
    session = session_get_for_instructor(user=request.user, pk=meeting.session_id)
    enrolments = list(session.enrolments.select_related("participant").order_by("participant__last_name"))
    current = dict(Attendance.objects.filter(meeting=meeting).values_list("enrolment_id", "status"))
    error = None
    if request.method == "POST":
        statuses = {
            e.pk: request.POST.get(f"status-{e.pk}", "")
            for e in enrolments
            if request.POST.get(f"status-{e.pk}", "") in AttendanceStatus.values
        }
        try:
            services.attendance_record(
                acting_user=request.user, meeting=meeting, statuses=statuses, today=timezone.localdate()
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
            current.update(statuses)
        else:
            messages.success(request, _("Attendance saved."))
            return redirect("scheduling:session_detail", pk=session.pk)
    rows = [{"enrolment": e, "status": current.get(e.pk, "")} for e in enrolments]
    context = {
        "meeting": meeting,
        "session": session,
        "rows": rows,
        "statuses": AttendanceStatus.choices,
        "error": error,
    }
    return render(request, "training/attendance.html", context, status=400 if error else 200)


@allow(Role.MANAGER, Role.INSTRUCTOR, scope="own")
def results(request: AuthenticatedRequest, session_pk: int) -> HttpResponse:
    session = session_get_for_instructor(user=request.user, pk=session_pk)
    enrolments = list(session.enrolments.select_related("participant", "result").order_by("participant__last_name"))
    if request.method == "POST":
        outcomes = {
            e.pk: request.POST[f"outcome-{e.pk}"]
            for e in enrolments
            if request.POST.get(f"outcome-{e.pk}") in Outcome.values
        }
        services.result_record(
            acting_user=request.user, session=session, outcomes=outcomes, recorded_on=timezone.localdate()
        )
        messages.success(request, _("Results saved."))
        return redirect("scheduling:session_detail", pk=session.pk)
    rows = [{"enrolment": e, "outcome": getattr(getattr(e, "result", None), "outcome", "")} for e in enrolments]
    return render(request, "training/results.html", {"session": session, "rows": rows, "outcomes": Outcome.choices})
