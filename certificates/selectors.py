"""Reads about certificates: may this participant get one, and what goes on it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.db.models import ForeignKey, Model, Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Site, User
from catalogue.models import Module, Trade
from catalogue.units import teaching_units_from_hours
from certificates.models import (
    Certificate,
    CertificateBatch,
    CertificateBatchItem,
    CertificateKind,
    CertificateStatus,
)
from languages.purposes import Purpose, language_for
from participants.access import participant_queryset_for_user
from participants.models import Participant
from plans.models import Plan, PlanItem, PlanStatus
from scheduling.models import Enrolment, Meeting, Session
from training import rules
from training.models import Attendance, AttendanceDay, Outcome, Result
from training.selectors import AttendanceRate, attendance_rates, attendance_threshold

REASON_NO_FINAL_PLAN = _("There is no final (agreed) qualification plan.")
REASON_PLAN_WITHOUT_MODULES = _("The final qualification plan holds no modules.")
REASON_NOT_ENROLLED = _("%(code)s: not enrolled in a session")
REASON_NO_PASSED_RESULT = _("%(code)s: no passed result")
REASON_ATTENDANCE_BELOW = _("%(code)s: attendance %(rate)s %% is below the %(threshold)s %% a certificate needs")


@dataclass(frozen=True)
class TrainingRecord:
    """One participant's enrolments in sessions of the modules asked about (earliest session
    first; session, site and result loaded), with each one's attendance rate over the meetings
    held up to `until`: what eligibility and the certificate document are both read from."""

    until: dt.date
    enrolments: list[Enrolment]
    #: enrolment id → attendance rate (may hold other participants' enrolments too)
    rates: Mapping[int, AttendanceRate]


def _training_records(
    *, participant_ids: Collection[int], module_ids: Collection[int], until: dt.date
) -> dict[int, TrainingRecord]:
    """A record for each participant (empty when not enrolled). Three queries: enrolments,
    meetings, attendance."""
    enrolments = list(
        Enrolment.objects.filter(participant_id__in=participant_ids, session__module_id__in=module_ids)
        .select_related("session__site", "result")
        .order_by("session__starts_on", "pk")
    )
    rates = attendance_rates(
        enrolment_ids=[enrolment.pk for enrolment in enrolments], until=until,
        enrolment_sessions={enrolment.pk: enrolment.session_id for enrolment in enrolments},
    )
    by_participant: dict[int, list[Enrolment]] = {participant_id: [] for participant_id in participant_ids}
    for enrolment in enrolments:
        by_participant[enrolment.participant_id].append(enrolment)
    return {
        participant_id: TrainingRecord(until=until, enrolments=own, rates=rates)
        for participant_id, own in by_participant.items()
    }


@dataclass(frozen=True)
class Eligibility:
    """Whether a certificate may be issued now, and if not, why (one line per gap)."""

    eligible: bool
    missing: list[str] = field(default_factory=list)
    #: the final plan the certificate would be issued for (None when there is none); its
    #: items come prefetched, in plan order, with module and trade
    plan: Plan | None = None
    #: a certificate of attendance may be issued: at least one plan module was attended
    attendance_eligible: bool = False
    #: what it was judged from (up to today); issuing hands it on to `certificate_documents`
    #: so the certificate issued today is not read a second time
    record: TrainingRecord | None = field(default=None, compare=False, repr=False)


def certificate_eligibility(*, participant: Participant) -> Eligibility:
    """A participant may get a certificate when every module of their final plan is passed
    with enough attendance (`training.rules`: the threshold, default 80 %).

    "Passed" means an enrolment in a session of that module whose result is "passed".
    A certificate of attendance needs one plan module attended: present on a day, a
    result, or a session that has ended. Five queries, however many modules the plan holds.
    """
    return certificate_eligibility_for(participants=[participant])[participant.pk]


def certificate_eligibility_for(*, participants: list[Participant]) -> dict[int, Eligibility]:
    """`certificate_eligibility` for many participants at once, in five queries.

    The rule itself (passed practical check AND attendance at or above the threshold, else a
    confirmation of attendance) is `training.rules`; this only gathers what it needs."""
    plans: dict[int, Plan] = {}
    for plan in (
        Plan.objects.filter(participant__in=participants, status=PlanStatus.FINAL)
        .order_by("-version")
        .prefetch_related(Prefetch("items", PlanItem.objects.select_related("module__trade").order_by("position")))
    ):
        plans.setdefault(plan.participant_id, plan)
    module_ids = {item.module_id for plan in plans.values() for item in plan.items.all()}
    today = timezone.localdate()
    threshold = attendance_threshold()
    records = _training_records(participant_ids=list(plans), module_ids=module_ids, until=today)
    result: dict[int, Eligibility] = {}
    for participant in participants:
        final = plans.get(participant.pk)
        if final is None:
            result[participant.pk] = Eligibility(eligible=False, missing=[str(REASON_NO_FINAL_PLAN)])
            continue
        record = records[participant.pk]
        items = list(final.items.all())
        if not items:
            result[participant.pk] = Eligibility(
                eligible=False, missing=[str(REASON_PLAN_WITHOUT_MODULES)], plan=final, record=record
            )
            continue
        #: module → the standings of each enrolment in a session of that module
        standings: dict[int, list[rules.ModuleStanding]] = {}
        for enrolment in record.enrolments:
            rate = record.rates[enrolment.pk]
            result_row = _result_of(enrolment)
            standings.setdefault(enrolment.session.module_id, []).append(
                rules.ModuleStanding(
                    enrolled=True,
                    passed=result_row is not None and result_row.outcome == Outcome.PASSED,
                    attended=result_row is not None or enrolment.session.ends_on <= today or rate.attended_minutes > 0,
                    rate=rate.rate,
                )
            )
        missing: list[str] = []
        plan_standings: list[rules.ModuleStanding] = []
        for item in items:
            module_standings = standings.get(item.module_id, [])
            best = _best_standing(module_standings, threshold)
            plan_standings.append(best)
            code = item.module.code
            if not module_standings:
                missing.append(REASON_NOT_ENROLLED % {"code": code})
            elif not best.passed:
                missing.append(REASON_NO_PASSED_RESULT % {"code": code})
            elif not rules.meets_threshold(rate=best.rate, threshold=threshold):
                missing.append(REASON_ATTENDANCE_BELOW % {
                    "code": code,
                    "rate": _percent(best.rate),
                    "threshold": _percent(threshold),
                })
        document = rules.plan_document(standings=plan_standings, threshold=threshold)
        result[participant.pk] = Eligibility(
            eligible=document == rules.CERTIFICATE,
            missing=missing,
            plan=final,
            attendance_eligible=document is not None,
            record=record,
        )
    return result


_NOT_ENROLLED = rules.ModuleStanding(enrolled=False, passed=False, attended=False, rate=None)


def _best_standing(standings: list[rules.ModuleStanding], threshold: Decimal) -> rules.ModuleStanding:
    """The enrolment that counts for a module: one earning a certificate, else a passed one,
    else any attended, else the first."""
    if not standings:
        return _NOT_ENROLLED

    def rank(standing: rules.ModuleStanding) -> int:
        kind = rules.module_document(standing=standing, threshold=threshold)
        return {rules.CERTIFICATE: 0, rules.ATTENDANCE: 1 if standing.passed else 2}.get(kind or "", 3)

    return min(standings, key=rank)


def _percent(value: Decimal | None) -> str:
    """79.94 → "79.9", 80 → "80" (display only; the rule compares unrounded)."""
    if value is None:
        return "–"
    text = f"{value.quantize(Decimal('0.1'))}"
    return text.removesuffix(".0")


@dataclass(frozen=True)
class CertificateLine:
    """One module as printed on the certificate."""

    module: Module
    passed: bool
    result_recorded_on: dt.date | None
    starts_on: dt.date | None
    ends_on: dt.date | None
    site: Site | None
    #: taken part (a result, or the session has ended) without necessarily passing
    attended: bool = False
    #: teaching units attended in that session (None: no attendance kept for it)
    units_attended: Decimal | None = None
    #: attendance rate in percent, unrounded (None: no meeting scheduled)
    attendance_rate: Decimal | None = None
    enrolment_id: int | None = None


@dataclass(frozen=True)
class CertificateDocument:
    """Everything the certificate PDF and credential state, gathered with a fixed number of queries."""

    certificate: Certificate
    participant: Participant
    #: every module of the plan, in plan order
    lines: list[CertificateLine]
    trades: list[Trade]
    sites: list[Site]

    @property
    def printed_lines(self) -> list[CertificateLine]:
        """What the certificate lists: every module, or for attendance the modules attended."""
        if self.certificate.is_attendance:
            return [line for line in self.lines if line.passed or line.attended]
        return self.lines

    @property
    def skills_lines(self) -> list[CertificateLine]:
        """Printed modules whose learning outcomes (the skills acquired) are written down."""
        return [
            line for line in self.printed_lines if line.module.learning_outcomes_de or line.module.learning_outcomes_en
        ]

    @property
    def total_hours(self) -> Decimal:
        return sum((line.module.hours for line in self.printed_lines), Decimal(0))

    @property
    def total_teaching_units(self) -> Decimal:
        # From the total hours, so the total is not off by the rounding of each line.
        return teaching_units_from_hours(self.total_hours)

    @property
    def total_units_attended(self) -> Decimal | None:
        """Units attended over the printed modules that kept attendance (None if none did)."""
        units = [line.units_attended for line in self.printed_lines if line.units_attended is not None]
        return sum(units, Decimal(0)) if units else None

    @property
    def starts_on(self) -> dt.date | None:
        return min((line.starts_on for line in self.printed_lines if line.starts_on), default=None)

    @property
    def ends_on(self) -> dt.date | None:
        return max((line.ends_on for line in self.printed_lines if line.ends_on), default=None)


def _result_of(enrolment: Enrolment) -> Result | None:
    try:
        return enrolment.result
    except Result.DoesNotExist:
        return None


#: the relations a document (and the PDF and evidence page built on it) reads from the certificate
_DOCUMENT_RELATIONS = ("participant", "plan", "issued_by")


def certificate_document(*, certificate: Certificate) -> CertificateDocument:
    """The modules of the certificate's plan with the passed (else attended) session of each.

    When a module was passed more than once, the latest session counts. The certificate is
    read again, so the document shows what is stored. Five queries.
    """
    stored = Certificate.objects.select_related(*_DOCUMENT_RELATIONS).get(pk=certificate.pk)
    return certificate_documents(certificates=[stored])[0]


def certificate_documents(
    *, certificates: Sequence[Certificate], records: Mapping[int, TrainingRecord] | None = None
) -> list[CertificateDocument]:
    """`certificate_document` for many certificates at once, in their order, sharing the queries.

    Plan items take one query for all (none for a plan that comes with its items
    prefetched, as `Eligibility.plan` does); enrolments and attendance three per distinct
    issue date (rates count the meetings up to the day of issue). `records` (participant →
    `Eligibility.record`) are used instead for the certificates issued on the day they were
    read up to: the record must cover the modules of the certificate's plan, as the one
    eligibility read for that plan does. Saved certificates that come without participant,
    plan or issuer loaded are read again with them (one query). Unsaved certificates are
    welcome: issuing signs the credential before the row is written, since nothing in it
    depends on the primary key.
    """
    certificates = _with_document_relations(certificates)
    records = records or {}
    items_by_plan: dict[int, list[PlanItem]] = {}
    for certificate in certificates:
        prefetched = _prefetched_items(certificate)
        if prefetched is not None:
            items_by_plan[certificate.plan_id] = prefetched
    unread = {certificate.plan_id for certificate in certificates} - items_by_plan.keys()
    if unread:
        for item in (
            PlanItem.objects.filter(plan_id__in=unread).select_related("module__trade").order_by("plan_id", "position")
        ):
            items_by_plan.setdefault(item.plan_id, []).append(item)

    def handed_on(certificate: Certificate) -> TrainingRecord | None:
        record = records.get(certificate.participant_id)
        return record if record is not None and record.until == certificate.issued_on else None

    #: issue date → the participants whose records are read up to that day
    unread_records: dict[dt.date, set[int]] = {}
    for certificate in certificates:
        if handed_on(certificate) is None:
            unread_records.setdefault(certificate.issued_on, set()).add(certificate.participant_id)
    module_ids = {item.module_id for items in items_by_plan.values() for item in items}
    read = {
        (day, participant_id): record
        for day, participant_ids in unread_records.items()
        for participant_id, record in _training_records(
            participant_ids=participant_ids, module_ids=module_ids, until=day
        ).items()
    }
    return [
        _document_build(
            certificate=certificate,
            items=items_by_plan.get(certificate.plan_id, []),
            record=handed_on(certificate) or read[(certificate.issued_on, certificate.participant_id)],
        )
        for certificate in certificates
    ]


def _prefetched_items(certificate: Certificate) -> list[PlanItem] | None:
    """The plan's items when they came prefetched with the plan (else None: read them)."""
    if not _relation(Certificate, "plan").is_cached(certificate):
        return None
    cache: dict[str, Any] = getattr(certificate.plan, "_prefetched_objects_cache", {})
    return list(cache["items"]) if "items" in cache else None


