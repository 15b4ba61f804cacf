from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.audit import audit_read
from accounts.forms import form_add_service_errors
from accounts.models import Role, Site
from accounts.policy import AuthenticatedRequest, allow
from participants.access import participant_get_for_user, participant_queryset_for_user
from participants.models import Participant
from scheduling import services
from scheduling.access import (
    can_record_attendance,
    schedule_run_get_for_user,
    sees_every_site,
    sees_own_site_participants_only,
    session_get_for_user,
    site_get_for_user,
)
from scheduling.closures import site_closed_days
from scheduling.forms import (
    EarliestStartForm,
    MeetingChangeForm,
    PinForm,
    PlanningForm,
    ScheduleRunForm,
    SessionForm,
)
from scheduling.models import Pin, RunStatus, SchedulingProfile, Session
from scheduling.planning import session_planning_proposals
from scheduling.replan import replan_proposal_for_user
from scheduling.selectors import (
    OPTIONS_PER_MODULE,
    occupancy_for_site,
    pin_list_for_participant,
    pin_session_choices,
    plan_risk_queryset_at_risk,
    plan_risk_rows,
    schedule_run_list,
    schedule_run_proposal,
    session_list_page,
    session_options_for_participant,
    timeline_for_participant,
)


@allow(
    Role.MANAGER, Role.COUNSELLOR, Role.INSTRUCTOR, scope="own", personal_data=False, scoped_roles=(Role.INSTRUCTOR,)
)
def session_list(request: AuthenticatedRequest) -> HttpResponse:
    show_past = request.GET.get("past") == "1"
    # 50 a page: a large programme has tens of thousands of sessions (rendering all took a minute)
    page = session_list_page(user=request.user, from_date=None if show_past else timezone.localdate(),
                             page=request.GET.get("page"))
    return render(request, "scheduling/session_list.html",
                  {"sessions": page.object_list, "page": page, "show_past": show_past})


@allow(Role.MANAGER, Role.COUNSELLOR, Role.INSTRUCTOR, scope="own", scoped_roles=(Role.INSTRUCTOR,))
def session_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = session_get_for_user(user=request.user, pk=pk)
    enrolments = session.enrolments.select_related("participant", "result").order_by("participant__last_name")
    # Counsellors see names only of their own site's participants; the rest as a count.
    if sees_own_site_participants_only(request.user):
        visible = set(participant_queryset_for_user(user=request.user).values_list("pk", flat=True))
    else:
        visible = None
    rows = [e for e in enrolments if visible is None or e.participant_id in visible]
    meetings = list(session.meetings.all())
    closed = site_closed_days(site=session.site, start=session.starts_on, end=session.ends_on)
    context = {
        "session": session,
        "meetings": meetings,
        "closed_days": list(closed.items()),
        "enrolments": rows,
        "hidden_count": len(enrolments) - len(rows),
        "seats_taken": len(enrolments),
        "can_record": can_record_attendance(request.user, session),
        "today": timezone.localdate(),
    }
    return render(request, "scheduling/session_detail.html", context)


@allow(Role.MANAGER, personal_data=False)
def session_create(request: AuthenticatedRequest) -> HttpResponse:
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Session created."))
            return redirect("scheduling:session_detail", pk=session.pk)
    return render(request, "scheduling/session_form.html", {"form": form}, status=400 if form.errors else 200)


