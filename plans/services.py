"""Every write to a qualification plan. A final plan is never edited: changes make a new version."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_record
from accounts.models import User
from catalogue.models import Module
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
    _audit(acting_user, "plan.start", plan)
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
        participant=plan.participant, version=latest + 1, created_by=acting_user, reason=reason.strip()
    )
    PlanItem.objects.bulk_create(
        PlanItem(plan=draft, module_id=item.module_id, position=item.position) for item in plan.items.all()
    )
    _audit(acting_user, "plan.revise", draft, from_version=plan.version)
    return draft


@transaction.atomic
def plan_add_module(*, acting_user: User, plan: Plan, module: Module) -> PlanItem:
    _require_draft(plan)
    if plan.items.filter(module=module).exists():
        raise ValidationError(ERROR_MODULE_IN_PLAN)
    last = plan.items.aggregate(p=Max("position"))["p"] or 0
    item = PlanItem.objects.create(plan=plan, module=module, position=last + 1)
    _audit(acting_user, "plan.add_module", plan, module=module.code)
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
    _audit(acting_user, "plan.remove_module", plan, module=code)


@transaction.atomic
def plan_move_item(*, acting_user: User, plan: Plan, item: PlanItem, offset: int) -> None:
    """Move one module up (offset -1) or down (+1) in the order."""
    _require_draft(plan)
    ordered = list(plan.items.order_by("position"))
    index = next(i for i, candidate in enumerate(ordered) if candidate.pk == item.pk)
    target = max(0, min(len(ordered) - 1, index + offset))
    ordered.insert(target, ordered.pop(index))
    _renumber(plan, ordered)
    _audit(acting_user, "plan.reorder", plan)


def plan_order_problems(*, plan: Plan) -> list[str]:
    """Prerequisites that are missing from the plan or come after the module needing them."""
    items = list(plan.items.select_related("module").prefetch_related("module__prerequisites"))
    position = {item.module_id: item.position for item in items}
    problems = []
    for item in items:
        for prerequisite in item.module.prerequisites.all():
            if position.get(prerequisite.pk, 10**6) > item.position:
                problems.append(
                    str(ERROR_PREREQUISITE_ORDER) % {"module": item.module.code, "prerequisite": prerequisite.code}
                )
    return problems


@transaction.atomic
def plan_finalise(*, acting_user: User, plan: Plan, agreed_on: dt.date, today: dt.date | None = None) -> Plan:
    """Record that the participant agreed: the plan becomes final, an earlier final one superseded."""
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
    plan.full_clean()
    plan.save(update_fields=["status", "agreed_on"])
    _audit(acting_user, "plan.finalise", plan, version=plan.version)
    return plan
