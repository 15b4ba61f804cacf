"""Reads for reporting: whose figures a user sees, labels, report data, drill-down, freezes."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
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
from reporting.suppression import FUNDER_COUNTS, THRESHOLD, ShownFigure, table_suppress

SUPPRESSED_BELOW = "<5"
SUPPRESSED_HIDDEN = "hidden"


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
    labels["age_band"].update({label: label for _, _, label in AGE_BANDS})
    labels["age_band"]["unknown"] = gettext("unknown")
    labels["month"].update({key: key for key in keys["month"] if key})
    return labels


def _shown_value(figure: ShownFigure) -> int | str:
    if figure.value is not None:
        return figure.value
    return SUPPRESSED_BELOW if figure.below_threshold else SUPPRESSED_HIDDEN


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


def _suppressed_row(row: dict[str, Any], shown: dict[str, ShownFigure]) -> dict[str, Any]:
    data: dict[str, Any] = {"key": row["key"], "label": row["label"]}
    data.update({name: _shown_value(shown[name]) for name in FUNDER_COUNTS})
    started_ok = shown["started"].value is not None and row["started"] >= THRESHOLD
    returned_ok = shown["returned"].value is not None and row["returned"] >= THRESHOLD
    both_ok = started_ok and shown["qualified_and_returned"].value is not None
    data["module_hours"] = row["module_hours"] if started_ok else SUPPRESSED_HIDDEN
    data["median_days_to_return"] = row["median_days_to_return"] if returned_ok else SUPPRESSED_HIDDEN
    data["share_qualified_and_returned"] = row["share_qualified_and_returned"] if both_ok else SUPPRESSED_HIDDEN
    return data


def data_suppress(data: dict[str, Any]) -> dict[str, Any]:
    """Exact report data as funders and exports get it: small cells read "<5" or "hidden",
    and per row only the figures that cannot be subtracted from one another are listed
    (active, finished and drop-outs stay with staff). Works on frozen reports too."""

    def counts(row: dict[str, Any]) -> dict[str, int]:
        return {name: int(row[name]) for name in FUNDER_COUNTS}

    total_shown, _ = table_suppress(total=counts(data["total"]), rows=[])
    breakdowns = {}
    for name, rows in data["breakdowns"].items():
        total_shown_here, shown_rows = table_suppress(total=counts(data["total"]), rows=[counts(row) for row in rows])
        # A figure withheld in any breakdown's total is withheld everywhere.
        for figure, shown in total_shown_here.items():
            if shown.value is None:
                total_shown[figure] = shown
        breakdowns[name] = [_suppressed_row(row, shown) for row, shown in zip(rows, shown_rows, strict=True)]
    return {
        "period": data["period"], "suppressed": True,
        "total": _suppressed_row(data["total"], total_shown), "breakdowns": breakdowns,
    }


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
