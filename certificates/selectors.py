"""Reads about certificates: may this participant get one, and what goes on it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from accounts.models import Site
from catalogue.models import MINUTES_PER_TEACHING_UNIT, Module, Trade
from certificates.models import Certificate
from participants.models import Participant
from plans.models import Plan, PlanItem, PlanStatus
from scheduling.models import Enrolment
from training.models import Outcome

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


def certificate_eligibility(*, participant: Participant) -> Eligibility:
    """A participant may get a certificate when every module of their final plan is passed.

    "Passed" means an enrolment in a session of that module whose result is "passed".
    Three queries, however many modules the plan holds.
    """
    plan = Plan.objects.filter(participant=participant, status=PlanStatus.FINAL).first()
    if plan is None:
        return Eligibility(eligible=False, missing=[str(REASON_NO_FINAL_PLAN)])
    items = list(plan.items.select_related("module").order_by("position"))
    if not items:
        return Eligibility(eligible=False, missing=[str(REASON_PLAN_WITHOUT_MODULES)], plan=plan)
    module_ids = [item.module_id for item in items]
    enrolled: set[int] = set()
    passed: set[int] = set()
    rows = Enrolment.objects.filter(participant=participant, session__module_id__in=module_ids).values_list(
        "session__module_id", "result__outcome"
    )
    for module_id, outcome in rows:
        enrolled.add(module_id)
        if outcome == Outcome.PASSED:
            passed.add(module_id)
    missing: list[str] = []
    for item in items:
        code = item.module.code
        if item.module_id not in enrolled:
            missing.append(REASON_NOT_ENROLLED % {"code": code})
        elif item.module_id not in passed:
            missing.append(REASON_NO_PASSED_RESULT % {"code": code})
    return Eligibility(eligible=not missing, missing=missing, plan=plan)


@dataclass(frozen=True)
class CertificateLine:
    """One module as printed on the certificate."""

    module: Module
    passed: bool
    result_recorded_on: dt.date | None
    starts_on: dt.date | None
    ends_on: dt.date | None
    site: Site | None


@dataclass(frozen=True)
class CertificateDocument:
    """Everything the certificate PDF prints, gathered with a fixed number of queries."""

    certificate: Certificate
    participant: Participant
    lines: list[CertificateLine]
    trades: list[Trade]
    sites: list[Site]

    @property
    def total_hours(self) -> Decimal:
        return sum((line.module.hours for line in self.lines), Decimal(0))

    @property
    def total_teaching_units(self) -> Decimal:
        # From the total hours, so the total is not off by the rounding of each line.
        return (self.total_hours * 60 / MINUTES_PER_TEACHING_UNIT).quantize(Decimal("0.1"))


def certificate_document(*, certificate: Certificate) -> CertificateDocument:
    """The modules of the certificate's plan with the passed session of each.

    When a module was passed more than once, the latest session counts.
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
    enrolments = (
        Enrolment.objects.filter(
            participant_id=certificate.participant_id,
            session__module_id__in=module_ids,
            result__outcome=Outcome.PASSED,
        )
        .select_related("session__site", "result")
        .order_by("session__starts_on", "pk")
    )
    for passed_enrolment in enrolments:
        passed_by_module[passed_enrolment.session.module_id] = passed_enrolment  # later sessions win
    lines: list[CertificateLine] = []
    trades: dict[int, Trade] = {}
    sites: dict[int, Site] = {}
    for item in items:
        module = item.module
        trades.setdefault(module.trade_id, module.trade)
        enrolment = passed_by_module.get(module.pk)
        if enrolment is None:
            lines.append(CertificateLine(module, False, None, None, None, None))
            continue
        session = enrolment.session
        sites.setdefault(session.site_id, session.site)
        lines.append(
            CertificateLine(
                module=module,
                passed=True,
                result_recorded_on=enrolment.result.recorded_on,
                starts_on=session.starts_on,
                ends_on=session.ends_on,
                site=session.site,
            )
        )
    return CertificateDocument(
        certificate=certificate,
        participant=certificate.participant,
        lines=lines,
        trades=list(trades.values()),
        sites=list(sites.values()),
    )
