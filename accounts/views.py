from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.shortcuts import redirect

from accounts.models import Role
from accounts.policy import ALL_STAFF, AuthenticatedRequest, allow, public

_HOME_BY_ROLE = {
    Role.MANAGER: "reporting:dashboard",
    Role.COUNSELLOR: "participants:caseload",
    Role.INSTRUCTOR: "scheduling:session_list",
    Role.FUNDER: "reporting:dashboard",
    Role.DPO: "admin:index",
}


@allow(*ALL_STAFF, personal_data=False)
def home(request: AuthenticatedRequest) -> HttpResponse:
    return redirect(_HOME_BY_ROLE.get(Role(request.user.role), "accounts:login"))


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


login = public(LoginView.as_view())
logout = public(LogoutView.as_view())
