"""What the returns app holds about a person: the return, hand-overs to partners and the
follow-up surveys (see vault/registry.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.db.models.functions import Least

from participants.models import Participant
from returns.models import FollowUp, FollowUpChannel, FollowUpKind, Handover, HandoverState, Return, ReturnStatus
from vault.registry import Contribution, Erasure, Holding, bilingual, day, moment, register


def export(participant: Participant) -> dict[str, Any]:
    return_record = Return.objects.filter(participant=participant).select_related("referral_source").first()
    handovers = (
        Handover.objects.filter(participant=participant).select_related("organisation").order_by("created_at", "pk")
    )
    follow_ups = FollowUp.objects.filter(participant=participant).order_by("due_on", "pk")
    return {
        "return": (
            {
                "status": return_record.status,
                "status_date": day(return_record.status_date),
                "actual_departure": day(return_record.actual_departure),
                "reason": return_record.reason,
                "return_programme": return_record.return_programme,
                "travel_support": return_record.travel_support,
                "destination_region": return_record.destination_region,
                "referred_by": return_record.referral_source.name if return_record.referral_source else None,
            }
            if return_record is not None
            else None
        ),
        "handovers": [
            {
                "partner": h.organisation.name,
                "created_at": moment(h.created_at),
                "business_idea": h.business_idea,
                "needs": h.needs,
                "contact_preferences": h.contact_preferences,
                "state": h.state,
                "responded_at": moment(h.responded_at),
                "response_note": h.response_note,
            }
            for h in handovers
        ],
        "follow_ups": [
            {
                "kind": f.kind,
                "due_on": day(f.due_on),
                "language": f.language,
                "answered_on": day(f.answered_on),
                "channel": f.channel,
                "answers": dict(f.answers),
                "economic": f.economic,
                "social": f.social,
                "psychosocial": f.psychosocial,
            }
            for f in follow_ups
        ],
    }


def erase(erasure: Erasure) -> None:
    """Free texts and the survey answers go; the return status and dates, the hand-over's
    partner and state and the dimension scores stay (counted). Open links stop working."""
    person = erasure.participant
    Return.objects.filter(participant=person).update(reason="", destination_region="")
    Handover.objects.filter(participant=person).update(
        business_idea="", needs="", contact_preferences="", response_note="",
        expires_at=Least("expires_at", erasure.erased_at),
    )
    FollowUp.objects.filter(participant=person).update(answers={})
    FollowUp.objects.filter(participant=person).filter(~Q(token_hash="")).update(
        token_hash="", link_expires_at=None
    )


def pdf_labels(view: dict[str, Any]) -> None:
    if view["return"]:
        view["return"]["status_label"] = bilingual(ReturnStatus, view["return"]["status"])
    for handover in view["handovers"]:
        handover["state_label"] = bilingual(HandoverState, handover["state"])
    for follow_up in view["follow_ups"]:
        follow_up["kind_label"] = bilingual(FollowUpKind, follow_up["kind"])
        follow_up["channel_label"] = bilingual(FollowUpChannel, follow_up["channel"])
        follow_up["answer_list"] = sorted(follow_up["answers"].items())


CONTRIBUTION = register(
    Contribution(
        app_label="returns",
        order=70,
        holdings=(
            Holding(Return, exported_in="return",
                    erasure="reason and destination region removed; status, dates and programme codes kept"),
            Holding(Handover, exported_in="handovers",
                    erasure="business idea, needs, contact preferences and partner's note removed; link expired"),
            Holding(FollowUp, exported_in="follow_ups",
                    erasure="answers removed, link withdrawn; dates and dimension scores kept"),
        ),
        export=export,
        erase=erase,
        pdf_template="returns/personal_data_pdf.html",
        pdf_labels=pdf_labels,
    )
)