def _relation(model: type[Model], name: str) -> ForeignKey[Any, Any]:
    return cast(ForeignKey[Any, Any], model._meta.get_field(name))


def _with_document_relations(certificates: Sequence[Certificate]) -> list[Certificate]:
    """The certificates, those saved ones lacking a relation the document reads read again with them."""
    fields = [_relation(Certificate, name) for name in _DOCUMENT_RELATIONS]
    missing = [
        certificate.pk
        for certificate in certificates
        if certificate.pk is not None and not all(field.is_cached(certificate) for field in fields)
    ]
    if not missing:
        return list(certificates)
    stored = Certificate.objects.select_related(*_DOCUMENT_RELATIONS).in_bulk(missing)
    return [stored.get(certificate.pk, certificate) if certificate.pk is not None else certificate
            for certificate in certificates]


def _document_build(
    *, certificate: Certificate, items: list[PlanItem], record: TrainingRecord
) -> CertificateDocument:
    """One certificate's document from what `certificate_documents` gathered (no queries)."""
    module_ids = {item.module_id for item in items}
    rates = record.rates
    passed_by_module: dict[int, Enrolment] = {}
    attended_by_module: dict[int, Enrolment] = {}
    for enrolment in record.enrolments:  # later sessions win
        module_id = enrolment.session.module_id
        if module_id not in module_ids:
            continue
        result = _result_of(enrolment)
        if result is not None and result.outcome == Outcome.PASSED:
            passed_by_module[module_id] = enrolment
        elif (
            result is not None
            or enrolment.session.ends_on <= certificate.issued_on
            or rates[enrolment.pk].attended_minutes > 0
        ):
            attended_by_module[module_id] = enrolment
    lines: list[CertificateLine] = []
    trades: dict[int, Trade] = {}
    sites: dict[int, Site] = {}
    for item in items:
        module = item.module
        chosen = passed_by_module.get(module.pk) or attended_by_module.get(module.pk)
        if chosen is None:
            lines.append(CertificateLine(module, False, None, None, None, None))
            continue
        session = chosen.session
        result = _result_of(chosen)
        rate = rates[chosen.pk]
        lines.append(
            CertificateLine(
                module=module,
                passed=module.pk in passed_by_module,
                result_recorded_on=result.recorded_on if result is not None else None,
                starts_on=session.starts_on,
                ends_on=session.ends_on,
                site=session.site,
                attended=True,
                units_attended=rate.units_attended if rate.scheduled_minutes else None,
                attendance_rate=rate.rate,
                enrolment_id=chosen.pk,
            )
        )
    document = CertificateDocument(
        certificate=certificate, participant=certificate.participant, lines=lines, trades=[], sites=[]
    )
    for line in document.printed_lines:
        trades.setdefault(line.module.trade_id, line.module.trade)
        if line.site is not None:
            sites.setdefault(line.site.pk, line.site)
    document.trades.extend(trades.values())
    document.sites.extend(sites.values())
    return document


