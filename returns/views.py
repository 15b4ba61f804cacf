from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.audit import audit_read
from accounts.forms import form_add_service_errors
from accounts.models import Role
from accounts.policy import ALL_STAFF, AuthenticatedRequest, allow, public
from languages.purposes import Purpose, language_for, text_direction
from participants.access import participant_get_for_user
from participants.models import ConsentPurpose
from returns import scoring, services
from returns.access import can_edit_organisations, follow_up_get_for_user, handover_get_for_user
from returns.forms import (
    DepartureForm,
    FollowUpLinkForm,
    HandoverForm,
    HandoverResponseForm,
    OrganisationForm,
    ReturnForm,
    StaffSurveyForm,
    SurveyForm,
)
from returns.labels import labels_for
from returns.models import FollowUpChannel, HandoverState, Organisation, Return
from returns.pdf import handover_pdf
from returns.schema import SCHEMA_PATH
from returns.selectors import (
    consent_is_active,
    follow_up_due_list,
    follow_up_get_by_token,
    handover_get_by_token,
    handover_package,
    modules_at_risk,
    organisation_list,
)
from returns.survey import survey_questions
from scheduling.replan import replan_proposal_for_user

STAFF = (Role.MANAGER, Role.COUNSELLOR)
RETURN_FIELDS = (
    "status", "status_date", "actual_departure", "reason", "return_programme", "travel_support",
    "destination_region", "referral_source",
)


# --- return and departure -----------------------------------------------------------------


