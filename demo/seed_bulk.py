"""A programme of 100,000 participants in minutes: the demo cohort, copied in the database.

`seed_demo --participants N` first seeds the demo through the real services (every rule,
every history), then copies that cohort whole until about N people are on the books: each
copy gets its own sessions (so groups keep the demo's size), meetings, participants with
their consents, assessments, plans, enrolments, day-by-day attendance, results,
certificates, early exits and returns. One `INSERT … SELECT … generate_series` a table,
on PostgreSQL only (the size this is for).

A copy k of a row with id i gets id i + k·stride (stride: the table's largest demo id), and
every foreign key into a copied table moves the same way, so the copies never meet. Case
and certificate numbers are made unique in the formats the services continue from; dates of
birth move back k days so that no two people are the same person. Audit entries, portal
accounts, hand-overs and follow-ups stay with the demo's own people (the audit chain is
hash-linked and is not copied).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from django.core.management.color import no_style
from django.db import connection, models, transaction

from assessments.models import Assessment, Availability, SkillRating, TryOut, WorkExperience
from certificates.models import Certificate
from participants.models import Consent, ContactNote, EligibilityCheck, Participant, ProgrammeExit
from plans.models import Plan, PlanItem
from reporting.facts import facts_rebuild
from returns.models import Return
from scheduling.models import Enrolment, Meeting, Session
from training.models import Attendance, AttendanceDay, Result

ERROR_NOT_POSTGRES = "--participants needs PostgreSQL (set DATABASE_URL to a postgres:// address)."

#: parents before children
COPIED: tuple[type[models.Model], ...] = (
    Participant, Consent, EligibilityCheck, ContactNote, ProgrammeExit,
    Assessment, WorkExperience, SkillRating, Availability, TryOut,
    Plan, PlanItem,
    Session, Meeting, AttendanceDay, Enrolment, Attendance, Result,
    Certificate, Return,
)  # fmt: skip

#: columns that must differ between copies, as SQL over the original row `t`, the copy
#: number `k` and the new id `new_id`
_UNIQUE_IN_COPY: dict[tuple[type[models.Model], str], str] = {
    # RI-YYYY-1nnnnn: above every 4-digit demo number, so participant_create continues after it
    (Participant, "case_number"): "'RI-' || to_char(t.intake_date, 'YYYY') || '-' || (100000 + {new_id})::text",
    (Participant, "date_of_birth"): "t.date_of_birth - k",
    (Certificate, "number"): "'RZ-' || to_char(t.issued_on, 'YYYY') || '-C' || lpad(({new_id})::text, 7, '0')",
    # the status list has room for the demo's own; copies carry no credential status entry
    (Certificate, "status_index"): "NULL",
}


@dataclass(frozen=True)
class BulkReport:
    copies: int
    participants: int
    rows: dict[str, int]
    seconds: float


def _stride(model: type[models.Model]) -> int:
    aggregate = model._default_manager.aggregate(top=models.Max("pk"))
    return int(aggregate["top"] or 0)


def _select_list(model: type[models.Model], strides: dict[type[models.Model], int]) -> tuple[str, str]:
    quote = connection.ops.quote_name
    columns, expressions = [], []
    new_id = f"t.{quote(model._meta.pk.column)} + k * {strides[model]}"
    for field in model._meta.concrete_fields:
        column = quote(field.column)
        columns.append(column)
        special = _UNIQUE_IN_COPY.get((model, field.name))
        if field.primary_key:
            expressions.append(new_id)
        elif special is not None:
            expressions.append(special.format(new_id=new_id))
        elif field.is_relation and field.related_model in strides:
            expressions.append(f"t.{column} + k * {strides[field.related_model]}")
        else:
            expressions.append(f"t.{column}")
    return ", ".join(columns), ", ".join(expressions)


def programme_copy(*, participants: int, log: object = None) -> BulkReport:
    """Copy the seeded cohort until about `participants` people exist (whole copies)."""
    if connection.vendor != "postgresql":
        raise ValueError(ERROR_NOT_POSTGRES)
    started = time.monotonic()
    cohort = Participant.objects.count()
    if cohort == 0:
        raise ValueError("Seed the demo first: there is no cohort to copy.")
    copies = max(0, math.ceil((participants - cohort) / cohort))
    strides = {model: _stride(model) for model in COPIED}
    strides = {model: stride for model, stride in strides.items() if stride}
    rows: dict[str, int] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        for model in COPIED:
            if model not in strides or copies == 0:
                continue
            columns, expressions = _select_list(model, strides)
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT {expressions} "  # noqa: S608 - names from the models
                f"FROM {table} t CROSS JOIN generate_series(1, %s) AS k "
                f"WHERE t.{connection.ops.quote_name(model._meta.pk.column)} <= %s",
                [copies, strides[model]],
            )
            rows[model._meta.label] = cursor.rowcount
            if callable(log):
                log(f"  {model._meta.label}: {cursor.rowcount:,} rows ({time.monotonic() - started:.0f} s)")
        for statement in connection.ops.sequence_reset_sql(no_style(), list(strides)):
            cursor.execute(statement)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    # The copies went in without model signals: the report's fact table is recomputed whole (after
    # ANALYZE, so its per-person lookups are planned for the copied tables' real size).
    facts = facts_rebuild()
    if callable(log):
        log(f"  reporting.ParticipantFact: {facts:,} rows ({time.monotonic() - started:.0f} s)")
    return BulkReport(copies=copies, participants=Participant.objects.count(), rows=rows,
                      seconds=time.monotonic() - started)