@dataclass(frozen=True)
class SessionCandidate:
    """A participant of a session as the bulk issue page lists them."""

    participant: Participant
    eligibility: Eligibility
    #: what bulk issue would give them now (None: nothing, see `note`)
    kind: str | None
    language: str
    #: their valid certificate of the final plan, if they hold one already
    valid_certificate: Certificate | None


def session_certificate_candidates(*, session: Session, user: User) -> list[SessionCandidate]:
    """The participants of the session the user may see, with what they can be issued.

    Those holding a valid certificate of their final plan are listed but not offered:
    re-issuing (a correction, another language) is done one by one from the case file.
    Five queries, however many participants.
    """
    participants = list(
        participant_queryset_for_user(user=user)
        .filter(enrolments__session=session)
        .order_by("last_name", "first_name", "pk")
    )
    eligibilities = certificate_eligibility_for(participants=participants)
    plan_ids = [e.plan.pk for e in eligibilities.values() if e.plan is not None]
    valid = {
        certificate.plan_id: certificate
        for certificate in Certificate.objects.filter(plan_id__in=plan_ids, status=CertificateStatus.VALID)
    }
    candidates: list[SessionCandidate] = []
    for participant in participants:
        eligibility = eligibilities[participant.pk]
        held = valid.get(eligibility.plan.pk) if eligibility.plan is not None else None
        kind: str | None = None
        if held is None and eligibility.eligible:
            kind = CertificateKind.CERTIFICATE
        elif held is None and eligibility.attendance_eligible:
            kind = CertificateKind.ATTENDANCE
        candidates.append(
            SessionCandidate(
                participant=participant,
                eligibility=eligibility,
                kind=kind,
                language=language_for(Purpose.CERTIFICATE, participant.languages),
                valid_certificate=held,
            )
        )
    return candidates


