"""Reads about certificates: may this participant get one, and what goes on it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Site, User
from catalogue.models import Module, Trade
from catalogue.units import teaching_units_from_hours
from certificates.labels import default_language
from certificates.models import (
    Certificate,
    CertificateBatch,
    CertificateBatchItem,
    CertificateKind,
    CertificateStatus,
)
from participants.access import participant_queryset_for_user
from participants.models import Participant
from plans.models import Plan, PlanItem, PlanStatus
from scheduling.models import Enrolment, Meeting, Session
from training import rules
from training.models import Attendance, AttendanceDay, Outcome, Result
from training.selectors import attendance_rates, attendance_threshold

REASON_NO_FINAL_PLAN = _("There is no final (agreed) qualification plan.")
REASON_PLAN_WITHOUT_MODULES = _("The final qualification plan holds no modules.")
REASON_NOT_ENROLLED = _("%(code)s: not enrolled in a session")
REASON_NO_PASSED_RESULT = _("%(code)s: no passed result")
REASON_ATTENDANCE_BELOW = _("%(code)s: attendance %(rate)s %% is below the %(threshold)s %% a certificate needs")


@dataclass(frozen=True)
class Eligibility:
    """Whether a certificate may be issued now, and if not, why (one line per gap)."""

    eligible: bool
    missing: list[str] = field(default_factory=list)
    #: the final plan the certificate would be issued for (None when there is none)
    plan: Plan | None = None
    #: a certificate of attendance may be issued: at least one plan module was attended
    attendance_eligible: bool = False


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
        .prefetch_related(Prefetch("items", PlanItem.objects.select_related("module").order_by("position")))
    ):
        plans.setdefault(plan.participant_id, plan)
    module_ids = {item.module_id for plan in plans.values() for item in plan.items.all()}
    today = timezone.localdate()
    threshold = attendance_threshold()
    rows = list(
        Enrolment.objects.filter(participant__in=list(plans), session__module_id__in=module_ids).values_list(
            "pk", "participant_id", "session_id", "session__module_id", "session__ends_on", "result__outcome"
        )
    )
    rates = attendance_rates(
        enrolment_ids=[row[0] for row in rows], until=today, enrolment_sessions={row[0]: row[2] for row in rows}
    )
    #: (participant, module) → the standings of each enrolment in a session of that module
    standings: dict[tuple[int, int], list[rules.ModuleStanding]] = {}
    for enrolment_id, participant_id, _session_id, module_id, ends_on, outcome in rows:
        rate = rates[enrolment_id]
        standings.setdefault((participant_id, module_id), []).append(
            rules.ModuleStanding(
                enrolled=True,
                passed=outcome == Outcome.PASSED,
                attended=outcome is not None or ends_on <= today or rate.attended_minutes > 0,
                rate=rate.rate,
            )
        )
    result: dict[int, Eligibility] = {}
    for participant in participants:
        final = plans.get(participant.pk)
        if final is None:
            result[participant.pk] = Eligibility(eligible=False, missing=[str(REASON_NO_FINAL_PLAN)])
            continue
        items = list(final.items.all())
        if not items:
            result[participant.pk] = Eligibility(
                eligible=False, missing=[str(REASON_PLAN_WITHOUT_MODULES)], plan=final
            )
            continue
        missing: list[str] = []
        plan_standings: list[rules.ModuleStanding] = []
        for item in items:
            module_standings = standings.get((participant.pk, item.module_id), [])
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


def certificate_document(*, certificate: Certificate) -> CertificateDocument:
    """The modules of the certificate's plan with the passed (else attended) session of each.

    When a module was passed more than once, the latest session counts. Five queries.
    """
    certificate = (
        Certificate.objects.select_related("participant", "plan", "issued_by").get(pk=certificate.pk)
    )
    items = list(
        PlanItem.objects.filter(plan_id=certificate.plan_id)
        .select_related("module__trade")
        .order_by("position")
    )
    module_ids = [item.module_id for item in items]
    passed_by_module: dict[int, Enrolment] = {}
    attended_by_module: dict[int, Enrolment] = {}
    enrolments = list(
        Enrolment.objects.filter(participant_id=certificate.participant_id, session__module_id__in=module_ids)
        .select_related("session__site", "result")
        .order_by("session__starts_on", "pk")
    )
    rates = attendance_rates(
        enrolment_ids=[e.pk for e in enrolments], until=certificate.issued_on,
        enrolment_sessions={e.pk: e.session_id for e in enrolments},
    )
    for enrolment in enrolments:  # later sessions win
        result = _result_of(enrolment)
        if result is not None and result.outcome == Outcome.PASSED:
            passed_by_module[enrolment.session.module_id] = enrolment
        elif (
            result is not None
            or enrolment.session.ends_on <= certificate.issued_on
            or rates[enrolment.pk].attended_minutes > 0
        ):
            attended_by_module[enrolment.session.module_id] = enrolment
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
                language=default_language(participant.languages),
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
