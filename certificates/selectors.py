"""Reads about certificates: may this participant get one, and what goes on it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Site, User
from catalogue.models import MINUTES_PER_TEACHING_UNIT, Module, Trade
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
from scheduling.models import Enrolment, Session
from training.models import Outcome, Result

REASON_NO_FINAL_PLAN = _("There is no final (agreed) qualification plan.")
REASON_PLAN_WITHOUT_MODULES = _("The final qualification plan holds no modules.")
REASON_NOT_ENROLLED = _("%(code)s: not enrolled in a session")
REASON_NO_PASSED_RESULT = _("%(code)s: no passed result")


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
    """A participant may get a certificate when every module of their final plan is passed.

    "Passed" means an enrolment in a session of that module whose result is "passed".
    A certificate of attendance needs one plan module attended: passed, or a session
    that has ended. Three queries, however many modules the plan holds.
    """
    return certificate_eligibility_for(participants=[participant])[participant.pk]


def certificate_eligibility_for(*, participants: list[Participant]) -> dict[int, Eligibility]:
    """`certificate_eligibility` for many participants at once, still three queries."""
    plans: dict[int, Plan] = {}
    for plan in (
        Plan.objects.filter(participant__in=participants, status=PlanStatus.FINAL)
        .order_by("-version")
        .prefetch_related(Prefetch("items", PlanItem.objects.select_related("module").order_by("position")))
    ):
        plans.setdefault(plan.participant_id, plan)
    module_ids = {item.module_id for plan in plans.values() for item in plan.items.all()}
    today = timezone.localdate()
    enrolled: set[tuple[int, int]] = set()
    passed: set[tuple[int, int]] = set()
    attended: set[tuple[int, int]] = set()
    rows = Enrolment.objects.filter(
        participant__in=list(plans), session__module_id__in=module_ids
    ).values_list("participant_id", "session__module_id", "session__ends_on", "result__outcome")
    for participant_id, module_id, ends_on, outcome in rows:
        key = (participant_id, module_id)
        enrolled.add(key)
        if outcome == Outcome.PASSED:
            passed.add(key)
        if outcome is not None or ends_on <= today:
            attended.add(key)
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
        for item in items:
            key = (participant.pk, item.module_id)
            if key not in enrolled:
                missing.append(REASON_NOT_ENROLLED % {"code": item.module.code})
            elif key not in passed:
                missing.append(REASON_NO_PASSED_RESULT % {"code": item.module.code})
        result[participant.pk] = Eligibility(
            eligible=not missing,
            missing=missing,
            plan=final,
            attendance_eligible=any((participant.pk, item.module_id) in attended for item in items),
        )
    return result


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
        return (self.total_hours * 60 / MINUTES_PER_TEACHING_UNIT).quantize(Decimal("0.1"))

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

    When a module was passed more than once, the latest session counts. Three queries.
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
    enrolments = (
        Enrolment.objects.filter(participant_id=certificate.participant_id, session__module_id__in=module_ids)
        .select_related("session__site", "result")
        .order_by("session__starts_on", "pk")
    )
    for enrolment in enrolments:  # later sessions win
        result = _result_of(enrolment)
        if result is not None and result.outcome == Outcome.PASSED:
            passed_by_module[enrolment.session.module_id] = enrolment
        elif result is not None or enrolment.session.ends_on <= certificate.issued_on:
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
        lines.append(
            CertificateLine(
                module=module,
                passed=module.pk in passed_by_module,
                result_recorded_on=result.recorded_on if result is not None else None,
                starts_on=session.starts_on,
                ends_on=session.ends_on,
                site=session.site,
                attended=True,
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