@dataclass(frozen=True)
class BatchProgress:
    batch: CertificateBatch
    total: int
    done: int
    issued: int
    items: list[CertificateBatchItem]

    @property
    def percent(self) -> int:
        return 100 if not self.total else round(100 * self.done / self.total)

    @property
    def finished(self) -> bool:
        return self.batch.finished_at is not None


def certificate_batch_progress(*, batch: CertificateBatch) -> BatchProgress:
    items = list(batch.items.select_related("participant", "certificate").order_by("position"))
    return BatchProgress(
        batch=batch,
        total=len(items),
        done=sum(1 for item in items if item.done_at is not None),
        issued=sum(1 for item in items if item.certificate_id is not None),
        items=items,
    )


def certificate_batch_latest(*, session: Session, user: User) -> CertificateBatch | None:
    """The user's latest bulk issue for the session (the one the page shows)."""
    return CertificateBatch.objects.filter(session=session, requested_by=user).order_by("-created_at", "-id").first()


def certificate_find_public(*, number: str) -> Certificate | None:
    """A certificate by its printed number, for the public verification page (None if unknown)."""
    return (
        Certificate.objects.select_related("participant").filter(number=number.strip().upper()).first()
        if len(number) <= 30
        else None
    )


# Express issue -----------------------------------------------------------------------


