from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts.models import Role
from accounts.policy import AuthenticatedRequest, allow
from reporting.forms import PeriodForm
from reporting.indicators import GLOSSARY, programme_figures
from reporting.periods import last_12_months
from reporting.suppression import ShownFigure, counts_suppress


# Aggregates only: funders must never see a person, so nothing here names one.
@require_safe
@allow(Role.MANAGER, Role.FUNDER, personal_data=False)
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    default = last_12_months(timezone.localdate())
    chosen = "start" in request.GET or "end" in request.GET
    form = PeriodForm(request.GET if chosen else None, default=default)
    figures = None
    if not chosen:
        figures = programme_figures(period=default)
    elif form.is_valid():
        figures = programme_figures(period=form.period)
    shown = None
    if figures is not None:
        shown = counts_suppress(
            started=figures.started, qualified=figures.qualified, returned=figures.returned,
            qualified_and_returned=figures.qualified_and_returned,
        )
        if request.user.role != Role.FUNDER:  # staff see exact figures; funders the protected ones
            shown = {name: ShownFigure(value=getattr(figures, name), below_threshold=False) for name in shown}
    context = {"form": form, "figures": figures, "shown": shown, "glossary": GLOSSARY}
    return render(request, "reporting/dashboard.html", context, status=400 if form.errors else 200)
