"""Reads about sessions: lists with seats taken, and the sessions a participant could join."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from accounts.models import User
from participants.models import Participant
from plans.models import PlanStatus
from scheduling.access import session_queryset_for_user
from scheduling.models import Session


def session_list_for_user(*, user: User, from_date: dt.date | None = None) -> QuerySet[Session]:
    queryset = session_queryset_for_user(user=user).select_related("module__trade", "site", "instructor")
    if from_date is not None:
        queryset = queryset.filter(ends_on__gte=from_date)
    return queryset.annotate(seats_taken=Count("enrolments")).order_by("starts_on", "module__code")


@dataclass
class SessionOption:
    session: Session
    seats_free: int
    ends_before_departure: bool
    already_enrolled: bool

    @property
    def can_enrol(self) -> bool:
        return self.seats_free > 0 and self.ends_before_departure and not self.already_enrolled


def session_options_for_participant(*, participant: Participant, today: dt.date) -> list[SessionOption]:
    """Sessions of the modules in the participant's agreed plan that have not ended yet."""
    module_ids = list(
        participant.plans.filter(status=PlanStatus.FINAL).values_list("items__module", flat=True)
    )
    enrolled = set(participant.enrolments.values_list("session_id", flat=True))
    sessions = (
        Session.objects.filter(module_id__in=module_ids, ends_on__gte=today)
        .select_related("module", "site", "instructor")
        .annotate(seats_taken=Count("enrolments"))
        .order_by("module__code", "starts_on")
    )
    return [
        SessionOption(
            session=session,
            seats_free=max(0, session.capacity - session.seats_taken),
            ends_before_departure=session.ends_on <= participant.planned_departure,
            already_enrolled=session.pk in enrolled,
        )
        for session in sessions
    ]
