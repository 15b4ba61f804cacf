"""Portal pages for participants (code + PIN login, their own records) and the counsellor's
side: the invitation handout and the two-languages-side-by-side pages."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

import segno
from django.contrib.auth import login, logout
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import pgettext_lazy
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.decorators.http import require_GET, require_POST

from accounts.audit import audit_record
from accounts.forms import form_add_service_errors
from accounts.models import AuditAction, Role
from accounts.policy import AuthenticatedRequest, allow, public
from certificates.pdf import certificate_pdf
from languages.purposes import PARTICIPANT_LANGUAGES, STAFF_LANGUAGE, Purpose, language_for, text_direction
from participants.access import participant_get_for_user
from participants.models import Participant
from portal import selectors
from portal.access import portal_account_for_user, portal_certificate_get
from portal.forms import LanguageForm, LoginForm, PinSetForm, SelfAssessmentForm
from portal.models import PortalAccount
from portal.questionnaire import CHOICES, QUESTIONS, SCHOOL_CHOICES
from portal.services import (
    code_digest,
    code_format,
    portal_invite,
    portal_language_set,
    portal_login_attempt,
    portal_pin_set,
    self_assessment_submit,
)
from returns.services import follow_up_link_create

ERROR_LOGIN = pgettext_lazy("participant", "The code or the PIN is not right. Please try again.")
ERROR_LOCKED = pgettext_lazy(
    "participant", "Too many wrong PINs: the login is locked. Your counsellor can give you a new code."
)

#: session keys: the account that is choosing its PIN, and the language chosen before login
_PENDING_KEY = "portal_pending_account"
_LANGUAGE_KEY = "portal_language"
_LANGUAGE_PARAM = "language"

CASE_STAFF = (Role.MANAGER, Role.COUNSELLOR)


def _anonymous_language(request: HttpRequest, account: PortalAccount | None = None) -> str:
    """Before login completes: the language chosen in the switcher (or carried by the
    invitation's link), else the invited participant's own once the code told us who it is,
    else the browser's. A phone set to German must not show a Dari reader German pages."""
    asked = request.GET.get(_LANGUAGE_PARAM, "")
    if asked in PARTICIPANT_LANGUAGES:
        request.session[_LANGUAGE_KEY] = asked
        return asked
    chosen = request.session.get(_LANGUAGE_KEY)
    if chosen in PARTICIPANT_LANGUAGES:
        return str(chosen)
    if account is not None:
        return account.language
    header = request.headers.get("Accept-Language", "")
    codes = [code.split("-")[0] for code, _quality in parse_accept_lang_header(header)]
    return language_for(Purpose.PORTAL, codes)


def _page(request: HttpRequest, template: str, context: dict[str, Any], *, language: str, status: int = 200,
          account: PortalAccount | None = None) -> HttpResponse:
    """Render a portal page in the participant's language; `dir` follows the script."""
    with translation.override(language):
        context = {
            **context,
            "portal_language": language,
            "portal_dir": text_direction(language),
            "portal_languages": PARTICIPANT_LANGUAGES,
            "account": account,
        }
        response = render(request, template, context, status=status)
    response["Content-Language"] = language
    return response


ParticipantView = Callable[..., HttpResponse]


def participant_page(view: ParticipantView) -> ParticipantView:
    """Only logged-in participants, each only on their own account (404 otherwise)."""

    @wraps(view)
    def wrapper(request: AuthenticatedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        account = portal_account_for_user(user=request.user)
        return view(request, account, *args, **kwargs)

    return allow(Role.PARTICIPANT, scope="own")(wrapper)


# --- logging in ---------------------------------------------------------------------------


@public
def login_view(request: HttpRequest) -> HttpResponse:
    language = _anonymous_language(request)
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        account = (
            PortalAccount.objects.select_related("user")
            .filter(code_digest=code_digest(form.cleaned_data["code"]))
            .first()
        )
        pin = form.cleaned_data["pin"]
        if account is not None and account.is_locked:
            form.add_error(None, ERROR_LOCKED)
        elif account is not None and not account.has_pin and account.user.is_active:
            request.session[_PENDING_KEY] = account.pk
            return redirect("portal:set_pin")
        elif account is not None and portal_login_attempt(account=account, pin=pin):
            return _log_in(request, account)
        else:
            account = account and PortalAccount.objects.get(pk=account.pk)
            form.add_error(None, ERROR_LOCKED if account is not None and account.is_locked else ERROR_LOGIN)
    return _page(request, "portal/login.html", {"form": form}, language=language,
                 status=400 if form.errors else 200)


def _log_in(request: HttpRequest, account: PortalAccount) -> HttpResponse:
    chosen = request.session.get(_LANGUAGE_KEY)
    login(request, account.user, backend="django.contrib.auth.backends.ModelBackend")
    if chosen in PARTICIPANT_LANGUAGES and chosen != account.language:
        portal_language_set(account=account, language=str(chosen))
    audit_record(actor=account.user, action=AuditAction.PORTAL_LOGIN, target=account,
                 participant_id=account.participant_id)
    return redirect("portal:home")


@public
def set_pin(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(_PENDING_KEY)
    account = PortalAccount.objects.select_related("user").filter(pk=pending).first() if pending else None
    if account is None or account.has_pin or account.is_locked:
        return redirect("portal:login")
    language = _anonymous_language(request, account)
    form = PinSetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account = portal_pin_set(account=account, pin=form.cleaned_data["pin"])
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            request.session.pop(_PENDING_KEY, None)
            return _log_in(request, account)
    return _page(request, "portal/set_pin.html", {"form": form}, language=language,
                 status=400 if form.errors else 200)


@public
@require_POST
def language(request: HttpRequest) -> HttpResponse:
    """The language switcher: remembered in the session, and on the account once logged in."""
    form = LanguageForm(request.POST)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) or not target.startswith(
        "/portal/"
    ):
        target = reverse("portal:login")
    if form.is_valid():
        chosen = form.cleaned_data["language"]
        request.session[_LANGUAGE_KEY] = chosen
        account = getattr(request.user, "portal_account", None) if request.user.is_authenticated else None
        if isinstance(account, PortalAccount):
            portal_language_set(account=account, language=chosen)
    return redirect(target)


@public
@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    chosen = request.session.get(_LANGUAGE_KEY)
    logout(request)
    if chosen:
        request.session[_LANGUAGE_KEY] = chosen
    return redirect("portal:login")


# --- the participant's own pages ----------------------------------------------------------


def _participant_context(account: PortalAccount) -> dict[str, Any]:
    participant = account.participant
    return {"participant": participant, "site": participant.site, "counsellor": participant.counsellor}


@require_GET
@participant_page
def home(request: AuthenticatedRequest, account: PortalAccount) -> HttpResponse:
    participant = account.participant
    today = timezone.localdate()
    plan, items = selectors.portal_plan(participant=participant)
    overview = selectors.portal_return_overview(participant=participant)
    context = {
        **_participant_context(account),
        "plan": plan,
        "next_meeting": selectors.portal_timetable(participant=participant, today=today).first(),
        "return_status": selectors.portal_return_status(participant=participant),
        "return_overview": overview,
        "open_follow_ups": {f.pk for f in overview.follow_ups_due if selectors.follow_up_is_open(f, today)},
        "self_assessment": selectors.portal_self_assessment_latest(account=account),
        "certificate_count": selectors.portal_certificates(participant=participant).count(),
    }
    return _page(request, "portal/home.html", context, language=account.language, account=account)


@require_GET
@participant_page
def plan(request: AuthenticatedRequest, account: PortalAccount) -> HttpResponse:
    agreed, items = selectors.portal_plan(participant=account.participant)
    context = {**_participant_context(account), "plan": agreed, "items": items}
    return _page(request, "portal/plan.html", context, language=account.language, account=account)


@require_GET
@participant_page
def timetable(request: AuthenticatedRequest, account: PortalAccount) -> HttpResponse:
    today = timezone.localdate()
    context = {
        **_participant_context(account),
        "meetings": list(selectors.portal_timetable(participant=account.participant, today=today)[:60]),
        "past": selectors.portal_timetable_past(participant=account.participant, today=today),
    }
    return _page(request, "portal/timetable.html", context, language=account.language, account=account)


@require_GET
@participant_page
def attendance(request: AuthenticatedRequest, account: PortalAccount) -> HttpResponse:
    context = {**_participant_context(account), "summary": selectors.portal_attendance(participant=account.participant)}
    return _page(request, "portal/attendance.html", context, language=account.language, account=account)


@require_GET
@participant_page
def documents(request: AuthenticatedRequest, account: PortalAccount) -> HttpResponse:
    context = {
        **_participant_context(account),
        "certificates": selectors.portal_certificates(participant=account.participant),
    }
    return _page(request, "portal/documents.html", context, language=account.language, account=account)


def _attachment(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    return HttpResponse(content, content_type=content_type, headers={
        "Content-Disposition": content_disposition_header(as_attachment=True, filename=filename),
    })


@require_GET
@participant_page
def certificate_pdf_download(request: AuthenticatedRequest, account: PortalAccount, pk: int) -> HttpResponse:
    certificate = portal_certificate_get(account=account, pk=pk)
    pdf = certificate_pdf(certificate=certificate)
    audit_record(actor=request.user, action=AuditAction.CERTIFICATE_DOWNLOAD, target=certificate,
                 participant_id=certificate.participant_id)
    return _attachment(pdf, content_type="application/pdf", filename=f"{certificate.number}.pdf")


@require_GET
@participant_page
def certificate_credential(request: AuthenticatedRequest, account: PortalAccount, pk: int) -> HttpResponse:
    certificate = portal_certificate_get(account=account, pk=pk)
    audit_record(actor=request.user, action=AuditAction.CERTIFICATE_DOWNLOAD_CREDENTIAL, target=certificate,
                 participant_id=certificate.participant_id)
    body = json.dumps(certificate.credential, ensure_ascii=False, indent=2).encode()
    return _attachment(body, content_type="application/ld+json; charset=utf-8", filename=f"{certificate.number}.json")


@require_GET
@participant_page
def contact(request: AuthenticatedRequest, account: PortalAccount) -> HttpResponse:
    return _page(request, "portal/contact.html", _participant_context(account), language=account.language,
                 account=account)


@require_POST
@participant_page
def follow_up_open(request: AuthenticatedRequest, account: PortalAccount, pk: int) -> HttpResponse:
    """Open one of the participant's own due follow-up questionnaires: a fresh personal link
    (the returns app's rule: consent active, not yet answered), then straight to the survey."""
    follow_up = selectors.portal_follow_up_answerable(
        participant=account.participant, pk=pk, today=timezone.localdate()
    )
    if follow_up is None:
        raise Http404
    try:
        token = follow_up_link_create(
            acting_user=request.user, follow_up=follow_up, language=account.language, now=timezone.now()
        )
    except ValidationError:
        raise Http404 from None
    return redirect("returns:survey", token=token)


def _questionnaire_rows(form: SelfAssessmentForm | None, answers: dict[str, int]) -> list[dict[str, Any]]:
    rows = []
    for question in QUESTIONS:
        rows.append({
            "key": question.key, "text": question.text, "pictogram": question.pictogram,
            "choices": CHOICES, "answer": answers.get(question.key),
            "errors": form.errors.get(question.key) if form is not None else None,
        })
    return rows


def _answers_from(form: SelfAssessmentForm) -> dict[str, int]:
    """What was ticked (also on a form with errors, so nothing typed is lost)."""
    answers = {}
    for key in [question.key for question in QUESTIONS] + ["school"]:
        value = form.data.get(key, "")
        if str(value).isdigit():
            answers[key] = int(value)
    return answers


@participant_page
def self_assessment(request: AuthenticatedRequest, account: PortalAccount) -> HttpResponse:
    form = SelfAssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        answers = {question.key: form.cleaned_data[question.key] for question in QUESTIONS}
        try:
            self_assessment_submit(account=account, answers=answers, school=form.cleaned_data["school"],
                                   today=timezone.localdate())
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return redirect(reverse("portal:self_assessment") + "?saved=1")
    answers = _answers_from(form) if form.is_bound else {}
    context = {
        **_participant_context(account),
        "form": form, "rows": _questionnaire_rows(form, answers), "school_choices": SCHOOL_CHOICES,
        "school_answer": answers.get("school"), "school_errors": form.errors.get("school"), "interactive": True,
        "saved": request.GET.get("saved") == "1",
        "latest": selectors.portal_self_assessment_latest(account=account),
    }
    return _page(request, "portal/self_assessment.html", context, language=account.language, account=account,
                 status=400 if form.errors else 200)


# --- the counsellor's side ----------------------------------------------------------------


def _reading_language(request: HttpRequest, participant: Participant) -> str:
    """The participant's language for the side-by-side pages (?language= may choose another)."""
    asked = request.GET.get(_LANGUAGE_PARAM, "")
    if asked in PARTICIPANT_LANGUAGES:
        return asked
    account = PortalAccount.objects.filter(participant=participant).first()
    if account is not None:
        return account.language
    return language_for(Purpose.PORTAL, [*participant.languages, participant.instruction_language])


def _side_by_side(template: str, context: dict[str, Any], language: str) -> list[dict[str, Any]]:
    """The same fragment twice: in the participant's language and in German."""
    columns = []
    for code in (language, STAFF_LANGUAGE):
        with translation.override(code):
            html = render_to_string(template, {**context, "interactive": False})
        columns.append({"language": code, "name": PARTICIPANT_LANGUAGES[code], "dir": text_direction(code),
                        "html": html})
    return columns


@require_POST
@allow(*CASE_STAFF, scope="site")
def invitation_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A new code for the participant (first invitation or PIN reset), shown once on a handout."""
    participant = participant_get_for_user(user=request.user, pk=pk)
    account, code = portal_invite(participant=participant, acting_user=request.user)
    login_url = request.build_absolute_uri(reverse("portal:login"))
    # The link opens the login page in the participant's language, whatever the phone is set to.
    qr = segno.make(f"{login_url}?{_LANGUAGE_PARAM}={account.language}#code={code}", error="m")
    context = {
        "participant": participant, "code": code_format(code), "login_url": login_url,
        "qr": qr.svg_data_uri(scale=5, dark="#000", light="#fff"),
        "site": participant.site, "counsellor": participant.counsellor,
    }
    columns = _side_by_side("portal/_handout_fragment.html", context, account.language)
    return render(request, "portal/handout.html", {**context, "columns": columns, "account": account})


@require_GET
@allow(*CASE_STAFF, scope="site")
def plan_agreement(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = participant_get_for_user(user=request.user, pk=pk)
    language = _reading_language(request, participant)
    agreed, items = selectors.portal_plan(participant=participant)
    draft = participant.plans.filter(status="draft").first()
    shown = draft or agreed
    shown_items = list(
        shown.items.select_related("module", "module__trade")
        .prefetch_related("module__translations", "module__trade__translations").order_by("position")
    ) if shown else []
    context = {"participant": participant, "plan": shown, "items": shown_items, "site": participant.site}
    return render(request, "portal/side_by_side.html", {
        "participant": participant, "language": language, "portal_languages": PARTICIPANT_LANGUAGES,
        "columns": _side_by_side("portal/_plan_fragment.html", context, language),
        "kind": "plan",
    })


@require_GET
@allow(*CASE_STAFF, scope="site")
def questionnaire(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = participant_get_for_user(user=request.user, pk=pk)
    language = _reading_language(request, participant)
    context = {"rows": _questionnaire_rows(None, {}), "school_choices": SCHOOL_CHOICES, "school_answer": None}
    return render(request, "portal/side_by_side.html", {
        "participant": participant, "language": language, "portal_languages": PARTICIPANT_LANGUAGES,
        "columns": _side_by_side("portal/_questionnaire_fragment.html", context, language),
        "kind": "questionnaire",
    })
