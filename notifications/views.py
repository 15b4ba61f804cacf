"""Pages: the case file's message channels (staff), the staff's own settings and calendar
link, the participant's calendar link (portal), the unsubscribe link and the feeds (public,
by token)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.forms import form_add_service_errors
from accounts.models import Role
from accounts.policy import AuthenticatedRequest, allow, public
from languages.purposes import PARTICIPANT_LANGUAGES, text_direction
from notifications import access, calendar, selectors, services
from notifications.forms import (
    ERROR_PARTICIPANT_ADDRESS,
    PARTICIPANT_CHANNEL_NAMES,
    ChannelConsentForm,
    ParticipantEmailForm,
    StaffLanguageForm,
)
from notifications.models import Channel
from portal.access import portal_account_for_user

CASE_STAFF = (Role.MANAGER, Role.COUNSELLOR)


def _feed_url(request: HttpRequest, token: str) -> str:
    return services.absolute(reverse("notifications:feed", kwargs={"token": token}))


# --- staff: a participant's channels ------------------------------------------------------


@require_http_methods(["GET", "POST"])
@allow(*CASE_STAFF, scope="site")
def participant_channels(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = access.participant_for_channels(user=request.user, pk=pk)
    form = ChannelConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.channel_consent_give(acting_user=request.user, participant=participant, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Consent to messages recorded."))
            return redirect("notifications:participant_channels", pk=pk)
    context = {
        "participant": participant, "form": form,
        "consents": selectors.channel_consent_list(participant=participant),
        "deliveries": selectors.delivery_list(participant=participant),
    }
    return render(request, "notifications/participant_channels.html", context)


@require_POST
@allow(*CASE_STAFF, scope="site")
def channel_withdraw(request: AuthenticatedRequest, pk: int, consent_pk: int) -> HttpResponse:
    participant = access.participant_for_channels(user=request.user, pk=pk)
    consent = access.channel_consent_get_for_user(user=request.user, participant=participant, pk=consent_pk)
    services.channel_consent_withdraw(acting_user=request.user, consent=consent)
    messages.success(request, _("Consent to messages withdrawn."))
    return redirect("notifications:participant_channels", pk=pk)


# --- staff: own settings and calendar -----------------------------------------------------


@require_http_methods(["GET", "POST"])
@allow(Role.INSTRUCTOR, Role.COUNSELLOR)
def my_settings(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    form = StaffLanguageForm(request.POST or None, initial={"language": selectors.staff_language(user)})
    token = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "language" and form.is_valid():
            services.staff_language_set(user=user, language=form.cleaned_data["language"])
            messages.success(request, _("Language of messages saved."))
            return redirect("notifications:my_settings")
        if action == "calendar" and access.can_have_calendar(user):
            _feed, token = services.calendar_feed_create(acting_user=user, user=user)
        elif action == "revoke" and access.can_have_calendar(user):
            feed = selectors.calendar_feed_active(user=user)
            if feed is not None:
                services.calendar_feed_revoke(acting_user=user, feed=feed)
            messages.success(request, _("Calendar link revoked."))
            return redirect("notifications:my_settings")
    context = {
        "form": form,
        "calendar_allowed": access.can_have_calendar(user),
        "feed": selectors.calendar_feed_active(user=user),
        "feed_url": _feed_url(request, token) if token else "",
    }
    return render(request, "notifications/my_settings.html", context)


# --- participant: calendar link in the portal ---------------------------------------------


@require_http_methods(["GET", "POST"])
@allow(Role.PARTICIPANT, scope="own")
def portal_calendar(request: AuthenticatedRequest) -> HttpResponse:
    account = portal_account_for_user(user=request.user)
    participant = account.participant
    token = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            feed = selectors.calendar_feed_active(participant=participant)
            if feed is not None:
                services.calendar_feed_revoke(acting_user=request.user, feed=feed)
            return redirect("notifications:portal_calendar")
        _feed, token = services.calendar_feed_create(acting_user=request.user, participant=participant)
    context = {
        "account": account,
        "feed": selectors.calendar_feed_active(participant=participant),
        "feed_url": _feed_url(request, token) if token else "",
    }
    return _participant_page(request, "notifications/portal_calendar.html", context, language=account.language)


# --- participant: own message channels in the portal -------------------------------------


@require_http_methods(["GET", "POST"])
@allow(Role.PARTICIPANT, scope="own")
def portal_messages(request: AuthenticatedRequest) -> HttpResponse:
    """Each channel the app knows: on or off, switched by the participant. Switching off asks
    once more ("Yes, switch off"); the page then says what was done (`?done=on|off`). Only the
    logged-in participant's own consents: nothing in the request names a participant."""
    account = portal_account_for_user(user=request.user)
    participant = account.participant
    states = selectors.participant_channel_states(participant=participant)
    email_state = next(state for state in states if state.channel == Channel.EMAIL)
    form = ParticipantEmailForm(initial={"address": email_state.last_address})
    confirm = None
    if request.method == "POST":
        channel = request.POST.get("channel", "")
        state = next((state for state in states if state.channel == channel and state.available), None)
        if state is None:
            raise Http404
        action = request.POST.get("action")
        if action == "on":
            form = ParticipantEmailForm(request.POST)
            if form.is_valid():
                try:
                    services.participant_channel_switch(acting_user=request.user, participant=participant,
                                                        channel=channel, receive=True,
                                                        address=form.cleaned_data["address"])
                except ValidationError:
                    form.add_error("address", ERROR_PARTICIPANT_ADDRESS)
                else:
                    return redirect(f"{reverse('notifications:portal_messages')}?done=on")
        elif action == "off" and request.POST.get("confirm") == "yes":
            services.participant_channel_switch(acting_user=request.user, participant=participant, channel=channel,
                                                receive=False)
            return redirect(f"{reverse('notifications:portal_messages')}?done=off")
        elif action == "off":
            confirm = state
    context = {
        "account": account, "form": form, "confirm": confirm,
        "states": [(state, PARTICIPANT_CHANNEL_NAMES[state.channel]) for state in states],
        "done": request.GET.get("done") if request.method == "GET" else None,
    }
    return _participant_page(request, "notifications/portal_messages.html", context, language=account.language)