@dataclass(frozen=True)
class ExpressOffer:
    """The departure cuts the training short: what can be documented at once."""

    departure: dt.date
    #: the latest end of a session the participant is enrolled in
    training_ends_on: dt.date
    #: what the rule allows now: "certificate" or "attendance"
    kind: str
    eligibility: Eligibility


def express_issue_offer(*, participant: Participant, today: dt.date | None = None) -> ExpressOffer | None:
    """Offer the documents for what was achieved so far when the planned departure comes
    before the participant's enrolled training ends (the date moved earlier) and no valid
    document is held that already covers the training attended up to today."""
    today = today or timezone.localdate()
    ends = (
        Enrolment.objects.filter(participant=participant)
        .order_by("-session__ends_on")
        .values_list("session__ends_on", flat=True)
        .first()
    )
    if ends is None or participant.planned_departure >= ends:
        return None
    eligibility = certificate_eligibility(participant=participant)
    if eligibility.plan is None or not (eligibility.eligible or eligibility.attendance_eligible):
        return None
    held = (
        Certificate.objects.filter(plan=eligibility.plan, status=CertificateStatus.VALID)
        .order_by("-issued_on")
        .first()
    )
    if held is not None and held.issued_on >= min(today, participant.planned_departure):
        return None
    kind = CertificateKind.CERTIFICATE if eligibility.eligible else CertificateKind.ATTENDANCE
    return ExpressOffer(departure=participant.planned_departure, training_ends_on=ends, kind=kind,
                        eligibility=eligibility)


