from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from accounts.models import Role
from accounts.policy import AuthenticatedRequest, allow
from catalogue.selectors import trade_list_with_modules


@allow(Role.MANAGER, Role.COUNSELLOR, Role.INSTRUCTOR, personal_data=False)
def trade_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "catalogue/trade_list.html", {"trades": trade_list_with_modules()})