@allow(*STAFF, scope="site")
def record(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = participant_get_for_user(user=request.user, pk=pk)
    existing = Return.objects.filter(participant=participant).first()
    initial = {"status_date": timezone.localdate()}
    form = ReturnForm(request.POST or None, instance=existing, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.return_record(
                acting_user=request.user, participant=participant, today=timezone.localdate(),
                **{k: form.cleaned_data[k] for k in RETURN_FIELDS},
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Return recorded."))
            return redirect("participants:case_file", pk=pk)
    return render(request, "returns/record.html", {"participant": participant, "form": form},
                  status=400 if form.errors else 200)


@allow(*STAFF, scope="site")
def departure(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Move the planned departure; the modules at risk show as the date is typed (htmx) and after saving."""
    participant = participant_get_for_user(user=request.user, pk=pk)
    today = timezone.localdate()
    if request.htmx and request.method == "GET":
        form = DepartureForm(request.GET)
        risks = (
            modules_at_risk(participant=participant, departure=form.cleaned_data["planned_departure"], today=today)
            if form.is_valid() else []
        )
        return render(request, "returns/_departure_risks.html",
                      {"risks": risks, "day": form.cleaned_data.get("planned_departure") if form.is_valid() else None})
    form = DepartureForm(request.POST or None, initial={"planned_departure": participant.planned_departure},
                         risks_url=request.path)
    saved = False
    if request.method == "POST" and form.is_valid():
        try:
            services.departure_move(acting_user=request.user, participant=participant,
                                    planned_departure=form.cleaned_data["planned_departure"])
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            saved = True
            messages.success(request, _("Planned departure saved."))
    risks = modules_at_risk(participant=participant, departure=participant.planned_departure, today=today)
    # At risk: propose at once what to book, give up and move (scheduling.replan); applied only on confirmation.
    replan = replan_proposal_for_user(user=request.user, participant=participant) if risks and not form.errors else {}
    return render(
        request, "returns/departure.html",
        {"participant": participant, "form": form, "risks": risks, "saved": saved,
         "day": participant.planned_departure, **replan},
        status=400 if form.errors else 200,
    )


# --- organisations ------------------------------------------------------------------------


@allow(*STAFF, personal_data=False)
def organisation_index(request: AuthenticatedRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    return render(request, "returns/organisation_list.html", {
        "organisations": organisation_list(kind=kind if kind in ("counselling", "partner") else ""),
        "kind": kind, "can_edit": can_edit_organisations(request.user),
    })


@allow(Role.MANAGER, personal_data=False)
def organisation_edit(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    organisation = Organisation.objects.filter(pk=pk).first() if pk is not None else None
    if pk is not None and organisation is None:
        return HttpResponse(status=404)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_save(acting_user=request.user, organisation=organisation,
                                       data={k: form.cleaned_data[k] for k in services.ORGANISATION_FIELDS})
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Organisation saved."))
            return redirect("returns:organisation_list")
    return render(request, "returns/organisation_form.html", {"form": form, "organisation": organisation},
                  status=400 if form.errors else 200)


# --- hand-over (staff) --------------------------------------------------------------------


@allow(*STAFF, scope="site")
def handover_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = participant_get_for_user(user=request.user, pk=pk)
    consented = consent_is_active(participant=participant, purpose=ConsentPurpose.PARTNER_SHARING)
    form = HandoverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            handover, token = services.handover_create(
                acting_user=request.user, participant=participant, now=timezone.now(),
                **{k: form.cleaned_data[k] for k in ("organisation", "business_idea", "needs", "contact_preferences")},
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            link = request.build_absolute_uri(reverse("returns:partner", args=[token]))
            return render(request, "returns/handover_created.html",
                          {"participant": participant, "handover": handover, "link": link})
    context = {"participant": participant, "form": form, "consented": consented,
               "refusal": services.ERROR_NO_SHARING_CONSENT}
    status = 200 if consented and not form.errors else (409 if not consented else 400)
    return render(request, "returns/handover_new.html", context, status=status)


def _refused_page(request: HttpRequest, participant_pk: int) -> HttpResponse:
    return render(request, "returns/refused.html",
                  {"message": services.ERROR_NO_SHARING_CONSENT, "participant_pk": participant_pk}, status=409)


def _pdf_response(package: dict[str, object]) -> HttpResponse:
    pdf = handover_pdf(package=package)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{package["reference"]}-{package["language"]}.pdf"'
    return response


def _json_response(package: dict[str, object]) -> HttpResponse:
    response = JsonResponse(package, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{package["reference"]}.json"'
    return response


@require_GET
@allow(*STAFF, scope="site")
def handover_download(request: AuthenticatedRequest, pk: int, form: str) -> HttpResponse:
    handover = handover_get_for_user(user=request.user, pk=pk)
    if form not in ("pdf", "json"):
        return HttpResponse(status=404)
    try:
        services.handover_disclose(handover=handover, acting_user=request.user, form=form, channel="staff")
    except ValidationError:
        return _refused_page(request, handover.participant_id)
    package = handover_package(handover=handover)
    return _pdf_response(package) if form == "pdf" else _json_response(package)


# --- hand-over (partner, no account) ------------------------------------------------------


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    # same-origin, not no-referrer: with no-referrer browsers post forms with "Origin: null",
    # which the CSRF check refuses. The token still never leaves for other sites.
    response["Referrer-Policy"] = "same-origin"
    return response


@public
def partner(request: HttpRequest, token: str) -> HttpResponse:
    """The partner's link: the package (page, ?form=pdf or ?form=json) and accept/decline."""
    handover = handover_get_by_token(token=token, now=timezone.now())
    if handover is None:
        return _no_store(render(request, "returns/partner_gone.html", status=404))
    form_kind = request.GET.get("form", "html")
    if request.method == "GET" and form_kind in ("pdf", "json"):
        services.handover_disclose(handover=handover, acting_user=None, form=form_kind, channel="partner")
        package = handover_package(handover=handover)
        return _no_store(_pdf_response(package) if form_kind == "pdf" else _json_response(package))
    form = HandoverResponseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.handover_respond(handover=handover, accept=form.cleaned_data["decision"] == "accept",
                                      note=form.cleaned_data["note"], now=timezone.now())
        except ValidationError as error:
            form_add_service_errors(form, error)
    elif request.method == "GET":
        services.handover_disclose(handover=handover, acting_user=None, form="html", channel="partner")
    package = handover_package(handover=handover)
    language = package["language"]
    context = {
        "package": package, "handover": handover, "form": form, "labels": labels_for(str(language)),
        "dir": text_direction(str(language)), "language": language,
        "answered": handover.state != HandoverState.PENDING,
    }
    return _no_store(render(request, "returns/partner.html", context, status=400 if form.errors else 200))


@require_GET
@public
def handover_schema(request: HttpRequest) -> HttpResponse:
    """The JSON Schema of the hand-over package (documentation for partners' systems)."""
    return HttpResponse(SCHEMA_PATH.read_bytes(), content_type="application/schema+json")


# --- follow-up (staff) --------------------------------------------------------------------


@require_POST
@allow(*STAFF, scope="site")
def follow_up_baseline(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = participant_get_for_user(user=request.user, pk=pk)
    try:
        services.follow_up_baseline(acting_user=request.user, participant=participant)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("participants:case_file", pk=pk)


@allow(*STAFF, scope="site")
def follow_up_link(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    follow_up = follow_up_get_for_user(user=request.user, pk=pk)
    form = FollowUpLinkForm(request.POST or None, initial={"language": follow_up.language})
    if request.method == "POST" and form.is_valid():
        try:
            token = services.follow_up_link_create(acting_user=request.user, follow_up=follow_up,
                                                   language=form.cleaned_data["language"], now=timezone.now())
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            link = request.build_absolute_uri(reverse("returns:survey", args=[token]))
            return render(request, "returns/follow_up_link.html",
                          {"follow_up": follow_up, "participant": follow_up.participant, "link": link})
    return render(request, "returns/follow_up_link.html",
                  {"follow_up": follow_up, "participant": follow_up.participant, "form": form},
                  status=400 if form.errors else 200)


@allow(*STAFF, scope="site")
def follow_up_record(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Staff record the answers given in a phone call."""
    follow_up = follow_up_get_for_user(user=request.user, pk=pk)
    form = StaffSurveyForm(request.POST or None, initial={"answered_on": timezone.localdate(),
                                                          "channel": FollowUpChannel.PHONE})
    if request.method == "POST" and form.is_valid():
        answers = {question.key: form.cleaned_data[question.key] for question in scoring.QUESTIONS}
        try:
            services.follow_up_answer(follow_up=follow_up, answers=answers, channel=form.cleaned_data["channel"],
                                      answered_on=form.cleaned_data["answered_on"], acting_user=request.user)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Follow-up recorded."))
            return redirect("participants:case_file", pk=follow_up.participant_id)
    return render(request, "returns/follow_up_record.html",
                  {"follow_up": follow_up, "participant": follow_up.participant, "form": form},
                  status=400 if form.errors else 200)


@allow(*STAFF, scope="site")
def due_list(request: AuthenticatedRequest) -> HttpResponse:
    rows = follow_up_due_list(user=request.user, today=timezone.localdate())
    audit_read(actor=request.user, participant_ids=[row.follow_up.participant_id for row in rows])  # names them
    return render(request, "returns/due_list.html", {"rows": rows})


@allow(*ALL_STAFF, personal_data=False)
def method(request: AuthenticatedRequest) -> HttpResponse:
    questions = survey_questions()
    return render(request, "returns/method.html", {
        "questions": [
            {"key": q.key, "dimension": q.dimension, "text": text,
             "answers": [(label, q.value_of(key)) for key, label in choices]}
            for q, text, choices in questions
        ],
        "dimensions": scoring.DIMENSIONS,
    })


# --- follow-up (participant, no account) --------------------------------------------------


@public
def survey(request: HttpRequest, token: str) -> HttpResponse:
    """The participant's survey on their phone, in the language chosen for the link."""
    follow_up = follow_up_get_by_token(token=token, now=timezone.now())
    if follow_up is None:
        return _no_store(render(request, "returns/survey_gone.html", status=404))
    # Links made before the one language rule may name a code without a catalogue (Dari "prs").
    language = language_for(Purpose.SURVEY, [follow_up.language])
    with translation.override(language):
        form = SurveyForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            answers = {question.key: form.cleaned_data[question.key] for question in scoring.QUESTIONS}
            try:
                services.follow_up_answer(follow_up=follow_up, answers=answers, channel=FollowUpChannel.LINK,
                                          answered_on=timezone.localdate())
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                return _no_store(render(request, "returns/survey_thanks.html",
                                        {"language": language, "dir": text_direction(language)}))
        context = {"form": form, "language": language, "dir": text_direction(language),
                   "first_name": follow_up.participant.first_name}
        return _no_store(render(request, "returns/survey.html", context, status=400 if form.errors else 200))