# Evidence: why was this issued ---------------------------------------------------------


@dataclass(frozen=True)
class EvidenceModule:
    line: CertificateLine
    session: Session | None
    result: Result | None
    attendances: list[Attendance]
    #: meeting id → the day (countersignature, scan)
    days: dict[int, AttendanceDay]
    meetings: list[Meeting]
    #: what the rule gives for this module ("certificate", "attendance" or None)
    rule_outcome: str | None

    def attendance_for(self, meeting: Meeting) -> Attendance | None:
        return next((a for a in self.attendances if a.meeting_id == meeting.pk), None)

    @property
    def rows(self) -> list[tuple[Meeting, Attendance | None, AttendanceDay | None]]:
        return [(meeting, self.attendance_for(meeting), self.days.get(meeting.pk)) for meeting in self.meetings]


@dataclass(frozen=True)
class CertificateEvidence:
    certificate: Certificate
    document: CertificateDocument
    modules: list[EvidenceModule]
    threshold: Decimal


def certificate_evidence(*, certificate: Certificate) -> CertificateEvidence:
    """Everything a certificate rests on: per printed module the session, every meeting day
    with the participant's attendance, signature and the day's lock, corrections, the
    practical check, and the rule's verdict. A fixed number of queries."""
    certificate = Certificate.objects.select_related(
        "participant", "plan", "issued_by", "funding_line__funder", "funding_line__project"
    ).get(pk=certificate.pk)
    document = certificate_document(certificate=certificate)
    threshold = attendance_threshold()
    enrolment_ids = [line.enrolment_id for line in document.printed_lines if line.enrolment_id is not None]
    enrolments = {
        e.pk: e for e in Enrolment.objects.filter(pk__in=enrolment_ids).select_related(
            "session__site", "session__instructor", "result__recorded_by"
        )
    }
    session_ids = [e.session_id for e in enrolments.values()]
    meetings_by_session: dict[int, list[Meeting]] = {}
    for meeting in Meeting.objects.filter(session_id__in=session_ids).order_by("date", "starts_at"):
        meetings_by_session.setdefault(meeting.session_id, []).append(meeting)
    attendances_by_enrolment: dict[int, list[Attendance]] = {}
    for attendance in (
        Attendance.objects.filter(enrolment_id__in=enrolment_ids)
        .select_related("recorded_by")
        .prefetch_related(Prefetch("corrections", to_attr="correction_list"))
    ):
        attendances_by_enrolment.setdefault(attendance.enrolment_id, []).append(attendance)
    days = {
        day.meeting_id: day
        for day in AttendanceDay.objects.filter(meeting__session_id__in=session_ids).select_related("countersigned_by")
    }
    modules: list[EvidenceModule] = []
    for line in document.printed_lines:
        enrolment = enrolments.get(line.enrolment_id) if line.enrolment_id is not None else None
        session = enrolment.session if enrolment is not None else None
        result = _result_of(enrolment) if enrolment is not None else None
        meetings = meetings_by_session.get(session.pk, []) if session is not None else []
        standing = rules.ModuleStanding(
            enrolled=enrolment is not None, passed=line.passed, attended=line.attended, rate=line.attendance_rate
        )
        modules.append(
            EvidenceModule(
                line=line,
                session=session,
                result=result,
                attendances=attendances_by_enrolment.get(line.enrolment_id or 0, []),
                days={m.pk: days[m.pk] for m in meetings if m.pk in days},
                meetings=meetings,
                rule_outcome=rules.module_document(standing=standing, threshold=threshold),
            )
        )
    return CertificateEvidence(certificate=certificate, document=document, modules=modules, threshold=threshold)
