"""Reads for reporting: whose figures a user sees, labels, report data, drill-down, freezes."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext

from accounts.models import Site, User
from catalogue.models import Trade
from funding.access import sees_own_lines_only
from funding.models import Funder, FundingLine, ReportingPeriod
from funding.selectors import lines_visible_to
from languages.codes import country_name
from participants.models import Gender, Participant
from reporting.access import sees_whole_programme
from reporting.indicators import (
    AGE_BANDS,
    COUNTS,
    DIMENSIONS,
    FACT_COLUMNS,
    FACTS_FINGERPRINTED_WHEN_SET,
    Report,
    Row,
    Scope,
    participant_facts,
    participant_ids_for_figure,
)
from reporting.models import FrozenReport
from reporting.periods import Period
from reporting.suppression import (
    FUNDER_COUNTS,
    THRESHOLD,
    ShownFigure,
    Suppression,
    column_partners,
    report_suppress,
)

#: the one marker of a withheld figure in data (JSON, exports); pages and files show it translated.
#: One marker for every withheld cell: telling "fewer than 5" from "withheld to protect another"
#: would itself narrow the hidden values (a protecting cell could then not be 1–4).
SUPPRESSED = "withheld"


def report_scope_for_user(*, user: User, period: Period, funding_line: FundingLine | None = None) -> Scope:
    """Managers see every record (or one line's), counsellors their site's, funders their own lines'."""
    if sees_own_lines_only(user):
        line_ids = tuple(lines_visible_to(user).values_list("pk", flat=True))
        if funding_line is not None:
            line_ids = tuple(pk for pk in line_ids if pk == funding_line.pk)
        return Scope(period=period, funding_line_ids=line_ids)
    line_ids_or_all = (funding_line.pk,) if funding_line is not None else None
    if sees_whole_programme(user):
        return Scope(period=period, funding_line_ids=line_ids_or_all)
    return Scope(period=period, funding_line_ids=line_ids_or_all, site_id=user.site_id or -1)


def dimension_titles() -> dict[str, str]:
    return {
        "month": gettext("Month of intake"), "funder": gettext("Funder"), "funding_line": gettext("Funding line"),
        "origin_country": gettext("Country of origin"), "site": gettext("Site"), "trade": gettext("Trade"),
        "gender": gettext("Gender"), "age_band": gettext("Age band"),
    }


def figure_titles() -> dict[str, str]:
    return {
        "started": gettext("Started"), "active": gettext("Active"), "finished": gettext("Finished"),
        "with_plan": gettext("With a plan"), "qualified": gettext("Qualified"), "returned": gettext("Returned"),
        "qualified_and_returned": gettext("Qualified and returned"), "dropped_out": gettext("Dropped out"),
        "dropped_out_withdrawn": gettext("Dropped out: withdrawn from return"),
        "dropped_out_stays": gettext("Dropped out: stays in Germany"),
        "dropped_out_left_early": gettext("Dropped out: left the programme early"),
        "module_hours": gettext("Module hours delivered"),
        "median_days_to_return": gettext("Median days from intake to return"),
        "share_qualified_and_returned": gettext("Share qualified and returned"),
    }


def report_labels(report: Report) -> dict[str, dict[str | None, str]]:
    """A readable name for every group key of the report (a fixed number of queries)."""
    keys = {name: {row.key for row in rows} for name, rows in report.breakdowns.items()}
    none = gettext("none")
    labels: dict[str, dict[str | None, str]] = {name: {None: none} for name in DIMENSIONS}
    # Whole (small) tables, not just the keys shown: the same queries whatever the data.
    labels["site"].update({str(pk): name for pk, name in Site.objects.values_list("pk", "name")})
    labels["funder"].update({str(pk): name for pk, name in Funder.objects.values_list("pk", "name")})
    labels["funding_line"].update(
        {
            str(pk): f"{funder} · {number}"
            for pk, funder, number in FundingLine.objects.values_list("pk", "funder__name", "project_number")
        }
    )
    labels["trade"].update({str(trade.pk): str(trade) for trade in Trade.objects.all()})
    labels["origin_country"].update({key: country_name(key) for key in keys["origin_country"] if key})
    labels["gender"].update({str(value): str(label) for value, label in Gender.choices})
    # The bands are written in the code as English labels ("under 25"): shown in the reader's language.
    labels["age_band"].update({label: gettext(label) for _, _, label in AGE_BANDS})
    labels["age_band"]["unknown"] = gettext("unknown")
    # "März 2026" in German, "March 2026" in English: no ISO month in pages, exports or the PDF
    labels["month"].update({key: _month_label(key) for key in keys["month"] if key})
    return labels


def _month_label(key: str) -> str:
    try:
        first = dt.date.fromisoformat(f"{key[:7]}-01")
    except ValueError:
        return key
    return date_format(first, "YEAR_MONTH_FORMAT")


def _shown_value(figure: ShownFigure) -> int | str:
    return SUPPRESSED if figure.value is None else figure.value


def _decimal(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _row_data(row: Row, label: str | None) -> dict[str, Any]:
    data: dict[str, Any] = {"key": row.key, "label": label}
    data.update({name: getattr(row, name) for name in COUNTS})
    data["module_hours"] = _decimal(row.module_hours)
    data["median_days_to_return"] = _decimal(row.median_days_to_return)
    share = row.share_qualified_and_returned
    data["share_qualified_and_returned"] = None if share is None else round(float(share), 4)
    return data


def report_data(report: Report) -> dict[str, Any]:
    """The report as plain JSON data, exact: what staff pages, exports and freezes start from."""
    labels = report_labels(report)
    return {
        "period": {"start": report.scope.period.start.isoformat(), "end": report.scope.period.end.isoformat()},
        "suppressed": False,
        "total": _row_data(report.total, None),
        "breakdowns": {
            name: [_row_data(row, labels[name].get(row.key, row.key)) for row in report.breakdowns[name]]
            for name in DIMENSIONS
        },
    }


def _suppressed_row(row: dict[str, Any], shown: dict[str, ShownFigure], *, hours_shown: bool) -> dict[str, Any]:
    data: dict[str, Any] = {"key": row["key"], "label": row["label"]}
    data.update({name: _shown_value(shown[name]) for name in FUNDER_COUNTS})
    started_ok = shown["started"].value is not None
    returned_ok = shown["returned"].value is not None and row["returned"] >= THRESHOLD
    # The share is started and qualified-and-returned divided: shown when both are.
    share_ok = started_ok and shown["qualified_and_returned"].value is not None
    data["module_hours"] = row["module_hours"] if hours_shown else SUPPRESSED
    # A median of fewer than 5 people's days would describe them: only from 5 up.
    data["median_days_to_return"] = row["median_days_to_return"] if returned_ok else SUPPRESSED
    data["share_qualified_and_returned"] = row["share_qualified_and_returned"] if share_ok else SUPPRESSED
    return data


def _counts(row: dict[str, Any]) -> dict[str, int]:
    return {name: int(row[name]) for name in FUNDER_COUNTS}


def report_protection(data: dict[str, Any]) -> Suppression:
    """The protection of exact report data (`suppression.report_suppress`), cached by its figures:
    the same figures always give the same cells, and a page view need not solve again."""
    total = _counts(data["total"])
    breakdowns = {name: [_counts(row) for row in rows] for name, rows in data["breakdowns"].items()}
    threshold, min_entrants = THRESHOLD, settings.REINTEGRA_REPORTING_MIN_ENTRANTS
    key = "reporting:protection:" + content_hash([threshold, min_entrants, total, breakdowns])
    protection: Suppression | None = cache.get(key)
    if protection is None:
        protection = report_suppress(total=total, breakdowns=breakdowns, threshold=threshold, min_entrants=min_entrants)
        cache.set(key, protection, timeout=24 * 60 * 60)
    return protection


def data_suppress(data: dict[str, Any]) -> dict[str, Any]:
    """Exact report data as funders get it: the totals of a period with enough entrants, every
    breakdown cell that cannot reveal a group of 1–4 people, the rest "withheld"; per row only
    the figures funders need (active, finished and drop-outs stay with staff). Works on frozen
    reports too."""
    protection = report_protection(data)
    total_hours_shown = protection.total["started"].value is not None
    breakdowns = {}
    for name, rows in data["breakdowns"].items():
        shown_rows = protection.breakdowns[name]
        # Module hours add up to the total like the counts: a row's hours are withheld with its
        # started, and never a lone non-zero one while the total hours are shown.
        withheld = {i for i, shown in enumerate(shown_rows) if shown["started"].value is None}
        if total_hours_shown:
            withheld = column_partners([float(row["module_hours"] or 0) for row in rows], withheld)
        breakdowns[name] = [
            _suppressed_row(row, shown, hours_shown=i not in withheld)
            for i, (row, shown) in enumerate(zip(rows, shown_rows, strict=True))
        ]
    return {
        "period": data["period"], "suppressed": True,
        "total": _suppressed_row(data["total"], protection.total, hours_shown=total_hours_shown),
        "breakdowns": breakdowns,
    }


def withheld_cells(data: dict[str, Any]) -> int:
    """How many counts of people a suppressed report withholds (totals and every breakdown)."""
    rows = [data["total"], *(row for rows in data["breakdowns"].values() for row in rows)]
    return sum(1 for row in rows for name in FUNDER_COUNTS if row[name] == SUPPRESSED)


def canonical_json(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def content_hash(data: Any) -> str:
    return hashlib.sha256(canonical_json(data).encode()).hexdigest()


# --- drill-down ----------------------------------------------------------------------------


def drill_down_participants(
    *, scope: Scope, figure: str, dimension: str | None, key: str | None
) -> QuerySet[Participant]:
    """The people behind one figure, with what their list shows already loaded (one query)."""
    pks = participant_ids_for_figure(scope, figure=figure, dimension=dimension, key=key)
    return Participant.objects.filter(pk__in=pks).select_related("site").order_by("case_number")


# --- frozen reports ------------------------------------------------------------------------


#: the facts every fingerprint holds, in this order: the fact columns periods were first frozen with
_FINGERPRINTED_ALWAYS = [column for column in FACT_COLUMNS if column not in FACTS_FINGERPRINTED_WHEN_SET]


def record_fingerprint(row: dict[str, Any]) -> str:
    """SHA-256 of the facts counted for one person.

    Facts added later (FACTS_FINGERPRINTED_WHEN_SET) join only when set, as [name, value]
    pairs after the others: a record they do not concern keeps the fingerprint stored when
    its period was closed, while a record they do concern (say, an early exit recorded since)
    shows as changed, as it should."""
    facts: list[Any] = [row[column] for column in _FINGERPRINTED_ALWAYS]
    facts += [[column, row[column]] for column in FACTS_FINGERPRINTED_WHEN_SET if row[column]]
    return hashlib.sha256(canonical_json(facts).encode()).hexdigest()


def record_fingerprints(scope: Scope) -> dict[str, str]:
    """Participant id → SHA-256 of every fact counted for them (one query)."""
    return {str(row["f_pk"]): record_fingerprint(row) for row in participant_facts(scope)}


def reporting_period_scope(reporting_period: ReportingPeriod) -> Scope:
    return Scope(
        period=Period(start=reporting_period.starts_on, end=reporting_period.ends_on),
        funding_line_ids=(reporting_period.funding_line_id,),
    )


def frozen_report_changes(frozen: FrozenReport) -> dict[str, list[int]]:
    """Which records changed since the period was closed: facts changed, added, gone."""
    now = record_fingerprints(reporting_period_scope(frozen.reporting_period))
    then: dict[str, str] = frozen.fingerprints
    return {
        "changed": sorted(int(pk) for pk in now.keys() & then.keys() if now[pk] != then[pk]),
        "added": sorted(int(pk) for pk in now.keys() - then.keys()),
        "removed": sorted(int(pk) for pk in then.keys() - now.keys()),
    }


def reporting_periods_visible_to(user: User) -> QuerySet[ReportingPeriod]:
    if sees_own_lines_only(user):
        lines = lines_visible_to(user)
    elif sees_whole_programme(user):
        lines = FundingLine.objects.all()
    else:
        lines = FundingLine.objects.none()
    return (
        ReportingPeriod.objects.filter(funding_line__in=lines)
        .select_related("funding_line__funder", "frozen_report")
        .order_by("-starts_on", "funding_line__funder__name")
    )


def changed_participants(changes: dict[str, list[int]] | None) -> QuerySet[Participant]:
    """The records (changed or added since closing) staff are shown, by case number."""
    if not changes:
        return Participant.objects.none()
    return Participant.objects.filter(pk__in=changes["changed"] + changes["added"]).order_by("case_number")
