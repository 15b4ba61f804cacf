"""Reads for data subject rights: everything held about one person, due retention, audit search."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import DateField, F, Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest

from accounts.models import AuditEntry
from funding.models import FundingLine
from participants.models import Participant
from privacy.retention import retention_cutoff, retention_ends_on
from vault.registry import contributions, moment

#: version of the export's layout, so a reader can tell which fields to expect
#: (2: sections from every app's personal_data module, hand-overs, follow-ups, portal, scheduling)
EXPORT_SCHEMA = "reintegra.participant-export/2"


def participant_export_data(*, participant: Participant, generated_at: dt.datetime) -> dict[str, Any]:
    """Everything Reintegra holds about `participant`, as JSON-ready data.

    Each app fills its sections (its `personal_data` module, vault/registry.py), each in a
    fixed number of queries, so the whole takes the same number whatever the amount of data.
    Staff appear by role in the programme (counsellor) only; audit entries about the person
    give when and what (ids and actions), not who, as the trail holds no personal values either.
    """
    data: dict[str, Any] = {"schema": EXPORT_SCHEMA, "generated_at": moment(generated_at)}
    for contribution in contributions():
        if contribution.export is not None:
            data.update(contribution.export(participant))
    audit = AuditEntry.objects.filter(participant_ref=participant.pk).order_by("id")
    data["audit"] = [
        {
            "at": moment(entry.at),
            "action": entry.action,
            "object_type": entry.object_type,
            "object_id": entry.object_id,
        }
        for entry in audit
    ]
    return data


def participant_last_activity() -> Greatest:
    """The latest day anything happened in the person's file (intake at the earliest)."""
    intake = F("intake_date")

    def latest(model: Any, path: str, field: str) -> Coalesce:
        newest = (
            model.objects.filter(**{path: OuterRef("pk")})
            .order_by()  # no default ordering in the GROUP BY
            .values(path)
            .annotate(newest=Max(field))
            .values("newest")
        )
        return Coalesce(Subquery(newest, output_field=DateField()), intake)

    # What counts as activity is declared by each app (Contribution.last_activity).
    dates = [
        latest(model, path, field)
        for contribution in contributions()
        for model, path, field in contribution.last_activity
    ]
    return Greatest(intake, *dates, output_field=DateField())


def participant_list_retention_due(*, today: dt.date, years: int) -> QuerySet[Participant]:
    """Participants not yet anonymised whose retention ended before `today`.

    The basis is the return's status date; without a return, the last activity.
    """
    return (
        Participant.objects.filter(anonymised_at__isnull=True)
        .annotate(
            retention_basis=Coalesce(
                F("return_record__status_date"), participant_last_activity(), output_field=DateField()
            )
        )
        .filter(retention_basis__lt=retention_cutoff(today=today, years=years))
        .order_by("case_number")
    )


class RetentionReason:
    """Why a record is due: the codes the dry run and the audit show (no names, no free text)."""

    FUNDING_LINE = "funding_line"
    PROGRAMME = "programme"


@dataclass(frozen=True)
class RetentionDue:
    participant_id: int
    case_number: str
    #: the funding line's project number, or "" under the programme-wide rule
    project_number: str
    reason: str
    #: the last day the data had to be kept
    kept_until: dt.date


def retention_due_list(*, today: dt.date, years: int) -> list[RetentionDue]:
    """Everyone not yet anonymised whose retention ended before `today`, by case number.

    A participant on a funding line is kept until the line's retention ends (its final
    report date + its retention years; never while no final report was made). Without a
    line, the programme-wide rule applies (`participant_list_retention_due`).
    """
    ended = {
        line.pk: (line.project_number, ends)
        for line in FundingLine.objects.filter(final_report_on__isnull=False)
        if (ends := line.retention_ends_on()) is not None and ends < today
    }
    due = [
        RetentionDue(pk, case_number, ended[line_id][0], RetentionReason.FUNDING_LINE, ended[line_id][1])
        for pk, case_number, line_id in Participant.objects.filter(
            anonymised_at__isnull=True, funding_line_id__in=list(ended)
        ).values_list("pk", "case_number", "funding_line_id")
    ]
    for participant in participant_list_retention_due(today=today, years=years).filter(funding_line__isnull=True):
        basis: dt.date = participant.retention_basis  # type: ignore[attr-defined]  # annotated
        due.append(
            RetentionDue(
                participant.pk, participant.case_number, "", RetentionReason.PROGRAMME,
                retention_ends_on(basis=basis, years=years),
            )
        )
    return sorted(due, key=lambda row: row.case_number)


@dataclass(frozen=True)
class AuditFilters:
    participant_ref: int | None = None
    actor_username: str = ""
    action: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def audit_entry_search(*, filters: AuditFilters) -> QuerySet[AuditEntry]:
    """Audit entries matching every given filter, newest first. Dates are local days."""
    entries = AuditEntry.objects.select_related("actor").order_by("-id")
    if filters.participant_ref is not None:
        entries = entries.filter(participant_ref=filters.participant_ref)
    if filters.actor_username:
        entries = entries.filter(actor__username__iexact=filters.actor_username)
    if filters.action:
        entries = entries.filter(action__startswith=filters.action)
    if filters.date_from is not None:
        entries = entries.filter(at__date__gte=filters.date_from)
    if filters.date_to is not None:
        entries = entries.filter(at__date__lte=filters.date_to)
    return entries


def case_numbers_by_ref(*, refs: set[int]) -> dict[int, str]:
    """Case number per participant id, for showing audit entries (one query)."""
    return dict(Participant.objects.filter(pk__in=refs).values_list("pk", "case_number"))


def participant_ref_by_case_number(*, case_number: str) -> int | None:
    """The participant id audit entries use for this case number, or None if unknown."""
    return Participant.objects.filter(case_number=case_number).values_list("pk", flat=True).first()
