from __future__ import annotations

from base64 import b32encode
from binascii import unhexlify
from typing import Any

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from accounts import services
from accounts.forms import InstructorProfileForm, SiteForm, StaffForm, TotpCodeForm, form_add_service_errors
from accounts.models import Role, Site, User
from accounts.policy import ALL_STAFF, AuthenticatedRequest, allow, public, second_factor_pending
from accounts.selectors import instructors_with_profiles, staff_get_for_manager, staff_list
from accounts.services import instructor_profile_save

_HOME_BY_ROLE = {
    Role.MANAGER: "reporting:dashboard",
    Role.COUNSELLOR: "participants:caseload",
    Role.INSTRUCTOR: "scheduling:session_list",
    Role.FUNDER: "reporting:dashboard",
    Role.DPO: "privacy:audit",
    Role.PARTICIPANT: "portal:home",
}

MESSAGE_ENROLLED = _("Your authenticator app is set up. From now on you log in with your password and a code.")
#: session key of the secret shown on the enrolment page until its first code confirms it
_ENROL_KEY = "accounts_totp_enrol_key"


@allow(*ALL_STAFF, Role.PARTICIPANT, personal_data=False)
def home(request: AuthenticatedRequest) -> HttpResponse:
    return redirect(_HOME_BY_ROLE.get(Role(request.user.role), "accounts:login"))


def _next_url(request: HttpRequest) -> str:
    """Where to go once logged in: the `next` parameter if it is ours, else home."""
    target = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        # Straight on to the code (or enrolment) step; policy.allow would send staff there anyway.
        url = super().get_success_url()
        if second_factor_pending(self.request.user):
            return redirect_to_login(url, "accounts:otp_verify")["Location"]
        return url


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        # Whatever this browser kept for the user goes with the login: the offline day sheets
        # and unsent attendance (IndexedDB), the service worker and its cached pages.
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response


login = public(LoginView.as_view())
logout = public(LogoutView.as_view())


def _second_factor_done(request: AuthenticatedRequest, device: TOTPDevice) -> HttpResponse:
    django_otp.login(request, device)
    # A new session id for the now fully authenticated session.
    request.session.cycle_key()
    return redirect(_next_url(request))


