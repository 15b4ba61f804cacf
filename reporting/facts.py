"""The per-person fact table (`ParticipantFact`), kept equal to the records.

Why a table maintained on write: the report for a period of 100,000 people joined plans,
certificates, returns, exits, enrolments and results for every person on every request (1–3 s).
The facts are stored as dates (`plan_on`, `qualified_on`, …), so one row per person serves a
period ending on any day, and the report becomes one grouped scan of one narrow table.

How it stays right: a person's row is computed from the records by one statement
(`_source_queryset`, the same rules as `reporting.indicators`) and written in the same
transaction as every write that changes a counted fact:

- the save and delete signals of the models the figures read (connected in
  `ReportingConfig.ready`, so the lower floors import nothing from here);
- `participants.signals.participant_facts_changed`, which the services that write in bulk
  (certificate issue: `bulk_create` and the `update` that supersedes) send with the people's ids.

The person's row is locked (PostgreSQL) before it is recomputed, so two transactions that
change one person's records write the facts one after the other, the second from the first's
committed records. `rebuild_report_facts` recomputes every row (after bulk loads such as the
demo's copies or the bench); `reporting/tests/test_facts.py` checks that the maintained rows
equal a rebuild after random operations.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Case, CharField, F, Max, Min, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, TruncMonth
from django.db.models.signals import post_delete, post_save

from catalogue.models import Module
from certificates.models import Certificate, CertificateStatus
from funding.models import FundingLine
from participants.models import Participant, ProgrammeExit
from participants.signals import participant_facts_changed
from plans.models import Plan, PlanItem
from reporting.indicators import DROP_OUT_REASONS, AgeInYears, Report, Scope, early_exit_reasons, programme_report
from reporting.models import ParticipantFact, ParticipantHoursStep
from returns.models import Return
from returns.path import returned_condition
from scheduling.models import Enrolment, Session
from training.models import Result

#: the table's columns in the order the statement selects them
COLUMNS = [
    "participant_id", "intake_date", "month", "funding_line_id", "site_id", "origin_country", "gender", "age",
    "plan_on", "qualified_on", "returned_on", "dropped_status", "dropped_on", "left_early_on", "trade_id",
    "trade_settled_on", "hours", "hours_settled_on",
]


def _per_person(queryset: Any, value: Any) -> Subquery:
    """One value per participant from a related table: `queryset` filtered on OuterRef('pk')."""
    return Subquery(queryset.order_by().values("participant_ref").annotate(value=value).values("value")[:1])


def _source_queryset(participant_ids: list[int] | None) -> Any:
    """Every fact row of the people (all of them for None), computed from the records."""
    people = Participant.objects.all()
    if participant_ids is not None:
        people = people.filter(pk__in=participant_ids)
    agreed = Plan.objects.filter(participant=OuterRef("pk"), agreed_on__isnull=False).annotate(
        participant_ref=F("participant_id")
    )
    valid = Certificate.objects.filter(participant=OuterRef("pk"), status=CertificateStatus.VALID).annotate(
        participant_ref=F("participant_id")
    )
    results = Result.objects.filter(enrolment__participant=OuterRef("pk")).annotate(
        participant_ref=F("enrolment__participant_id")
    )
    first_trade = (
        PlanItem.objects.filter(plan__participant=OuterRef("pk"), plan__agreed_on__isnull=False)
        .order_by("-plan__version", "position")
        .values("module__trade_id")[:1]
    )
    by_return = Q(return_record__status__in=DROP_OUT_REASONS)
    return (
        people.annotate(
            participant_id=F("pk"),
            month=TruncMonth("intake_date"),
            age=AgeInYears(F("intake_date"), F("date_of_birth")),
            plan_on=_per_person(agreed, Min("agreed_on")),
            qualified_on=_per_person(valid, Min("issued_on")),
            returned_on=Case(When(returned_condition(), then=F("return_record__actual_departure")), default=None),
            dropped_status=Case(
                When(by_return, then=F("return_record__status")), default=Value(""), output_field=CharField()
            ),
            dropped_on=Case(When(by_return, then=F("return_record__status_date")), default=None),
            left_early_on=F("programme_exit__left_on"),
            trade_id=Subquery(first_trade),
            trade_settled_on=_per_person(agreed, Max("agreed_on")),
            hours=Coalesce(_per_person(results, Sum("enrolment__session__module__hours")), Value(0),
                           output_field=Module._meta.get_field("hours")),
            hours_settled_on=_per_person(results, Max("recorded_on")),
        )
        .order_by()
        .values_list(*COLUMNS)
    )


def _table() -> str:
    return connection.ops.quote_name(ParticipantFact._meta.db_table)


def _quoted(model: Any) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _write_hours_steps(participant_ids: list[int] | None) -> None:
    """Replace the people's `ParticipantHoursStep` rows: per (person, result day), the hours of every
    result recorded by that day (a running sum over the days)."""
    steps = ParticipantHoursStep.objects.all()
    restrict, params = "", []
    if participant_ids is not None:
        steps = steps.filter(participant_id__in=participant_ids)
        restrict = f"WHERE e.participant_id IN ({', '.join(['%s'] * len(participant_ids))})"
        params = list(participant_ids)
    steps.delete()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_quoted(ParticipantHoursStep)} (participant_id, recorded_on, hours) "  # noqa: S608
            "SELECT participant_id, recorded_on, "
            "SUM(day_hours) OVER (PARTITION BY participant_id ORDER BY recorded_on) "
            "FROM (SELECT e.participant_id AS participant_id, r.recorded_on AS recorded_on, SUM(m.hours) AS day_hours "
            f"FROM {_quoted(Enrolment)} e JOIN {_quoted(Result)} r ON r.enrolment_id = e.id "
            f"JOIN {_quoted(Session)} s ON s.id = e.session_id JOIN {_quoted(Module)} m ON m.id = s.module_id "
            f"{restrict} GROUP BY e.participant_id, r.recorded_on) AS days",
            params,
        )


def _write(participant_ids: list[int] | None) -> None:
    _write_hours_steps(participant_ids)
    select_sql, params = _source_queryset(participant_ids).query.sql_with_params()
    columns = ", ".join(connection.ops.quote_name(column) for column in COLUMNS)
    updates = ", ".join(
        f"{connection.ops.quote_name(c)} = excluded.{connection.ops.quote_name(c)}" for c in COLUMNS[1:]
    )
    with connection.cursor() as cursor:
        # SQLite needs a WHERE in an INSERT … SELECT before ON CONFLICT (its parser's ambiguity).
        cursor.execute(
            f"INSERT INTO {_table()} ({columns}) SELECT * FROM ({select_sql}) AS source WHERE true "  # noqa: S608
            f"ON CONFLICT (participant_id) DO UPDATE SET {updates}",
            params,
        )


# --- reports cached until the next write ------------------------------------------------------

def _version_key() -> str:
    # per database: app servers of several databases may share one Redis
    return f"reporting:facts-version:{connection.settings_dict['NAME']}"


def _cache_shared() -> bool:
    """Only a cache every app-server process shares (Redis) can be told of a write in another
    process; with a per-process memory cache nothing is cached across requests."""
    return "locmem" not in str(settings.CACHES["default"]["BACKEND"]).lower()


def facts_version() -> str:
    """A token that changes after every committed write that changes a figure."""
    version = cache.get(_version_key())
    if version is None:
        cache.add(_version_key(), uuid.uuid4().hex, timeout=None)
        version = cache.get(_version_key())
    return str(version)


def _bump_version() -> None:
    cache.set(_version_key(), uuid.uuid4().hex, timeout=None)


def report_cached(scope: Scope) -> Report:
    """`programme_report(scope)`, kept in the shared cache until the next committed write.

    The version is read before counting: a write committed meanwhile bumps it, so a result
    counted from older records is stored under a key nobody asks for again. Closed periods are
    not counted at all (their figures are stored in `FrozenReport`)."""
    return _cached("report", scope, programme_report)


def early_exit_reasons_cached(scope: Scope) -> list[tuple[str, int]]:
    """`early_exit_reasons(scope)`, cached like the report (the figures page shows both)."""
    return _cached("early-exits", scope, early_exit_reasons)


_T = TypeVar("_T")


def _cached(kind: str, scope: Scope, compute: Callable[[Scope], _T]) -> _T:
    if not _cache_shared():
        return compute(scope)
    identity = repr((connection.settings_dict["NAME"], facts_version(), scope))
    key = f"reporting:{kind}:" + hashlib.sha256(identity.encode()).hexdigest()
    value: _T | None = cache.get(key)
    if value is None:
        value = compute(scope)
        cache.set(key, value, timeout=60 * 60)
    return value


def facts_refresh(*, participant_ids: Iterable[int]) -> None:
    """Recompute the fact rows of these people from their records (inside the caller's transaction)."""
    ids = sorted({int(pk) for pk in participant_ids if pk is not None})
    if not ids:
        return
    # No savepoint inside the caller's transaction: one statement on SQLite, two on PostgreSQL.
    # A deleted person's row goes in the delete signal, so the upsert alone keeps the rows right.
    with transaction.atomic(savepoint=False):
        if connection.vendor == "postgresql":
            # One writer per person at a time: the second recomputes from the first's committed records.
            list(Participant.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))
        _write(ids)
        transaction.on_commit(_bump_version)


