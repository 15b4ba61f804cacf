"""What the plans app holds about a person: the qualification plans (see vault/registry.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from participants.models import Participant
from plans.models import Plan, PlanItem, PlanStatus
from vault.registry import Contribution, Erasure, Holding, bilingual, day, moment, register


def export(participant: Participant) -> dict[str, Any]:
    plans = (
        Plan.objects.filter(participant=participant)
        # With a queryset, so each item's module comes in the same query as the items.
        .prefetch_related(Prefetch("items", queryset=PlanItem.objects.select_related("module").order_by("position")))
        .order_by("version")
    )
    return {
        "plans": [
            {
                "version": p.version,
                "status": p.status,
                "reason": p.reason,
                "agreed_on": day(p.agreed_on),
                "agreement_language": p.agreement_language,
                "created_at": moment(p.created_at),
                "items": [
                    {"position": i.position, "module": i.module.code, "title": i.module.title_de}
                    for i in p.items.all()
                ],
            }
            for p in plans
        ],
    }


def erase(erasure: Erasure) -> None:
    Plan.objects.filter(participant=erasure.participant).update(reason="")


def pdf_labels(view: dict[str, Any]) -> None:
    for plan in view["plans"]:
        plan["status_label"] = bilingual(PlanStatus, plan["status"])


CONTRIBUTION = register(
    Contribution(
        app_label="plans",
        order=30,
        holdings=(
            Holding(Plan, exported_in="plans", erasure="reason removed; versions, modules and dates kept"),
            Holding(PlanItem, exported_in="plans", erasure="kept: which modules (counted)"),
        ),
        export=export,
        erase=erase,
        pdf_template="plans/personal_data_pdf.html",
        pdf_labels=pdf_labels,
        last_activity=((Plan, "participant", "agreed_on"),),
    )
)