def _participant_page(request: HttpRequest, template: str, context: dict[str, Any], *, language: str) -> HttpResponse:
    """In the participant's language, `dir` by script, in the portal's frame (portal/base.html)."""
    with translation.override(language):
        context = {**context, "portal_language": language, "portal_dir": text_direction(language),
                   "portal_languages": PARTICIPANT_LANGUAGES}
        context.setdefault("account", None)
        response = render(request, template, context)
    response["Content-Language"] = language
    return response


# --- public: unsubscribe and feeds --------------------------------------------------------


@csrf_exempt  # RFC 8058 one-click: the mail client POSTs without a form; the signed token is the proof
@require_http_methods(["GET", "POST"])
@public
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (link scanners must not unsubscribe anybody); POST withdraws the consent."""
    consent = services.consent_get_by_unsubscribe_token(token)
    if consent is None or consent.participant.anonymised_at is not None:
        raise Http404
    done = not consent.is_active
    if request.method == "POST" and not done:
        services.channel_consent_withdraw(acting_user=None, consent=consent)
        done = True
    language = selectors.participant_language(consent.participant)
    response = _participant_page(request, "notifications/unsubscribe.html", {"done": done}, language=language)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_GET
@public
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The calendar behind a private link; a revoked or unknown link is a 404."""
    found = selectors.calendar_feed_get_by_token(token=token)
    if found is None:
        raise Http404
    today = timezone.localdate()
    if found.participant is not None:
        if found.participant.anonymised_at is not None:
            raise Http404
        body = calendar.participant_calendar(
            selectors.participant_calendar_meetings(participant=found.participant, today=today),
            language=selectors.participant_language(found.participant),
        )
    else:
        if found.user is None or not found.user.is_active or not access.can_have_calendar(found.user):
            raise Http404
        body = calendar.instructor_calendar(
            selectors.instructor_calendar_meetings(user=found.user, today=today),
            language=selectors.staff_language(found.user),
        )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