@transaction.atomic
def facts_rebuild() -> int:
    """Recompute every row (after bulk loads); returns the number of people."""
    if connection.vendor == "postgresql":
        # After a bulk load the planner's estimates are those of the tables before it: the
        # per-person lookups would be planned as scans of "small" tables, once per person.
        with connection.cursor() as cursor:
            for model in WATCHED:
                cursor.execute(f"ANALYZE {_quoted(model)}")
    ParticipantFact.objects.all().delete()
    _write(None)
    transaction.on_commit(_bump_version)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # the planner's estimates of the new rows
            cursor.execute(f"ANALYZE {_table()}; ANALYZE {_quoted(ParticipantHoursStep)}")
    return ParticipantFact.objects.count()


# --- keeping the table right on every write ------------------------------------------------


def _ids_of(instance: Any) -> list[int]:
    if isinstance(instance, Participant):
        return [instance.pk]
    if isinstance(instance, Plan | Certificate | Return | ProgrammeExit | Enrolment):
        return [instance.participant_id]
    if isinstance(instance, PlanItem):
        return list(Plan.objects.filter(pk=instance.plan_id).values_list("participant_id", flat=True))
    if isinstance(instance, Result):
        return list(Enrolment.objects.filter(pk=instance.enrolment_id).values_list("participant_id", flat=True))
    if isinstance(instance, Session):
        # a session's module gives its results' hours
        return list(
            Enrolment.objects.filter(session=instance, result__isnull=False).values_list("participant_id", flat=True)
        )
    if isinstance(instance, Module):
        # its hours and its trade
        return [
            *Enrolment.objects.filter(session__module=instance, result__isnull=False).values_list(
                "participant_id", flat=True
            ),
            *PlanItem.objects.filter(module=instance).values_list("plan__participant_id", flat=True),
        ]
    return []


