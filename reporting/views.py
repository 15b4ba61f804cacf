from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_http_methods, require_safe

from accounts.models import Role
from accounts.policy import AuthenticatedRequest, allow, second_factor_pending
from feedback.selectors import survey_key_figures
from funding.access import sees_own_lines_only
from funding.models import ReportingPeriod
from participants.models import ExitReason
from reporting import exports, services
from reporting.access import can_close_period, can_drill_down, can_export, can_see_exit_reasons, can_see_satisfaction
from reporting.arithmetic import share
from reporting.charts import bar_chart
from reporting.facts import early_exit_reasons_cached, report_cached
from reporting.forms import PeriodCloseForm, PeriodForm
from reporting.indicators import (
    COUNTS,
    DIMENSIONS,
    FIGURE_FILTERS,
    GLOSSARY,
    Scope,
    programme_report,
)
from reporting.openapi import openapi_document
from reporting.periods import Period, last_12_full_months, last_12_months
from reporting.selectors import (
    changed_participants,
    data_suppress,
    dimension_titles,
    drill_down_participants,
    figure_titles,
    frozen_report_changes,
    report_data,
    report_scope_for_user,
    reporting_period_scope,
    reporting_periods_visible_to,
)
from reporting.suppression import ShownFigure
from reporting.templatetags.reporting_tags import cell

#: the figures whose records staff can open (counts of people)
DRILLABLE = list(FIGURE_FILTERS)


def _funder_periods(request: AuthenticatedRequest) -> list[Period]:
    """The only periods a funder may count: the last 12 full months and its own reporting
    periods. Free dates would let two overlapping periods be subtracted from each other and
    undo the small-cell suppression; these move monthly or never overlap within a line."""
    periods = [last_12_full_months(timezone.localdate())]
    periods += [Period(start=p.starts_on, end=p.ends_on) for p in reporting_periods_visible_to(request.user)]
    return periods


def _chosen_period(request: AuthenticatedRequest) -> tuple[PeriodForm, Period | None]:
    funder = sees_own_lines_only(request.user)
    allowed = _funder_periods(request) if funder else None
    default = allowed[0] if allowed else last_12_months(timezone.localdate())
    chosen = "start" in request.GET or "end" in request.GET
    form = PeriodForm(request.GET if chosen else None, default=default, allowed=allowed)
    if not chosen:
        return form, default
    return form, form.period if form.is_valid() else None


def _data_for(request: AuthenticatedRequest, scope: Scope) -> dict[str, Any]:
    """The figures as this user's page shows them; exports and the API give exactly the same."""
    data = report_data(report_cached(scope))
    if sees_own_lines_only(request.user):
        return data_suppress(data)
    return data


def _charts(data: dict[str, Any]) -> list[Any]:
    titles = figure_titles()
    total = data["total"]
    funnel = [
        (titles["started"], total["started"]), (titles["with_plan"], total["with_plan"]),
        (titles["qualified"], total["qualified"]), (titles["returned"], total["returned"]),
        (titles["qualified_and_returned"], total["qualified_and_returned"]),
    ]
    dimensions = dimension_titles()
    charts = [bar_chart(title=_("From intake to return"), items=_chart_items(funnel), format_value=cell)]
    for name in ("month", "origin_country", "trade"):
        charts.append(
            bar_chart(
                # The dimension's own translated title, as written (German nouns keep their capital).
                title=pgettext("chart title", "Started, by %(dimension)s") % {"dimension": dimensions[name]},
                items=_chart_items([(row["label"] or "–", row["started"]) for row in data["breakdowns"][name]]),
                format_value=cell,
            )
        )
    return charts


def _chart_items(items: list[tuple[str, Any]]) -> list[tuple[str, int | str | None]]:
    """Numbers stay numbers (they size the bars); a withheld figure becomes its translated marker."""
    return [(label, value if isinstance(value, int) else cell(value)) for label, value in items]


# Funders see aggregates of their own lines only, counsellors their own site's; nothing here
# names a person (the drill-down does, for staff).
@require_safe
@allow(Role.MANAGER, Role.FUNDER, Role.COUNSELLOR, personal_data=False)
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    form, period = _chosen_period(request)
    context: dict[str, Any] = {"form": form, "glossary": GLOSSARY, "figures": None}
    if period is not None:
        scope = report_scope_for_user(user=request.user, period=period)
        data = _data_for(request, scope)
        total = data["total"]
        shown = {
            name: ShownFigure(value=value if isinstance(value, int) else None, below_threshold=False)
            for name, value in total.items() if name in COUNTS
        }
        context.update(
            figures=data, total=total, shown=shown, charts=_charts(data), dimension_titles=dimension_titles(),
            figure_titles=figure_titles(), dimensions=DIMENSIONS,
            columns=[name for name in COUNTS if name in total],
            can_drill=can_drill_down(request.user),
            can_export=can_export(request.user),
            query=request.GET.urlencode(), period=period,
            share=(
                share(part=total["qualified_and_returned"], whole=total["started"])
                if isinstance(total["qualified_and_returned"], int) and isinstance(total["started"], int) else None
            ),
        )
    context["reporting_periods"] = reporting_periods_visible_to(request.user)
    context["today"] = timezone.localdate()
    context["can_close_period"] = can_close_period(request.user)
    context["offered_periods"] = form.allowed
    if period is not None and can_see_exit_reasons(request.user):
        # why people leave early: for steering the programme, so staff only (funders get no drop-outs)
        context["exit_reasons"] = [
            (ExitReason(code).label, people)
            for code, people in early_exit_reasons_cached(report_scope_for_user(user=request.user, period=period))
        ]
    if period is not None and can_see_satisfaction(request.user):
        # Answers carry no funding line or site, so only the programme as a whole sees them.
        context["satisfaction"] = survey_key_figures(date_from=period.start, date_to=period.end)
    return render(request, "reporting/dashboard.html", context, status=400 if form.errors else 200)


