"""The programme figures funders ask for, each with its counting rule.

Every indicator is defined once, in the `@_defined_as` line above its function:
that text is the function's docstring and, translated, the dashboard's glossary,
so what the code counts and what users are told it counts cannot drift apart.

All figures describe one cohort, the participants whose intake lies in the period,
and reflect the records as they stand today: a certificate revoked since is no
longer counted for an earlier period either (a closed period keeps its frozen
figures, see `reporting.services.period_close`).

Cost: `participant_facts` states, per participant, every fact a figure counts (one
row each, computed in the database). `programme_report` groups those rows once per
breakdown inside one SQL statement (a common table expression and UNION ALL), so a
whole report is one query whatever the amount of data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeVar

from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import TruncMonth
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy, gettext_noop

from catalogue.models import Module
from certificates.models import Certificate, CertificateStatus
from funding.models import FundingLine
from participants.models import Participant
from plans.models import Plan, PlanItem
from reporting.arithmetic import median_of_counts as _median_of_counts
from reporting.arithmetic import share
from reporting.models import ParticipantFact, ParticipantHoursStep
from reporting.periods import Period
from returns.models import ReturnStatus
from returns.path import returned_condition
from scheduling.models import Enrolment, Session
from training.models import Result

IndicatorFunction = TypeVar("IndicatorFunction", bound=Callable[..., Any])

# (name, definition) as untranslated message ids, in the order the glossary shows them.
_DEFINITIONS: list[tuple[str, str]] = []


def _defined_as(*, name: str, definition: str) -> Callable[[IndicatorFunction], IndicatorFunction]:
    def decorate(function: IndicatorFunction) -> IndicatorFunction:
        function.__doc__ = definition
        _DEFINITIONS.append((name, definition))
        return function

    return decorate


# --- scope -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """Whose figures: a period, optionally only some funding lines and one site."""

    period: Period
    #: None: every record; otherwise only participants of these funding lines
    funding_line_ids: tuple[int, ...] | None = None
    site_id: int | None = None


def _cohort(scope: Scope) -> QuerySet[Participant]:
    cohort = Participant.objects.filter(intake_date__gte=scope.period.start, intake_date__lte=scope.period.end)
    if scope.funding_line_ids is not None:
        # No line at all: id 0 matches nothing yet still compiles to SQL (an empty IN would not).
        cohort = cohort.filter(funding_line_id__in=scope.funding_line_ids or (0,))
    if scope.site_id is not None:
        cohort = cohort.filter(site_id=scope.site_id)
    return cohort


# --- per-participant facts --------------------------------------------------------------

#: drop-out reasons: the return statuses that end the programme without a return (the
#: other reason, leaving early, is a `participants.ProgrammeExit`)
DROP_OUT_REASONS = (ReturnStatus.WITHDRAWN, ReturnStatus.STAYS)

AGE_BANDS: list[tuple[int, int | None, str]] = [
    (0, 24, gettext_noop("under 25")), (25, 34, "25–34"), (35, 44, "35–44"), (45, 54, "45–54"),
    (55, None, gettext_noop("55 and over")),
]


class DaysBetween(Func):
    """Whole days from `start` to `end` (dates), as an integer on every database."""

    output_field = IntegerField()

    template = "(%(expressions)s)"  # PostgreSQL: date - date is a number of days
    arg_joiner = " - "

    def __init__(self, end: Any, start: Any) -> None:
        super().__init__(end, start)

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return self.as_sql(
            compiler, connection, template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(", **extra_context,
        )


class AgeInYears(Func):
    """Completed years from `born` to `day` (dates), exactly: YYYYMMDD as numbers, the
    difference divided by 10000 (a birthday later in the year is not yet reached). Cheaper
    than PostgreSQL's AGE(), which cost a fifth of the whole report."""

    output_field = IntegerField()
    _DIGITS = {
        "postgresql": "CAST(TO_CHAR({}, 'YYYYMMDD') AS INTEGER)",
        "sqlite": "CAST(strftime('%%Y%%m%%d', {}) AS INTEGER)",
    }

    def __init__(self, day: Any, born: Any) -> None:
        super().__init__(day, born)

    def _sql(self, compiler: Any, vendor: str) -> tuple[str, tuple[Any, ...]]:
        (day_sql, day_params), (born_sql, born_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        digits = self._DIGITS[vendor]
        return f"(({digits.format(day_sql)} - {digits.format(born_sql)}) / 10000)", (*day_params, *born_params)

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return self._sql(compiler, "postgresql")

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return self._sql(compiler, "sqlite")


def _flag(condition: Any) -> Case:
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def _base_facts(scope: Scope) -> QuerySet[Participant, dict[str, Any]]:
    """The facts that come from the participant and one-to-one records (flags are 0/1).

    Trade and module hours come from many rows per person; `facts_sql` joins them as
    grouped tables, which the database computes once rather than once per person."""
    end = scope.period.end
    valid_certificate = Certificate.objects.filter(
        participant=OuterRef("pk"), status=CertificateStatus.VALID, issued_on__lte=end
    )
    agreed_plan = Plan.objects.filter(participant=OuterRef("pk"), agreed_on__isnull=False, agreed_on__lte=end)
    returned = returned_condition(by=end)  # the programme path's definition (returns.path)
    by_return = Q(return_record__status__in=DROP_OUT_REASONS, return_record__status_date__lte=end)
    # A one-to-one row, joined LEFT on its unique participant_id: at most one row per person.
    left_early = Q(programme_exit__left_on__lte=end)
    return (
        _cohort(scope)
        .annotate(
            f_pk=F("pk"),
            k_month=TruncMonth("intake_date"),
            k_funder=F("funding_line__funder_id"),
            k_funding_line=F("funding_line_id"),
            k_origin_country=F("origin_country"),
            k_site=F("site_id"),
            k_gender=F("gender"),
            f_age=AgeInYears(F("intake_date"), F("date_of_birth")),
            f_plan=_flag(Exists(agreed_plan)),
            f_qualified=_flag(Exists(valid_certificate)),
            f_returned=_flag(returned),
            # Either reason, once: a person who left early and later withdrew is one drop-out.
            f_dropped_out=_flag(by_return | left_early),
            f_dropped_withdrawn=_flag(Q(by_return, return_record__status=ReturnStatus.WITHDRAWN)),
            f_dropped_stays=_flag(Q(by_return, return_record__status=ReturnStatus.STAYS)),
            f_dropped_left_early=_flag(left_early),
            f_days=Case(
                When(returned, then=DaysBetween(F("return_record__actual_departure"), F("intake_date"))),
                default=None, output_field=IntegerField(),
            ),
        )
        .order_by()
        .values(*_BASE_COLUMNS)
    )


#: the breakdowns, in the order pages and exports show them
DIMENSIONS = ["month", "funder", "funding_line", "origin_country", "site", "trade", "gender", "age_band"]
FACT_COLUMNS = [
    "f_pk", *(f"k_{name}" for name in DIMENSIONS), "f_plan", "f_qualified", "f_returned", "f_dropped_out",
    "f_dropped_withdrawn", "f_dropped_stays", "f_dropped_left_early", "f_hours", "f_days",
]
#: 0/1 facts added after reporting periods were first frozen. A record's fingerprint
#: (reporting.selectors.record_fingerprints) takes them in only when they are 1, so the
#: fingerprints stored for a closed period stay valid for every record the new fact does
#: not concern, and only the records it does concern show as changed.
FACTS_FINGERPRINTED_WHEN_SET = ["f_dropped_left_early"]
_BASE_COLUMNS = [column for column in FACT_COLUMNS if column not in ("k_trade", "k_age_band", "f_hours")] + ["f_age"]


def _age_band_sql() -> str:
    """The AGE_BANDS over the completed years on the intake day ('unknown' below 0 or without).

    On PostgreSQL one `width_bucket` over the bands' lower bounds: `f_age` stands for the
    whole age expression (the base is inlined), which a CASE would evaluate once per WHEN —
    up to nine times a row, a sixth of the report at 100,000 people. SQLite has no
    `width_bucket`; there the CASE it is."""
    lows = [low for low, _high, _label in AGE_BANDS]
    if connection.vendor == "postgresql":
        labels = ", ".join(f"'{label}'" for _low, _high, label in AGE_BANDS)
        bounds = ", ".join(str(low) for low in lows)
        return f"COALESCE((ARRAY[{labels}])[width_bucket(f_age, ARRAY[{bounds}])], 'unknown')"
    cases = " ".join(
        f"WHEN f_age >= {low} AND f_age <= {high} THEN '{label}'" if high is not None
        else f"WHEN f_age >= {low} THEN '{label}'"
        for low, high, label in AGE_BANDS
    )
    return f"CASE {cases} ELSE 'unknown' END"


def _table(model: Any) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def records_facts_sql(scope: Scope) -> tuple[str, list[Any]]:
    """A `WITH` clause ending in `facts`: one row per participant of the cohort, FACT_COLUMNS,
    computed from the records themselves (the fingerprints of closed periods, and the check
    that the maintained fact table counts the same; the report reads `facts_sql`).

    - trade: the trade of the first module (lowest position) of the latest plan version agreed
      by the end of the period; none without one.
    - hours: the catalogue hours of every enrolment with a result recorded by the end.
    """
    base_sql, base_params = _base_facts(scope).query.sql_with_params()
    end = scope.period.end
    plan, item, module = _table(Plan), _table(PlanItem), _table(Module)
    enrolment, result, session = _table(Enrolment), _table(Result), _table(Session)
    columns = ", ".join(f"base.{column}" for column in _BASE_COLUMNS if column != "f_age")
    sql = f"""
    WITH base AS ({base_sql}),
    trade AS (
        -- One pass, no sort: the row with the highest version, then the lowest position,
        -- has the largest key; the trade id rides in its last nine digits.
        SELECT p.participant_id,
            MAX((CAST(p.version AS BIGINT) * 100000 + (99999 - i.position)) * 1000000000 + m.trade_id)
            %% 1000000000 AS trade_id
        FROM {plan} p
        JOIN {item} i ON i.plan_id = p.id
        JOIN {module} m ON m.id = i.module_id
        WHERE p.agreed_on IS NOT NULL AND p.agreed_on <= %s
        GROUP BY p.participant_id
    ),
    hours AS (
        SELECT e.participant_id, SUM(m.hours) AS hours
        FROM {enrolment} e
        JOIN {result} r ON r.enrolment_id = e.id
        JOIN {session} s ON s.id = e.session_id
        JOIN {module} m ON m.id = s.module_id
        WHERE r.recorded_on <= %s
        GROUP BY e.participant_id
    ),
    facts AS (
        SELECT {columns}, base.f_age, trade.trade_id AS k_trade, {_age_band_sql()} AS k_age_band,
            COALESCE(hours.hours, 0) AS f_hours
        FROM base
        LEFT JOIN trade ON trade.participant_id = base.f_pk
        LEFT JOIN hours ON hours.participant_id = base.f_pk
    )
    """  # noqa: S608 (table names from the models, values as parameters)
    return sql, [*base_params, end, end]


def facts_sql(scope: Scope) -> tuple[str, list[Any]]:
    """A `WITH` clause ending in `facts`: one row per participant of the cohort, FACT_COLUMNS,
    read from the maintained per-person table (`reporting.facts`, `ParticipantFact`).

    The table holds dates, so each flag is a comparison with the period's end. Trade and module
    hours are stored as they stand since the last plan agreement / result; for a period that
    ended before that, such people's trade is worked out from their plans and their hours read
    off their `ParticipantHoursStep` rows (correlated, only on those rows)."""
    period = scope.period
    end = period.end
    fact, line = _table(ParticipantFact), _table(FundingLine)
    plan, item, module = _table(Plan), _table(PlanItem), _table(Module)
    steps = _table(ParticipantHoursStep)
    days = (
        "(f.returned_on - f.intake_date)" if connection.vendor == "postgresql"
        else "CAST(julianday(f.returned_on) - julianday(f.intake_date) AS INTEGER)"
    )
    where = ["f.intake_date >= %s", "f.intake_date <= %s"]
    where_params: list[Any] = [period.start, period.end]
    if scope.funding_line_ids is not None:
        line_ids = scope.funding_line_ids or (0,)
        where.append(f"f.funding_line_id IN ({', '.join(['%s'] * len(line_ids))})")
        where_params += list(line_ids)
    if scope.site_id is not None:
        where.append("f.site_id = %s")
        where_params.append(scope.site_id)
    # Whose trade or hours must be worked out: only people whose plan was agreed / result recorded
    # after the end. Asked first (two index probes), so a period ending today or later, the usual
    # case, reads the fact table alone. Otherwise only those rows look further (CASE): the trade of
    # the first module of the latest version agreed by then, and the hours from the person's latest
    # `ParticipantHoursStep` by then (one index probe instead of joining four tables).
    latest = ParticipantFact.objects.aggregate(trade=Max("trade_settled_on"), hours=Max("hours_settled_on"))
    trade = "CASE WHEN f.trade_settled_on <= %s THEN f.trade_id END"
    trade_params: list[Any] = [end]
    if latest["trade"] is not None and latest["trade"] > end:
        trade = (
            "CASE WHEN f.trade_settled_on <= %s THEN f.trade_id WHEN f.plan_on IS NULL OR f.plan_on > %s THEN NULL"  # noqa: S608
            f" ELSE (SELECT m.trade_id FROM {plan} p JOIN {item} i ON i.plan_id = p.id"
            f" JOIN {module} m ON m.id = i.module_id WHERE p.participant_id = f.participant_id"
            " AND p.agreed_on IS NOT NULL AND p.agreed_on <= %s ORDER BY p.version DESC, i.position ASC LIMIT 1) END"
        )
        trade_params = [end, end, end]
    hours = "f.hours"
    hours_params: list[Any] = []
    if latest["hours"] is not None and latest["hours"] > end:
        hours = (
            "CASE WHEN f.hours_settled_on IS NULL OR f.hours_settled_on <= %s THEN f.hours"  # noqa: S608
            f" ELSE COALESCE((SELECT h.hours FROM {steps} h WHERE h.participant_id = f.participant_id"
            " AND h.recorded_on <= %s ORDER BY h.recorded_on DESC LIMIT 1), 0) END"
        )
        hours_params = [end, end]
    flags = f"""
        CASE WHEN f.plan_on <= %s THEN 1 ELSE 0 END AS f_plan,
        CASE WHEN f.qualified_on <= %s THEN 1 ELSE 0 END AS f_qualified,
        CASE WHEN f.returned_on <= %s THEN 1 ELSE 0 END AS f_returned,
        CASE WHEN f.dropped_on <= %s OR f.left_early_on <= %s THEN 1 ELSE 0 END AS f_dropped_out,
        CASE WHEN f.dropped_status = 'withdrawn' AND f.dropped_on <= %s THEN 1 ELSE 0 END AS f_dropped_withdrawn,
        CASE WHEN f.dropped_status = 'stays' AND f.dropped_on <= %s THEN 1 ELSE 0 END AS f_dropped_stays,
        CASE WHEN f.left_early_on <= %s THEN 1 ELSE 0 END AS f_dropped_left_early,
        CASE WHEN f.returned_on <= %s THEN {days} END AS f_days
    """
    select = f"""
        f.participant_id AS f_pk, f.month AS k_month, l.funder_id AS k_funder, f.funding_line_id AS k_funding_line,
        f.origin_country AS k_origin_country, f.site_id AS k_site, f.gender AS k_gender, f.age AS f_age,
        {trade} AS k_trade, {hours} AS f_hours, {flags}
    """
    select_params = [*trade_params, *hours_params] + [end] * flags.count("%s")
    # The funding line's funder only for the drill-down and fingerprints: the report groups by
    # line, and a LEFT JOIN on a unique key that nothing reads is removed by the planner.
    base_from = f"{fact} f LEFT JOIN {line} l ON l.id = f.funding_line_id"
    columns = ", ".join(column for column in _BASE_COLUMNS if column != "f_age")
    sql = f"""
    WITH base AS (
        SELECT {select} FROM {base_from} WHERE {" AND ".join(where)}
    ),
    facts AS (
        SELECT {columns}, f_age, k_trade, {_age_band_sql()} AS k_age_band, f_hours FROM base
    )
    """  # noqa: S608 (table names from the models, values as parameters)
    return sql, [*select_params, *where_params]


def participant_facts(scope: Scope) -> list[dict[str, Any]]:
    """Every fact row of the cohort as dicts, from the records (one query), e.g. for fingerprints."""
    sql, params = records_facts_sql(scope)
    with connection.cursor() as cursor:
        cursor.execute(sql + " SELECT " + ", ".join(FACT_COLUMNS) + " FROM facts", params)  # noqa: S608
        return [dict(zip(FACT_COLUMNS, row, strict=True)) for row in cursor.fetchall()]


# --- rows and reports -------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """The figures of one group (or of the whole cohort)."""

    key: str | None
    started: int
    with_plan: int
    qualified: int
    returned: int
    qualified_and_returned: int
    dropped_out: int
    dropped_out_withdrawn: int
    dropped_out_stays: int
    dropped_out_left_early: int
    #: returned or dropped out, each person once: someone who left the programme early and
    #: then went home with the return programme is both
    finished: int
    module_hours: Decimal
    median_days_to_return: Decimal | None

    @property
    def active(self) -> int:
        return self.started - self.finished

    @property
    def share_qualified_and_returned(self) -> Fraction | None:
        return share(part=self.qualified_and_returned, whole=self.started)


#: the counts of a row, as exports and the API list them (all are numbers of people)
COUNTS = [
    "started", "active", "finished", "with_plan", "qualified", "returned", "qualified_and_returned",
    "dropped_out", "dropped_out_withdrawn", "dropped_out_stays", "dropped_out_left_early",
]


@dataclass(frozen=True)
class Report:
    scope: Scope
    total: Row
    breakdowns: dict[str, list[Row]] = field(default_factory=dict)


def _row(key: Any, values: tuple[Any, ...], days: dict[int, int]) -> Row:
    started, plan, qualified, returned, both, dropped, withdrawn, stays, left_early, finished, hours = values
    return Row(
        key=_key_text(key), started=int(started or 0), with_plan=int(plan or 0), qualified=int(qualified or 0),
        returned=int(returned or 0), qualified_and_returned=int(both or 0), dropped_out=int(dropped or 0),
        dropped_out_withdrawn=int(withdrawn or 0), dropped_out_stays=int(stays or 0),
        dropped_out_left_early=int(left_early or 0), finished=int(finished or 0),
        module_hours=Decimal(str(hours or 0)).quantize(Decimal("0.1")),
        median_days_to_return=_median_of_counts(days),
    )


def _key_text(key: Any) -> str | None:
    if key is None:
        return None
    if isinstance(key, dt.datetime | dt.date):
        return key.isoformat()[:7]
    text = str(key)
    return text[:7] if len(text) >= 10 and text[4] == "-" and text[7] == "-" else text


def _fetch_report(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    with transaction.atomic(), connection.cursor() as cursor:
        # JIT compilation costs more than it saves here (seconds at 100,000 people). The planner
        # hashes every grouping set only when its (far too high) estimate of the groups fits
        # work_mem; with less it sorts the people first (+1 s at 100,000; ~20 MB are used). Cheaper parallel workers let
        # the scans and grouped tables of large cohorts use both cores (~10 % at 100,000
        # people; tables under 1 MB stay serial). LOCAL: this transaction only.
        cursor.execute(
            "SET LOCAL jit = off; SET LOCAL work_mem = '256MB'; SET LOCAL parallel_setup_cost = 100;"
            " SET LOCAL parallel_tuple_cost = 0.01; SET LOCAL min_parallel_table_scan_size = '1MB'"
        )
        cursor.execute(sql, params)
        return cursor.fetchall()


#: a person's 0/1 facts as one small number, so a breakdown groups by (key, flags) and counts:
#: two aggregates per group instead of eleven, and the eleven figures are added up in Python
#: (`_figures_of_flags`, mirrored by the drill-down's FIGURE_FILTERS). Each drop-out is counted under
#: one reason: leaving the programme early first, else the return status. The days from intake to
#: return come as counts per (group, days), and the median is read off exactly
#: (arithmetic.median_of_counts).
_FLAG_BITS = [
    "f_plan", "f_qualified", "f_returned", "f_dropped_out", "f_dropped_withdrawn", "f_dropped_stays",
    "f_dropped_left_early",
]
_FLAGS = " + ".join(f"{1 << bit} * {column}" for bit, column in enumerate(_FLAG_BITS))


def _figures_of_flags(flags: int, people: int) -> list[int]:
    """The counts of `_row` (started … finished) for `people` who share these flags."""
    plan, qualified, returned, dropped, withdrawn, stays, left_early = ((flags >> bit) & 1 for bit in range(7))
    return [
        people, people * plan, people * qualified, people * returned, people * qualified * returned,
        people * dropped, people * withdrawn * (1 - left_early), people * stays * (1 - left_early),
        people * left_early, people * (1 if returned or dropped else 0),
    ]


#: the grouping sets, each with the breakdowns it serves. The funder follows from the funding
#: line and the age band from the age (both mapped in Python: no join to the funding lines and no
#: band expression per person), and the total is the sum of the genders (everyone has one), so 7
#: sets serve 8 breakdowns and the total.
_SETS: list[tuple[str, list[str]]] = [
    ("k_month", ["month"]),
    ("k_funding_line", ["funding_line", "funder"]),
    ("k_origin_country", ["origin_country"]),
    ("k_site", ["site"]),
    ("k_trade", ["trade"]),
    ("k_gender", ["gender", "total"]),
    ("f_age", ["age_band"]),
]
_GROUP_KEYS = [grouped for grouped, _served in _SETS]
#: the two passes: every person by (group, flags), and the returned people by (group, days)
_PASSES = [("f_flags", ""), ("f_days", " WHERE f_days IS NOT NULL")]


def _grouped_sql(with_sql: str) -> str:
    """(pass, grouping, keys…, flags or days, people, hours) per (breakdown group, flags) over
    every person and per (breakdown group, days) over the returned people only.

    PostgreSQL: two GROUPING SETS passes in one statement, each hashing all its sets in one
    scan; SQLite (no grouping sets): the same sets as UNION ALL, with GROUPING's bits written
    out. Flags and days are separate sets (grouped together, a large cohort gave groups × flags
    × days rows), and only the returned people have days, so the second pass reads a third."""
    # Read twice: on PostgreSQL inlined into each pass rather than written out once (a CTE read twice
    # is materialised by default, which costs more than computing the flags twice).
    inlined = " NOT MATERIALIZED" if connection.vendor == "postgresql" else ""
    flagged = f"{with_sql}, flagged AS{inlined} (SELECT facts.*, {_FLAGS} AS f_flags FROM facts) "  # noqa: S608
    keys = ", ".join(f"CAST({key} AS TEXT)" for key in _GROUP_KEYS)
    parts = []
    for number, (last, where) in enumerate(_PASSES):
        columns = [*_GROUP_KEYS, last]
        sets = [[grouped, last] for grouped in _GROUP_KEYS]
        if connection.vendor == "postgresql":
            listed = ", ".join(f"({', '.join(grouped)})" for grouped in sets)
            parts.append(
                f"SELECT {number}, GROUPING({', '.join(columns)}), {keys}, {last}, COUNT(*), SUM(f_hours) "  # noqa: S608
                f"FROM flagged{where} GROUP BY GROUPING SETS ({listed})"
            )
            continue
        for grouped in sets:
            selected = ", ".join(f"CAST({key} AS TEXT)" if key in grouped else "NULL" for key in _GROUP_KEYS)
            parts.append(
                f"SELECT {number}, {_mask(grouped, columns)}, {selected}, {last}, COUNT(*), SUM(f_hours) "  # noqa: S608
                f"FROM flagged{where} GROUP BY {', '.join(grouped)}"
            )
    return flagged + " UNION ALL ".join(parts)


def _mask(grouped: list[str], columns: list[str]) -> int:
    """GROUPING()'s value for a set: one bit per column, the first the highest, 1 = not grouped."""
    return sum(1 << (len(columns) - 1 - index) for index, column in enumerate(columns) if column not in grouped)


def age_band(age: int | None) -> str:
    """The AGE_BANDS label of completed years ('unknown' without an age or below 0), as `_age_band_sql`."""
    if age is not None:
        for low, high, label in AGE_BANDS:
            if age >= low and (high is None or age <= high):
                return label
    return "unknown"


def _breakdown_key(name: str, key: str | None, funders: dict[str, str | None]) -> str | None:
    """The group of breakdown `name` that a grouping set's key (as text) belongs to."""
    if name == "funder":
        return funders.get(key) if key is not None else None
    if name == "age_band":
        return age_band(None if key is None else int(key))
    return _key_text(key)


def programme_report(scope: Scope, *, from_records: bool = False) -> Report:
    """The total and every breakdown of `scope`, in one query (and one for the lines' funders).

    From the maintained fact table; `from_records=True` counts from the records themselves
    (the same rules; tests hold the two equal)."""
    with_sql, params = records_facts_sql(scope) if from_records else facts_sql(scope)
    # which breakdowns (and key positions) each returned set serves, and whether it counts days
    served: dict[tuple[int, int], tuple[list[tuple[str, int | None]], bool]] = {}
    for index, (grouped, names) in enumerate(_SETS):
        targets: list[tuple[str, int | None]] = [(name, None if name == "total" else index) for name in names]
        for number, (last, _where) in enumerate(_PASSES):
            served[number, _mask([grouped, last], [*_GROUP_KEYS, last])] = (targets, last == "f_days")
    rows = _fetch_report(_grouped_sql(with_sql), params)
    funders: dict[str, str | None] = {
        str(line): None if funder is None else str(funder)
        for line, funder in FundingLine.objects.values_list("pk", "funder_id")
    }
    figures: dict[tuple[str, str | None], list[Any]] = {("total", None): [0] * 10 + [Decimal(0)]}
    days: dict[tuple[str, str | None], dict[int, int]] = {}
    width = len(_GROUP_KEYS)
    for number, grouping, *values in rows:
        targets, is_days = served[number, grouping]
        keys, value, people, hours = values[:width], values[width], values[width + 1], values[width + 2]
        counts = None if is_days else _figures_of_flags(int(value), int(people))
        for name, position in targets:
            group = (name, None if position is None else _breakdown_key(name, keys[position], funders))
            if counts is None:
                by_days = days.setdefault(group, {})
                by_days[int(value)] = by_days.get(int(value), 0) + int(people)
                continue
            sums = figures.setdefault(group, [0] * 10 + [Decimal(0)])
            for position, count in enumerate(counts):
                sums[position] += count
            sums[10] += Decimal(str(hours or 0))
    total = _row(None, tuple(figures.pop(("total", None))), days.get(("total", None), {}))
    breakdowns: dict[str, list[Row]] = {name: [] for name in DIMENSIONS}
    for (name, key), sums in figures.items():
        breakdowns[name].append(_row(key, tuple(sums), days.get((name, key), {})))
    for rows_of in breakdowns.values():
        rows_of.sort(key=lambda row: (row.key is None, row.key or ""))
    return Report(scope=scope, total=total, breakdowns=breakdowns)


# --- drill-down -------------------------------------------------------------------------

#: figure → the condition on a `facts` row that counts it (the same sums as programme_report)
FIGURE_FILTERS: dict[str, str] = {
    "started": "1 = 1",
    "active": "f_returned = 0 AND f_dropped_out = 0",
    "finished": "(f_returned = 1 OR f_dropped_out = 1)",
    "with_plan": "f_plan = 1",
    "qualified": "f_qualified = 1",
    "returned": "f_returned = 1",
    "qualified_and_returned": "f_qualified = 1 AND f_returned = 1",
    "dropped_out": "f_dropped_out = 1",
    "dropped_out_withdrawn": "f_dropped_withdrawn = 1 AND f_dropped_left_early = 0",
    "dropped_out_stays": "f_dropped_stays = 1 AND f_dropped_left_early = 0",
    "dropped_out_left_early": "f_dropped_left_early = 1",
}


def participant_ids_for_figure(
    scope: Scope, *, figure: str, dimension: str | None = None, key: str | None = None
) -> list[int]:
    """The ids of the people behind one figure (optionally of one breakdown group), one query."""
    if figure not in FIGURE_FILTERS or (dimension is not None and dimension not in DIMENSIONS):
        return []
    sql, params = facts_sql(scope)
    where = [FIGURE_FILTERS[figure]]
    if dimension is not None:
        if key is None:
            where.append(f"k_{dimension} IS NULL")
        else:
            where.append(f"CAST(k_{dimension} AS TEXT) LIKE %s" if dimension == "month" else
                         f"CAST(k_{dimension} AS TEXT) = %s")
            params = [*params, f"{key}%" if dimension == "month" else key]
    with connection.cursor() as cursor:
        cursor.execute(sql + " SELECT f_pk FROM facts WHERE " + " AND ".join(where), params)  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


def early_exit_reasons(scope: Scope) -> list[tuple[str, int]]:
    """Why the people of the cohort left early (exit on or before the period's last day):
    (reason code, people), most frequent first, for programme steering; one query."""
    rows = (
        _cohort(scope)
        .filter(programme_exit__left_on__lte=scope.period.end)
        .values_list("programme_exit__reason")
        .annotate(people=Count("pk"))
        .order_by("-people", "programme_exit__reason")
    )
    return [(reason, people) for reason, people in rows]


# --- the simple figures, as before -------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """The four headline figures of one period."""

    period: Period
    started: int
    qualified: int
    returned: int
    qualified_and_returned: int

    @property
    def share_qualified_and_returned(self) -> Fraction | None:
        return share(part=self.qualified_and_returned, whole=self.started)


def programme_figures(*, period: Period) -> Figures:
    """The headline figures of `period` over every record, counted in one database query."""
    counts = _base_facts(Scope(period=period)).aggregate(
        started=Count("pk"),
        qualified=Count("pk", filter=Q(f_qualified=1)),
        returned=Count("pk", filter=Q(f_returned=1)),
        qualified_and_returned=Count("pk", filter=Q(f_qualified=1, f_returned=1)),
    )
    return Figures(period=period, **counts)


def _total(period: Period) -> Row:
    return programme_report(Scope(period=period)).total


@_defined_as(
    name=gettext_noop("Started"),
    definition=gettext_noop(
        "Participants whose intake date lies within the period, the first and the last day "
        "included."
    ),
)
def participants_started(*, period: Period) -> int:
    return programme_figures(period=period).started


@_defined_as(
    name=gettext_noop("Active"),
    definition=gettext_noop(
        "Of the participants started in the period, those not counted as finished by the last "
        "day of the period."
    ),
)
def participants_active(*, period: Period) -> int:
    return _total(period).active


@_defined_as(
    name=gettext_noop("Finished"),
    definition=gettext_noop(
        "Of the participants started in the period, those counted as returned or as dropped out "
        "by the last day of the period."
    ),
)
def participants_finished(*, period: Period) -> int:
    return _total(period).finished


@_defined_as(
    name=gettext_noop("With a plan"),
    definition=gettext_noop(
        "Of the participants started in the period, those who agreed a qualification plan on or "
        "before the last day of the period (any version, also one revised since)."
    ),
)
def participants_with_plan(*, period: Period) -> int:
    return _total(period).with_plan


@_defined_as(
    name=gettext_noop("Qualified"),
    definition=gettext_noop(
        "Of the participants started in the period, those who hold a valid certificate "
        "issued on or before the last day of the period. Revoked and replaced certificates "
        "do not count."
    ),
)
def participants_qualified(*, period: Period) -> int:
    return programme_figures(period=period).qualified


@_defined_as(
    name=gettext_noop("Returned"),
    definition=gettext_noop(
        "Of the participants started in the period, those whose return is recorded as "
        "“returned” with an actual departure on or before the last day of the period. "
        "Postponed and withdrawn returns and people who stay in Germany do not count."
    ),
)
def participants_returned(*, period: Period) -> int:
    return programme_figures(period=period).returned


@_defined_as(
    name=gettext_noop("Qualified and returned"),
    definition=gettext_noop(
        "Of the participants started in the period, those counted both as qualified and "
        "as returned."
    ),
)
def participants_qualified_and_returned(*, period: Period) -> int:
    return programme_figures(period=period).qualified_and_returned


@_defined_as(
    name=gettext_noop("Share qualified and returned"),
    definition=gettext_noop(
        "Qualified and returned divided by started, shown as a percentage. There is no "
        "share when nobody started in the period."
    ),
)
def share_qualified_and_returned(*, period: Period) -> Fraction | None:
    return programme_figures(period=period).share_qualified_and_returned


@_defined_as(
    name=gettext_noop("Dropped out"),
    definition=gettext_noop(
        "Of the participants started in the period, those who left the programme early on or "
        "before the last day of the period, or whose return record says “withdrawn from return” "
        "or “stays in Germany” with a status date on or before that day; each person once. Each "
        "drop-out is counted under one reason, so the reasons add up to the drop-outs: “left the "
        "programme early” when such an exit is recorded, otherwise the return status."
    ),
)
def participants_dropped_out(*, period: Period) -> int:
    return _total(period).dropped_out


@_defined_as(
    name=gettext_noop("Dropped out: left the programme early"),
    definition=gettext_noop(
        "Of the participants started in the period, those recorded as having left the programme "
        "early (with a coded reason) on or before the last day of the period, whatever their "
        "return record says. An exit recorded with a later date does not count for the period; "
        "an exit that was undone does not count at all."
    ),
)
def participants_left_early(*, period: Period) -> int:
    return _total(period).dropped_out_left_early


@_defined_as(
    name=gettext_noop("Module hours delivered"),
    definition=gettext_noop(
        "For the participants started in the period, the catalogue hours of every module "
        "enrolment with a result (passed or failed) recorded on or before the last day of the "
        "period, added up."
    ),
)
def module_hours_delivered(*, period: Period) -> Decimal:
    return _total(period).module_hours


@_defined_as(
    name=gettext_noop("Median days from intake to return"),
    definition=gettext_noop(
        "For the participants counted as returned, the median number of days from the intake "
        "date to the actual departure. None when nobody returned."
    ),
)
def median_days_intake_to_return(*, period: Period) -> Decimal | None:
    return _total(period).median_days_to_return


@_defined_as(
    name=gettext_noop("Age band"),
    definition=gettext_noop(
        "Completed years of age on the intake date: under 25, 25–34, 35–44, 45–54, 55 and over."
    ),
)
def breakdown_age_band(*, period: Period) -> list[Row]:
    return programme_report(Scope(period=period)).breakdowns["age_band"]


@_defined_as(
    name=gettext_noop("Trade"),
    definition=gettext_noop(
        "The trade of the first module of the latest plan the participant agreed by the last day of "
        "the period; “none” without an agreed plan."
    ),
)
def breakdown_trade(*, period: Period) -> list[Row]:
    return programme_report(Scope(period=period)).breakdowns["trade"]


#: (name, definition) of every indicator, translated when shown.
GLOSSARY: list[tuple[Promise, Promise]] = [
    (gettext_lazy(name), gettext_lazy(definition)) for name, definition in _DEFINITIONS
]
