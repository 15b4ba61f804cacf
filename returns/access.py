"""Fetch-and-authorise for hand-overs and follow-ups: 404 for missing and not-yours alike."""

from __future__ import annotations

from django.http import Http404

from accounts.audit import audit_read
from accounts.models import Role, User
from participants.access import participant_queryset_for_user
from returns.models import FollowUp, Handover


def handover_get_for_user(*, user: User, pk: int) -> Handover:
    try:
        handover = Handover.objects.select_related("participant", "organisation").get(
            pk=pk, participant__in=participant_queryset_for_user(user=user)
        )
    except Handover.DoesNotExist as exc:
        raise Http404 from exc
    audit_read(actor=user, participant_ids=[handover.participant_id], target=handover)
    return handover


def follow_up_get_for_user(*, user: User, pk: int) -> FollowUp:
    try:
        follow_up = FollowUp.objects.select_related("participant").get(
            pk=pk, participant__in=participant_queryset_for_user(user=user)
        )
    except FollowUp.DoesNotExist as exc:
        raise Http404 from exc
    audit_read(actor=user, participant_ids=[follow_up.participant_id], target=follow_up)
    return follow_up


def can_edit_organisations(user: User) -> bool:
    return user.role == Role.MANAGER