@allow(Role.MANAGER, Role.COUNSELLOR, scope="site")
def enrol(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = participant_get_for_user(user=request.user, pk=pk)
    options = session_options_for_participant(participant=participant, today=timezone.localdate())
    return render(request, "scheduling/enrol.html",
                  {"participant": participant, "options": options, "per_module": OPTIONS_PER_MODULE})


@require_POST
@allow(Role.MANAGER, Role.COUNSELLOR, scope="site")
def enrol_confirm(request: AuthenticatedRequest, pk: int, session_pk: int) -> HttpResponse:
    participant = participant_get_for_user(user=request.user, pk=pk)
    session = get_object_or_404(Session, pk=session_pk)
    try:
        services.session_enrol(acting_user=request.user, session=session, participant=participant)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("scheduling:enrol", pk=pk)
    messages.success(request, _("Enrolled in %(session)s.") % {"session": session})
    return redirect("participants:case_file", pk=pk)


# --- the optimiser: runs, proposals, plans at risk, pictures -----------------------------------


@allow(Role.MANAGER, personal_data=False)
def run_list(request: AuthenticatedRequest) -> HttpResponse:
    form = ScheduleRunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        run = services.schedule_run_start(acting_user=request.user, time_limit=form.cleaned_data["time_limit"])
        messages.success(request, _("The optimiser has started."))
        return redirect("scheduling:run_detail", pk=run.pk)
    runs = schedule_run_list()[:20]
    return render(request, "scheduling/run_list.html", {"form": form, "runs": runs},
                  status=400 if form.errors else 200)


@allow(Role.MANAGER)
def run_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    run = schedule_run_get_for_user(user=request.user, pk=pk)
    context: dict[str, object] = {"run": run}
    if run.status in (RunStatus.FINISHED, RunStatus.APPLIED, RunStatus.DISCARDED):
        context.update(schedule_run_proposal(run=run))
    return render(request, "scheduling/run_detail.html", context)


@allow(Role.MANAGER, personal_data=False)
def run_progress(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    run = schedule_run_get_for_user(user=request.user, pk=pk)
    response = render(request, "scheduling/_run_progress.html", {"run": run})
    if not run.is_active and request.GET.get("polling") == "1":
        response["HX-Refresh"] = "true"  # show the proposal once the run is done
    return response


@require_POST
@allow(Role.MANAGER)
def run_apply(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    run = schedule_run_get_for_user(user=request.user, pk=pk)
    try:
        count = services.schedule_run_apply(acting_user=request.user, run=run)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(count)s enrolments made.") % {"count": count})
    return redirect("scheduling:run_detail", pk=run.pk)


@require_POST
@allow(Role.MANAGER)
def run_discard(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    run = schedule_run_get_for_user(user=request.user, pk=pk)
    try:
        services.schedule_run_discard(acting_user=request.user, run=run)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Proposal discarded."))
    return redirect("scheduling:run_detail", pk=run.pk)


@allow(Role.MANAGER, Role.COUNSELLOR, scope="site")
def at_risk(request: AuthenticatedRequest) -> HttpResponse:
    # The stored verdicts (scheduling.risk), a page at a time: instant at 100,000 participants.
    page = Paginator(plan_risk_queryset_at_risk(user=request.user, today=timezone.localdate()), 100).get_page(
        request.GET.get("page")
    )
    rows = plan_risk_rows(page.object_list)
    audit_read(actor=request.user, participant_ids=[row.participant.pk for row in rows])  # the list names them
    if sees_every_site(request.user):
        sites = Site.objects.all()
    elif request.user.site_id is not None:
        sites = Site.objects.filter(pk=request.user.site_id)
    else:
        sites = Site.objects.none()
    return render(request, "scheduling/at_risk.html", {"rows": rows, "sites": sites, "page": page})


@allow(Role.MANAGER, Role.COUNSELLOR, scope="site")
def timeline(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = participant_get_for_user(user=request.user, pk=pk)
    picture = timeline_for_participant(participant=participant, today=timezone.localdate())
    return render(request, "scheduling/timeline.html", {"participant": participant, "timeline": picture})


@allow(Role.MANAGER, Role.COUNSELLOR, scope="site", personal_data=False)
def occupancy(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    site = site_get_for_user(user=request.user, pk=pk)
    mondays, rows = occupancy_for_site(site=site, week_of=timezone.localdate())
    return render(request, "scheduling/occupancy.html", {"site": site, "mondays": mondays, "rows": rows})


# --- session planning and what the optimiser must respect --------------------------------------


@allow(Role.MANAGER)
def planning(request: AuthenticatedRequest) -> HttpResponse:
    """Proposals for extra sessions (computed on request: GET with `weeks` and `limit`)."""
    form = PlanningForm(request.GET if "weeks" in request.GET else None)
    proposals = None
    if form.is_bound and form.is_valid():
        proposals = session_planning_proposals(
            today=timezone.localdate(), weeks=form.cleaned_data["weeks"], limit=form.cleaned_data["limit"]
        )
    return render(request, "scheduling/planning.html", {"form": form, "proposals": proposals},
                  status=400 if form.errors else 200)


def _constraints_page(request: AuthenticatedRequest, participant: Participant, *,
                      earliest_form: EarliestStartForm | None = None, pin_form: PinForm | None = None,
                      status: int = 200) -> HttpResponse:
    today = timezone.localdate()
    profile = SchedulingProfile.objects.filter(participant=participant).first()
    context = {
        "participant": participant,
        "earliest_form": earliest_form or EarliestStartForm(
            initial={"earliest_start": profile.earliest_start if profile else None}
        ),
        "pin_form": pin_form or PinForm(sessions=pin_session_choices(participant=participant, today=today)),
        "pins": pin_list_for_participant(participant=participant),
    }
    return render(request, "scheduling/constraints.html", context, status=status)


@allow(Role.MANAGER, Role.COUNSELLOR, scope="site")
def constraints(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Earliest start and pins: what the optimiser must respect for this participant."""
    participant = participant_get_for_user(user=request.user, pk=pk)
    if request.method != "POST":
        return _constraints_page(request, participant)
    form = EarliestStartForm(request.POST)
    if form.is_valid():
        try:
            services.scheduling_profile_set_earliest_start(
                acting_user=request.user, participant=participant, earliest_start=form.cleaned_data["earliest_start"]
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Earliest start saved."))
            return redirect("scheduling:constraints", pk=participant.pk)
    return _constraints_page(request, participant, earliest_form=form, status=400)


@require_POST
@allow(Role.MANAGER, Role.COUNSELLOR, scope="site")
def pin_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = participant_get_for_user(user=request.user, pk=pk)
    form = PinForm(request.POST, sessions=pin_session_choices(participant=participant, today=timezone.localdate()))
    if form.is_valid():
        try:
            services.pin_create(acting_user=request.user, participant=participant, session=form.cleaned_data["session"])
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Pinned: the optimiser keeps this session."))
            return redirect("scheduling:constraints", pk=participant.pk)
    return _constraints_page(request, participant, pin_form=form, status=400)


@require_POST
@allow(Role.MANAGER, Role.COUNSELLOR, scope="site")
def pin_delete(request: AuthenticatedRequest, pk: int, pin_pk: int) -> HttpResponse:
    participant = participant_get_for_user(user=request.user, pk=pk)
    pin = get_object_or_404(Pin, pk=pin_pk, participant=participant)
    services.pin_delete(acting_user=request.user, pin=pin)
    messages.success(request, _("Pin removed."))
    return redirect("scheduling:constraints", pk=participant.pk)


@allow(Role.MANAGER, personal_data=False)
def meeting_change(request: AuthenticatedRequest, pk: int, meeting_pk: int) -> HttpResponse:
    """Move or cancel one coming meeting; enrolled participants who agreed to messages are told."""
    session = session_get_for_user(user=request.user, pk=pk)
    meeting = get_object_or_404(session.meetings, pk=meeting_pk)
    initial = {"date": meeting.date, "starts_at": meeting.starts_at, "ends_at": meeting.ends_at}
    form = MeetingChangeForm(request.POST or None, initial=initial)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "cancel":
                services.meeting_cancel(acting_user=request.user, meeting=meeting)
                messages.success(request, _("Meeting cancelled."))
                return redirect("scheduling:session_detail", pk=pk)
            if form.is_valid():
                services.meeting_move(acting_user=request.user, meeting=meeting, **form.cleaned_data)
                messages.success(request, _("Meeting moved."))
                return redirect("scheduling:session_detail", pk=pk)
        except ValidationError as error:
            form_add_service_errors(form, error)
    return render(request, "scheduling/meeting_change.html", {"session": session, "meeting": meeting, "form": form})


# --- re-planning one person after the departure moved ------------------------------------------

ERROR_REPLAN_OTHER_SITE = _("This proposal moves participants of another site: a manager must confirm it.")


@allow(Role.MANAGER, Role.COUNSELLOR, scope="site")
def replan(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """GET: the proposal for this person; POST: apply the one the counsellor confirmed."""
    participant = participant_get_for_user(user=request.user, pk=pk)
    if request.method == "POST":
        token = request.POST.get("proposal", "")
        try:
            data_moves = services.replan_moved(token=token)
            visible = set(participant_queryset_for_user(user=request.user).filter(pk__in=data_moves)
                          .values_list("pk", flat=True))
            if set(data_moves) - visible:
                raise ValidationError(ERROR_REPLAN_OTHER_SITE)
            made = services.replan_apply(acting_user=request.user, participant=participant, token=token)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("Re-planning applied: %(count)s enrolments made.") % {"count": made})
            return redirect("participants:case_file", pk=participant.pk)
    context = {"participant": participant, **replan_proposal_for_user(user=request.user, participant=participant)}
    return render(request, "scheduling/replan.html", context, status=400 if request.method == "POST" else 200)