def _saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # loading fixtures: rebuild afterwards
        return
    facts_refresh(participant_ids=_ids_of(instance))


def _deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, Participant):
        ParticipantFact.objects.filter(pk=instance.pk).delete()
        ParticipantHoursStep.objects.filter(participant_id=instance.pk).delete()
        transaction.on_commit(_bump_version)
        return
    facts_refresh(participant_ids=_ids_of(instance))


def _changed_in_bulk(sender: Any, participant_ids: Iterable[int], **kwargs: Any) -> None:
    facts_refresh(participant_ids=participant_ids)


#: the models whose rows enter a figure
WATCHED = (Participant, Plan, PlanItem, Certificate, Return, ProgrammeExit, Enrolment, Result, Session, Module)


def facts_connect() -> None:
    for model in WATCHED:
        post_save.connect(_saved, sender=model, dispatch_uid=f"reporting.facts.saved.{model._meta.label}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"reporting.facts.deleted.{model._meta.label}")
    participant_facts_changed.connect(_changed_in_bulk, dispatch_uid="reporting.facts.bulk")
    # a funding line's funder is joined when counting, not stored: a change forgets cached reports
    post_save.connect(_line_saved, sender=FundingLine, dispatch_uid="reporting.facts.line")


def _line_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    transaction.on_commit(_bump_version)