@allow(*ALL_STAFF, second_factor=False)
def otp_verify(request: AuthenticatedRequest) -> HttpResponse:
    """Second login step: the current code from the user's authenticator app."""
    if not second_factor_pending(request.user):
        return redirect(_next_url(request))
    if not TOTPDevice.objects.devices_for_user(request.user, confirmed=True).exists():
        return redirect_to_login(_next_url(request), "accounts:otp_enrol")
    form = TotpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.totp_verify(user=request.user, token=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            return _second_factor_done(request, device)
    context = {"form": form, "next": _next_url(request), "login_hint": _login_hint(request.user)}
    return render(request, "accounts/otp_verify.html", context)


def _login_hint(user: User) -> str | None:
    """`make demo` only: the demo authenticator's current code, so the demo needs no phone."""
    hook = getattr(settings, "REINTEGRA_LOGIN_HINT", "")
    return import_string(hook)(user) if hook else None


def _enrolment_context(request: AuthenticatedRequest, key: str) -> dict[str, Any]:
    config_url = TOTPDevice(user=request.user, key=key).config_url
    secret = b32encode(unhexlify(key)).decode()
    return {
        "qr_data_uri": segno.make(config_url, error="m").svg_data_uri(scale=5, border=2),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "next": _next_url(request),
    }


@allow(*ALL_STAFF, second_factor=False)
def otp_enrol(request: AuthenticatedRequest) -> HttpResponse:
    """First login of a staff member: set up an authenticator app, confirmed by one code.

    Only while the account has no confirmed device: replacing one needs a manager to
    delete it in the admin first, so a stolen password alone cannot enrol a new phone."""
    if TOTPDevice.objects.devices_for_user(request.user, confirmed=True).exists():
        return redirect_to_login(_next_url(request), "accounts:otp_verify")
    key = request.session.get(_ENROL_KEY) if request.method == "POST" else None
    if key is None:
        # A fresh secret for every page load: a secret seen once over a shoulder is void.
        key = random_hex(20)
        request.session[_ENROL_KEY] = key
        form = TotpCodeForm()
    else:
        form = TotpCodeForm(request.POST)
        if form.is_valid():
            try:
                device = services.totp_device_enrol(acting_user=request.user, key=key, token=form.cleaned_data["code"])
            except ValidationError as error:
                form.add_error("code", error)
            else:
                del request.session[_ENROL_KEY]
                messages.success(request, MESSAGE_ENROLLED)
                return _second_factor_done(request, device)
    return render(request, "accounts/otp_enrol.html", {"form": form, **_enrolment_context(request, key)})


def lockout(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """django-axes' answer once a username+address pair is locked out (AXES_LOCKOUT_CALLABLE)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = render(request, "accounts/lockout.html", {"minutes": minutes}, status=429)
    response["Cache-Control"] = "no-store"
    return response


@require_safe
@allow(Role.MANAGER, personal_data=False)
def instructor_list(request: AuthenticatedRequest) -> HttpResponse:
    """Managers: every instructor with what they can teach."""
    return render(request, "accounts/instructor_list.html", {"instructors": instructors_with_profiles()})


@allow(Role.MANAGER, personal_data=False)
def instructor_profile_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    instructor = get_object_or_404(User, pk=pk, role=Role.INSTRUCTOR)
    profile = getattr(instructor, "instructor_profile", None)
    initial = (
        {"qualification": profile.qualification, "trades": list(profile.trades.all()), "languages": profile.languages}
        if profile is not None else {}
    )
    form = InstructorProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            instructor_profile_save(acting_user=request.user, user=instructor, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Instructor profile saved."))
            return redirect("accounts:instructor_list")
    return render(request, "accounts/instructor_profile_form.html", {"form": form, "instructor": instructor},
                  status=400 if form.errors else 200)


# --- administration (managers) --------------------------------------------------------------

MESSAGE_INVITED = _("Invitation sent to %(email)s. The link to set a password works once, for %(days)s days.")
MESSAGE_STAFF_SAVED = _("Account saved.")
MESSAGE_DEACTIVATED = _("Account deactivated; its open sessions have ended.")
MESSAGE_REACTIVATED = _("Account active again.")
MESSAGE_SECOND_FACTOR_RESET = _("Authenticator removed: at the next login the user sets up a new one.")
MESSAGE_SITE_SAVED = _("Site saved.")
MESSAGE_PASSWORD_SET = _("Your password is set. Log in with it; next you set up your authenticator app.")


@require_safe
@allow(Role.MANAGER, personal_data=False)
def administration(request: AuthenticatedRequest) -> HttpResponse:
    """The manager's back office: one page linking every administration page."""
    return render(request, "accounts/administration.html", {})


@require_safe
@allow(Role.MANAGER)
def staff_index(request: AuthenticatedRequest) -> HttpResponse:
    show_inactive = request.GET.get("inactive") == "1"
    return render(request, "accounts/staff_list.html", {
        "staff": staff_list(show_inactive=show_inactive), "show_inactive": show_inactive,
    })


@allow(Role.MANAGER)
def staff_invite(request: AuthenticatedRequest) -> HttpResponse:
    form = StaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_invite(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, MESSAGE_INVITED % {
                "email": user.email, "days": settings.PASSWORD_RESET_TIMEOUT // (24 * 3600)})
            return redirect("accounts:staff_list")
    return render(request, "accounts/staff_form.html", {"form": form, "staff_user": None},
                  status=400 if form.errors else 200)


@allow(Role.MANAGER)
def staff_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    staff_user = staff_get_for_manager(pk=pk)
    initial = {"first_name": staff_user.first_name, "last_name": staff_user.last_name, "email": staff_user.email,
               "role": staff_user.role, "site": staff_user.site, "funder": staff_user.funder}
    form = StaffForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(acting_user=request.user, user=staff_user, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, MESSAGE_STAFF_SAVED)
            return redirect("accounts:staff_list")
    return render(request, "accounts/staff_form.html", {"form": form, "staff_user": staff_user},
                  status=400 if form.errors else 200)


_STAFF_ACTIONS = {
    "deactivate": (services.user_deactivate_checked, MESSAGE_DEACTIVATED),
    "reactivate": (services.user_reactivate, MESSAGE_REACTIVATED),
    "reset-second-factor": (services.totp_device_reset, MESSAGE_SECOND_FACTOR_RESET),
}


@require_POST
@allow(Role.MANAGER)
def staff_action(request: AuthenticatedRequest, pk: int, action: str) -> HttpResponse:
    staff_user = staff_get_for_manager(pk=pk)
    if action not in _STAFF_ACTIONS:
        raise Http404
    service, message = _STAFF_ACTIONS[action]
    try:
        service(acting_user=request.user, user=staff_user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, message)
    return redirect("accounts:staff_edit", pk=staff_user.pk)


@require_safe
@allow(Role.MANAGER, personal_data=False)
def site_index(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "accounts/site_list.html", {"sites": Site.objects.order_by("name")})


@allow(Role.MANAGER, personal_data=False)
def site_edit(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    site = get_object_or_404(Site, pk=pk) if pk is not None else None
    initial = {field: getattr(site, field) for field in services.SITE_FIELDS} if site else {}
    form = SiteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.site_save(acting_user=request.user, site=site, data=form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, MESSAGE_SITE_SAVED)
            return redirect("accounts:site_list")
    return render(request, "accounts/site_form.html", {"form": form, "site": site},
                  status=400 if form.errors else 200)


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The invitation's one-time link: choose a password (Django's validators), then log in."""

    template_name = "accounts/set_password.html"
    post_reset_login = False

    def get_success_url(self) -> str:
        messages.success(self.request, MESSAGE_PASSWORD_SET)
        return resolve_url("accounts:login")


set_password = public(SetPasswordView.as_view())