@require_safe
@allow(Role.MANAGER, Role.COUNSELLOR, scope="site")
def drill_down(request: AuthenticatedRequest) -> HttpResponse:
    """The people behind one figure; counsellors see only their own site's."""
    form, period = _chosen_period(request)
    figure = request.GET.get("figure", "")
    dimension = request.GET.get("dimension") or None
    key = request.GET.get("key") or None
    if period is None or figure not in FIGURE_FILTERS or (dimension is not None and dimension not in DIMENSIONS):
        raise Http404
    scope = report_scope_for_user(user=request.user, period=period)
    participants = drill_down_participants(scope=scope, figure=figure, dimension=dimension, key=key)
    context = {
        "participants": participants, "period": period, "figure_title": figure_titles()[figure],
        "dimension_title": dimension_titles().get(dimension or "", ""), "key": key,
    }
    return render(request, "reporting/drill_down.html", context)


@require_safe
@allow(Role.MANAGER, Role.FUNDER, personal_data=False)
def frozen_report(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    reporting_period = get_object_or_404(reporting_periods_visible_to(request.user), pk=pk)
    frozen = getattr(reporting_period, "frozen_report", None)
    if frozen is None:
        raise Http404
    is_funder = sees_own_lines_only(request.user)
    data = data_suppress(frozen.values) if is_funder else frozen.values
    changes = None if is_funder else frozen_report_changes(frozen)
    context = {
        "reporting_period": reporting_period, "frozen": frozen, "figures": data, "changes": changes,
        "changed_participants": changed_participants(changes), "figure_titles": figure_titles(),
        "dimension_titles": dimension_titles(), "dimensions": DIMENSIONS,
        "columns": [name for name in COUNTS if name in data["total"]], "total_rows": [data["total"]],
    }
    return render(request, "reporting/frozen_report.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@allow(Role.MANAGER, personal_data=False)
def period_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """GET: what closing would freeze, and a confirmation; POST with the confirmation: close."""
    reporting_period = get_object_or_404(ReportingPeriod.objects.select_related("funding_line__funder"), pk=pk)
    form = PeriodCloseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reporting_period_close(reporting_period=reporting_period, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("reporting:dashboard")
        messages.success(request, _("The reporting period is closed; its figures are frozen."))
        return redirect("reporting:frozen_report", pk=reporting_period.pk)
    scope = reporting_period_scope(reporting_period)
    context = {
        "reporting_period": reporting_period,
        "can_close": services.reporting_period_can_close(reporting_period=reporting_period)
        and not hasattr(reporting_period, "frozen_report"),
        "total": programme_report(scope).total,
        "form": form,
    }
    return render(request, "reporting/period_close.html", context, status=400 if request.method == "POST" else 200)


@require_safe
@allow(Role.MANAGER, Role.FUNDER, personal_data=False)
def export(request: AuthenticatedRequest, kind: str) -> HttpResponse:
    """CSV, XLSX or PDF of the chosen period, exactly as the user's page: exact for managers,
    protected for funders."""
    if kind not in exports.KINDS:
        raise Http404
    form, period = _chosen_period(request)
    if period is None:
        return HttpResponse(_("Choose a valid period first."), status=400, content_type="text/plain")
    data = _data_for(request, report_scope_for_user(user=request.user, period=period))
    return exports.response(kind=kind, data=data, charts=_charts(data))


ERROR_API_LOGIN = gettext_lazy("Log in first: the API answers to a logged-in session (the sessionid cookie).")
ERROR_API_ROLE = gettext_lazy("Your role has no access to the programme figures.")


def _json_api(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """API answers stay JSON: no session is a 401 (not a redirect to the HTML login page), a role
    without access a 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated or second_factor_pending(request.user):
            response = JsonResponse({"error": str(ERROR_API_LOGIN)}, status=401)
            response["WWW-Authenticate"] = 'Cookie realm="reintegra" cookie-name="sessionid"'
            return response
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return JsonResponse({"error": str(ERROR_API_ROLE)}, status=403)

    return wrapper


@_json_api
@require_safe
@allow(Role.MANAGER, Role.FUNDER, personal_data=False)
def api_report(request: AuthenticatedRequest) -> JsonResponse:
    """The aggregates as JSON (described by `api_schema`); funders get their own lines, suppressed."""
    form, period = _chosen_period(request)
    if period is None:
        return JsonResponse({"errors": json.loads(form.errors.as_json())}, status=400)
    data = _data_for(request, report_scope_for_user(user=request.user, period=period))
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@_json_api
@require_safe
@allow(Role.MANAGER, Role.FUNDER, personal_data=False)
def api_schema(request: AuthenticatedRequest) -> JsonResponse:
    return JsonResponse(openapi_document(), json_dumps_params={"ensure_ascii": False})

