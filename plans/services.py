"""Every write to a qualification plan. A final plan is never edited: changes make a new version."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_record
from accounts.models import AuditAction, User
from assessments.models import EscoOccupation
from assessments.profile import profile_levels
from assessments.selectors import competence_profile
from catalogue.models import Module
from markets.models import MarketProfileVersion
from markets.selectors import market_version_current
from participants.changes import participants_changed
from participants.models import Participant
from plans.models import Plan, PlanItem, PlanStatus

ERROR_DRAFT_EXISTS = _("There is already a draft plan; continue it instead.")
ERROR_FINAL_EXISTS = _("A final plan exists; change it by creating a new version with a reason.")
ERROR_NOT_DRAFT = _("Only a draft plan can be changed.")
ERROR_MODULE_IN_PLAN = _("This module is already in the plan.")
ERROR_EMPTY_PLAN = _("A plan needs at least one module before it can be agreed.")
ERROR_PREREQUISITE_ORDER = _("%(module)s needs %(prerequisite)s first: add it before this module.")
ERROR_REASON_REQUIRED = _("Give the reason for changing the agreed plan.")
ERROR_AGREED_IN_FUTURE = _("The agreement date cannot lie in the future.")
ERROR_AGREEMENT_LANGUAGE = _("Give the language in which the plan was explained.")


def _audit(acting_user: User, action: str, plan: Plan, **detail: object) -> None:
    audit_record(actor=acting_user, action=action, target=plan, participant_id=plan.participant_id, detail=detail)


def _require_draft(plan: Plan) -> None:
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(ERROR_NOT_DRAFT)


@transaction.atomic
def plan_start(*, acting_user: User, participant: Participant) -> Plan:
    existing = set(participant.plans.values_list("status", flat=True))
    if PlanStatus.DRAFT in existing:
        raise ValidationError(ERROR_DRAFT_EXISTS)
    if PlanStatus.FINAL in existing:
        raise ValidationError(ERROR_FINAL_EXISTS)
    plan = Plan.objects.create(participant=participant, version=1, created_by=acting_user)
    _audit(acting_user, AuditAction.PLAN_START, plan)
    return plan


@transaction.atomic
def plan_revise(*, acting_user: User, plan: Plan, reason: str) -> Plan:
    """Open a new draft version of a final plan, starting from its modules."""
    if plan.status != PlanStatus.FINAL:
        raise ValidationError(ERROR_NOT_DRAFT)
    if not reason.strip():
        raise ValidationError({"reason": ERROR_REASON_REQUIRED})
    if plan.participant.plans.filter(status=PlanStatus.DRAFT).exists():
        raise ValidationError(ERROR_DRAFT_EXISTS)
    latest = plan.participant.plans.aggregate(v=Max("version"))["v"] or 0
    draft = Plan.objects.create(
        participant=plan.participant, version=latest + 1, created_by=acting_user, reason=reason.strip(),
        target_occupation=plan.target_occupation, market_version=plan.market_version,
    )
    PlanItem.objects.bulk_create(
        PlanItem(plan=draft, module_id=item.module_id, position=item.position) for item in plan.items.all()
    )
    _audit(acting_user, AuditAction.PLAN_REVISE, draft, from_version=plan.version)
    return draft


@transaction.atomic
def plan_add_module(*, acting_user: User, plan: Plan, module: Module) -> PlanItem:
    _require_draft(plan)
    if plan.items.filter(module=module).exists():
        raise ValidationError(ERROR_MODULE_IN_PLAN)
    last = plan.items.aggregate(p=Max("position"))["p"] or 0
    item = PlanItem.objects.create(plan=plan, module=module, position=last + 1)
    _audit(acting_user, AuditAction.PLAN_ADD_MODULE, plan, module=module.code)
    return item


def _renumber(plan: Plan, ordered: list[PlanItem]) -> None:
    # Two passes so the unique (plan, position) constraint never sees a clash.
    offset = len(ordered) + 1000
    for index, item in enumerate(ordered, start=1):
        item.position = offset + index
    PlanItem.objects.bulk_update(ordered, ["position"])
    for index, item in enumerate(ordered, start=1):
        item.position = index
    PlanItem.objects.bulk_update(ordered, ["position"])


@transaction.atomic
def plan_remove_module(*, acting_user: User, plan: Plan, item: PlanItem) -> None:
    _require_draft(plan)
    code = item.module.code
    item.delete()
    _renumber(plan, list(plan.items.order_by("position")))
    _audit(acting_user, AuditAction.PLAN_REMOVE_MODULE, plan, module=code)


@transaction.atomic
def plan_move_item(*, acting_user: User, plan: Plan, item: PlanItem, offset: int) -> None:
    """Move one module up (offset -1) or down (+1) in the order."""
    _require_draft(plan)
    ordered = list(plan.items.order_by("position"))
    index = next(i for i, candidate in enumerate(ordered) if candidate.pk == item.pk)
    target = max(0, min(len(ordered) - 1, index + offset))
    ordered.insert(target, ordered.pop(index))
    _renumber(plan, ordered)
    _audit(acting_user, AuditAction.PLAN_REORDER, plan)


def modules_not_needed(*, participant: Participant) -> set[int]:
    """Modules the person need not take again: passed, or mastered by their competence profile."""
    levels = profile_levels(competence_profile(participant=participant))
    done = set(
        participant.enrolments.filter(result__outcome="passed").values_list("session__module_id", flat=True)
    )
    for module in Module.objects.prefetch_related("skills"):
        skills = list(module.skills.all())
        if skills and all(levels.get(s.skill_uri, 0) >= s.level for s in skills):
            done.add(module.pk)
    return done


def plan_order_problems(*, plan: Plan) -> list[str]:
    """Prerequisites that are missing from the plan or come after the module needing them
    (a prerequisite the person has passed or masters need not be in the plan)."""
    items = list(plan.items.select_related("module").prefetch_related("module__prerequisites"))
    position = {item.module_id: item.position for item in items}
    not_needed = modules_not_needed(participant=plan.participant) if items else set()
    problems = []
    for item in items:
        for prerequisite in item.module.prerequisites.all():
            if prerequisite.pk not in position and prerequisite.pk in not_needed:
                continue
            if position.get(prerequisite.pk, 10**6) > item.position:
                problems.append(
                    str(ERROR_PREREQUISITE_ORDER) % {"module": item.module.code, "prerequisite": prerequisite.code}
                )
    return problems


@transaction.atomic
def plan_set_target(
    *, acting_user: User, plan: Plan, target_occupation: EscoOccupation | None
) -> Plan:
    """Record the occupation the plan aims at, and the labour-market figures in force for it."""
    _require_draft(plan)
    plan.target_occupation = target_occupation
    plan.market_version = market_version_current(country=plan.participant.origin_country)
    plan.full_clean()
    plan.save(update_fields=["target_occupation", "market_version"])
    _audit(acting_user, AuditAction.PLAN_SET_TARGET, plan,
           target=target_occupation.uri if target_occupation else "",
           market_version=plan.market_version_id)
    return plan


@transaction.atomic
def plan_add_path(*, acting_user: User, plan: Plan, modules: list[Module]) -> list[PlanItem]:
    """Add a module path (prerequisites first); modules already in the plan are left where they are."""
    _require_draft(plan)
    present = set(plan.items.values_list("module_id", flat=True))
    last = plan.items.aggregate(p=Max("position"))["p"] or 0
    added = []
    for module in modules:
        if module.pk in present:
            continue
        last += 1
        added.append(PlanItem.objects.create(plan=plan, module=module, position=last))
        present.add(module.pk)
    _audit(acting_user, AuditAction.PLAN_ADD_PATH, plan, modules=[item.module.code for item in added])
    return added


@transaction.atomic
def plan_finalise(
    *,
    acting_user: User,
    plan: Plan,
    agreed_on: dt.date,
    today: dt.date | None = None,
    agreement_language: str = "",
    market_version: MarketProfileVersion | None = None,
) -> Plan:
    """Record that the participant agreed: the plan becomes final, an earlier final one superseded.

    Stamps the labour-market version in force (or the one given), so the plan remembers
    which figures its recommendation used."""
    _require_draft(plan)
    if today is not None and agreed_on > today:
        raise ValidationError({"agreed_on": ERROR_AGREED_IN_FUTURE})
    if not plan.items.exists():
        raise ValidationError(ERROR_EMPTY_PLAN)
    problems = plan_order_problems(plan=plan)
    if problems:
        raise ValidationError(problems)
    previous = plan.participant.plans.select_for_update().filter(status=PlanStatus.FINAL).first()
    if previous is not None:
        previous.status = PlanStatus.SUPERSEDED
        previous.save(update_fields=["status"])
    plan.status = PlanStatus.FINAL
    plan.agreed_on = agreed_on
    plan.agreement_language = agreement_language.strip()
    plan.market_version = (
        market_version or market_version_current(country=plan.participant.origin_country) or plan.market_version
    )
    plan.full_clean()
    plan.save(update_fields=["status", "agreed_on", "agreement_language", "market_version"])
    _audit(acting_user, AuditAction.PLAN_FINALISE, plan, version=plan.version,
           agreement_language=plan.agreement_language,
           market_version=plan.market_version_id)
    participants_changed(participant_ids=[plan.participant_id])  # the agreed modules changed
    return plan
