from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from accounts.models import Role
from accounts.policy import AuthenticatedRequest, allow
from funding.access import sees_own_lines_only
from funding.selectors import funding_line_list_with_counts


@allow(Role.MANAGER, Role.FUNDER, personal_data=False)
def line_list(request: AuthenticatedRequest) -> HttpResponse:
    """Funding lines with their counts and retention end; a funder sees only its own lines."""
    lines = list(funding_line_list_with_counts(user=request.user))
    return render(
        request,
        "funding/line_list.html",
        {"lines": lines, "suppress_small": sees_own_lines_only(request.user)},
    )
