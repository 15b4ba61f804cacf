"""Reads for data subject rights: everything held about one person, due retention, audit search."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import DateField, F, Max, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest

from accounts.models import AuditEntry
from assessments.models import Assessment, Availability, SkillRating, TryOut, WorkExperience
from certificates.models import Certificate
from funding.models import FundingLine
from participants.models import Consent, ContactNote, EligibilityCheck, Participant, ProgrammeExit
from plans.models import Plan, PlanItem
from privacy.retention import retention_cutoff, retention_ends_on
from returns.models import Return
from scheduling.models import Enrolment
from training.models import Attendance, Result

#: version of the export's layout, so a reader can tell which fields to expect
EXPORT_SCHEMA = "reintegra.participant-export/1"


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _moment(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def participant_export_data(*, participant: Participant, generated_at: dt.datetime) -> dict[str, Any]:
    """Everything Reintegra holds about `participant`, as JSON-ready data.

    A fixed number of queries (18), whatever the amount of data. Staff appear by role in the
    programme (counsellor) only; audit entries about the person give when and what
    (ids and actions), not who, as the trail holds no personal values either.
    """
    person = Participant.objects.select_related("site", "counsellor").get(pk=participant.pk)
    consents = Consent.objects.filter(participant=person).order_by("given_on", "pk")
    assessments = (
        Assessment.objects.filter(participant=person)
        .prefetch_related(
            Prefetch("work_history", queryset=WorkExperience.objects.select_related("esco_occupation").order_by("pk")),
            Prefetch("skills", queryset=SkillRating.objects.select_related("esco_skill").order_by("pk")),
        )
        .order_by("assessed_on", "pk")
    )
    tryouts = TryOut.objects.filter(participant=person).select_related("esco_skill", "site").order_by("tried_on", "pk")
    availability = Availability.objects.filter(participant=person).prefetch_related("sites").first()
    plans = (
        Plan.objects.filter(participant=person)
        # With a queryset, so each item's module comes in the same query as the items.
        .prefetch_related(Prefetch("items", queryset=PlanItem.objects.select_related("module").order_by("position")))
        .order_by("version")
    )
    enrolments = (
        Enrolment.objects.filter(participant=person)
        .select_related("session__module", "session__site")
        .order_by("session__starts_on", "pk")
    )
    results = {
        result.enrolment_id: result for result in Result.objects.filter(enrolment__participant=person)
    }
    attendance = (
        Attendance.objects.filter(enrolment__participant=person)
        .select_related("meeting")
        .order_by("meeting__date", "meeting__starts_at", "pk")
    )
    certificates = Certificate.objects.filter(participant=person).select_related("plan").order_by("issued_on", "pk")
    return_record = Return.objects.filter(participant=person).first()
    programme_exit = ProgrammeExit.objects.filter(participant=person).first()
    audit = AuditEntry.objects.filter(participant_ref=person.pk).order_by("id")
    eligibility = (
        EligibilityCheck.objects.filter(participant=person).select_related("module").order_by("checked_on", "pk")
    )
    contact_notes = ContactNote.objects.filter(participant=person).order_by("contacted_on", "pk")

    attendance_by_enrolment: dict[int, list[dict[str, Any]]] = {}
    for row in attendance:
        attendance_by_enrolment.setdefault(row.enrolment_id, []).append(
            {"date": _day(row.meeting.date), "status": row.status}
        )

    return {
        "schema": EXPORT_SCHEMA,
        "generated_at": _moment(generated_at),
        "participant": {
            "case_number": person.case_number,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "date_of_birth": _day(person.date_of_birth),
            "gender": person.gender,
            "origin_country": person.origin_country,
            "languages": list(person.languages),
            "site": person.site.name,
            "counsellor": str(person.counsellor),
            "intake_date": _day(person.intake_date),
            "planned_departure": _day(person.planned_departure),
            "instruction_language": person.instruction_language,
            "needs_childcare": person.needs_childcare,
            "has_health_limits": person.has_health_limits,
            "health_notes": person.health_notes,
            "needs_notes": person.needs_notes,
            "created_at": _moment(person.created_at),
            "updated_at": _moment(person.updated_at),
            "anonymised_at": _moment(person.anonymised_at),
        },
        "consents": [
            {"purpose": c.purpose, "given_on": _day(c.given_on), "withdrawn_on": _day(c.withdrawn_on)}
            for c in consents
        ],
        "eligibility_checks": [
            {
                "checked_on": _day(e.checked_on),
                "basis": e.basis,
                "note": e.note,
                "module": e.module.code if e.module else None,
            }
            for e in eligibility
        ],
        # Staff appear by role only (see above); the notes' text is what the person may read.
        "counselling_log": [
            {"contacted_on": _day(n.contacted_on), "kind": n.kind, "text": n.text} for n in contact_notes
        ],
        "assessments": [
            {
                "assessed_on": _day(a.assessed_on),
                "origin": a.origin,
                "education_level": a.education_level,
                "education_years": a.education_years,
                "education_country": a.education_country,
                "languages": list(a.languages),
                "notes": a.notes,
                "work_history": [
                    {
                        "occupation": w.title,
                        "esco_uri": w.esco_occupation.uri if w.esco_occupation else None,
                        "years": str(w.years),
                        "kind": w.kind,
                    }
                    for w in a.work_history.all()
                ],
                "skills": [
                    {
                        "skill": s.title,
                        "esco_uri": s.esco_skill.uri if s.esco_skill else None,
                        "level": s.level,
                        "source": s.source,
                    }
                    for s in a.skills.all()
                ],
            }
            for a in assessments
        ],
        "tryouts": [
            {
                "tried_on": _day(t.tried_on),
                "skill": t.esco_skill.label,
                "level": t.level,
                "site": t.site.name,
                "notes": t.notes,
            }
            for t in tryouts
        ],
        "availability": (
            {
                "weekdays": list(availability.weekdays),
                "hours_per_day": str(availability.hours_per_day),
                "sites": [site.name for site in availability.sites.all()],
            }
            if availability is not None
            else None
        ),
        "plans": [
            {
                "version": p.version,
                "status": p.status,
                "reason": p.reason,
                "agreed_on": _day(p.agreed_on),
                "agreement_language": p.agreement_language,
                "created_at": _moment(p.created_at),
                "items": [
                    {"position": i.position, "module": i.module.code, "title": i.module.title_de}
                    for i in p.items.all()
                ],
            }
            for p in plans
        ],
        "enrolments": [
            {
                "module": e.session.module.code,
                "title": e.session.module.title_de,
                "site": e.session.site.name,
                "starts_on": _day(e.session.starts_on),
                "ends_on": _day(e.session.ends_on),
                "enrolled_at": _moment(e.enrolled_at),
                "attendance": attendance_by_enrolment.get(e.pk, []),
                "result": (
                    {"outcome": results[e.pk].outcome, "recorded_on": _day(results[e.pk].recorded_on)}
                    if e.pk in results
                    else None
                ),
            }
            for e in enrolments
        ],
        "certificates": [
            {
                "number": c.number,
                "kind": c.kind,
                "language": c.language,
                "status": c.status,
                "issued_on": _day(c.issued_on),
                "plan_version": c.plan.version,
            }
            for c in certificates
        ],
        "return": (
            {
                "status": return_record.status,
                "status_date": _day(return_record.status_date),
                "actual_departure": _day(return_record.actual_departure),
                "reason": return_record.reason,
            }
            if return_record is not None
            else None
        ),
        "programme_exit": (
            {"left_on": _day(programme_exit.left_on), "reason": programme_exit.reason}
            if programme_exit is not None
            else None
        ),
        "audit": [
            {
                "at": _moment(entry.at),
                "action": entry.action,
                "object_type": entry.object_type,
                "object_id": entry.object_id,
            }
            for entry in audit
        ],
    }


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

    return Greatest(
        intake,
        latest(Consent, "participant", "given_on"),
        latest(Consent, "participant", "withdrawn_on"),
        latest(Assessment, "participant", "assessed_on"),
        latest(TryOut, "participant", "tried_on"),
        latest(Plan, "participant", "agreed_on"),
        latest(Enrolment, "participant", "session__ends_on"),
        latest(Result, "enrolment__participant", "recorded_on"),
        latest(Certificate, "participant", "issued_on"),
        output_field=DateField(),
    )


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
