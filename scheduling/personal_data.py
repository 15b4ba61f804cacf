"""What the scheduling app holds about a person: enrolments (exported with their attendance and
results by training/personal_data.py), the earliest start, pins and optimiser proposals."""

from __future__ import annotations

from typing import Any

from participants.models import Participant
from scheduling.models import Enrolment, Pin, PlanRisk, ScheduleMove, ScheduleRisk, SchedulingProfile
from vault.registry import Contribution, Erasure, Holding, day, moment, register


def export(participant: Participant) -> dict[str, Any]:
    profile = SchedulingProfile.objects.filter(participant=participant).first()
    pins = Pin.objects.filter(participant=participant).select_related("session__module").order_by("created_at", "pk")
    return {
        "scheduling": {
            "earliest_start": day(profile.earliest_start) if profile is not None else None,
            "pinned_sessions": [
                {"module": pin.session.module.code, "starts_on": day(pin.session.starts_on),
                 "pinned_at": moment(pin.created_at)}
                for pin in pins
            ],
        },
    }


def erase(erasure: Erasure) -> None:
    # Optimiser proposals and pins are working data about a person still in the programme;
    # no figure counts them.
    ScheduleMove.objects.filter(participant=erasure.participant).delete()
    ScheduleRisk.objects.filter(participant=erasure.participant).delete()
    PlanRisk.objects.filter(participant=erasure.participant).delete()
    Pin.objects.filter(participant=erasure.participant).delete()


CONTRIBUTION = register(
    Contribution(
        app_label="scheduling",
        order=40,
        holdings=(
            Holding(Enrolment, exported_in="enrolments", erasure="kept: which session (counted)"),
            Holding(SchedulingProfile, exported_in="scheduling", erasure="kept: a date that identifies no one"),
            Holding(Pin, exported_in="scheduling", erasure="deleted"),
            Holding(ScheduleMove, erasure="deleted (an optimiser proposal)"),
            Holding(ScheduleRisk, erasure="deleted (an optimiser proposal)"),
            Holding(PlanRisk, erasure="deleted (derived: recomputed from plan, departure and seats)"),
        ),
        export=export,
        erase=erase,
        pdf_template="scheduling/personal_data_pdf.html",
        last_activity=((Enrolment, "participant", "session__ends_on"),),
    )
)
