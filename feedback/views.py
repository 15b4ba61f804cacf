from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_http_methods, require_safe

from accounts.forms import form_add_service_errors
from accounts.models import Role
from accounts.policy import AuthenticatedRequest, allow, public
from feedback import services
from feedback.forms import SurveyForm
from feedback.models import SurveyToken
from feedback.questions import QUESTIONS
from feedback.selectors import MIN_ANSWERS, survey_key_figures, survey_summary
from languages.purposes import PARTICIPANT_LANGUAGES, Purpose, language_for
from scheduling.access import session_get_for_instructor


@require_http_methods(["GET", "POST"])
@allow(Role.MANAGER, Role.INSTRUCTOR, scope="own")
def session_links(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The session's survey links: how many were answered; POST prints a fresh sheet of links."""
    session = session_get_for_instructor(user=request.user, pk=pk)
    issued = []
    if request.method == "POST":
        issued = [
            (link.enrolment, request.build_absolute_uri(reverse("feedback:answer", kwargs={"token": link.token})))
            for link in services.survey_links_issue(acting_user=request.user, session=session)
        ]
    tokens = SurveyToken.objects.filter(enrolment__session=session)
    context = {
        "session": session,
        "issued": issued,
        "enrolled": session.enrolments.count(),
        "links": tokens.count(),
        "answered": tokens.filter(used=True).count(),
    }
    return render(request, "feedback/session_links.html", context)


def _survey_language(*, asked: str, spoken: list[str], fallback: str) -> str:
    """?lang= if offered, else the first language the participant speaks that we have, else the
    language of instruction (the one survey rule: `languages.purposes`)."""
    return language_for(Purpose.SURVEY, [asked, *spoken, fallback])


def _other_languages(*, current: str, spoken: list[str], fallback: str) -> list[tuple[str, str]]:
    """(code, name in that language) the survey can switch to: the person's languages, then German, English."""
    offered = [language_for(Purpose.SURVEY, [code]) for code in [*spoken, fallback] if code]
    return [
        (code, PARTICIPANT_LANGUAGES[code])
        for code in dict.fromkeys([*offered, "de", "en"])
        if code != current
    ]


@require_http_methods(["GET", "POST"])
@public
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The survey behind a one-time link, in the participant's language; no account needed."""
    link = services.survey_token_get(token=token)
    participant = link.enrolment.participant
    language = _survey_language(
        asked=request.GET.get("lang", ""), spoken=list(participant.languages), fallback=participant.instruction_language
    )
    others = _other_languages(
        current=language, spoken=list(participant.languages), fallback=participant.instruction_language
    )
    with translation.override(language):
        response = _answer_page(request, link=link, token=token, other_languages=others)
    response["Cache-Control"] = "no-store"
    return response


def _answer_page(
    request: HttpRequest, *, link: SurveyToken, token: str, other_languages: list[tuple[str, str]]
) -> HttpResponse:
    if link.used:
        return render(request, "feedback/answer_done.html", {"already": True}, status=410)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_answer(token=token, ratings=form.cleaned_data, today=timezone.localdate())
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return render(request, "feedback/answer_done.html", {"already": False})
    context = {"form": form, "module": link.enrolment.session.module, "other_languages": other_languages}
    return render(request, "feedback/answer.html", context, status=400 if form.errors else 200)


@require_safe
@allow(Role.MANAGER, personal_data=False)
def summary(request: AuthenticatedRequest) -> HttpResponse:
    """Satisfaction per module and instructor; groups under five answers are not shown."""
    context = {"overall": survey_key_figures(), **survey_summary(), "min_answers": MIN_ANSWERS,
               "questions": QUESTIONS}
    return render(request, "feedback/summary.html", context)
