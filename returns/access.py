"""Fetch-and-authorise for hand-overs and follow-ups: 404 for missing and not-yours alike."""

from __future__ import annotations

from django.http import Http404

from accounts.models import Role, User
from participants.access import participant_queryset_for_user
from returns.models import FollowUp, Handover


def handover_get_for_user(*, user: User, pk: int) -> Handover:
    try:
        return Handover.objects.select_related("participant", "organisation").get(
            pk=pk, participant__in=participant_queryset_for_user(user=user)
        )
    except Handover.DoesNotExist as exc:
        raise Http404 from exc


def follow_up_get_for_user(*, user: User, pk: int) -> FollowUp:
    try:
        return FollowUp.objects.select_related("participant").get(
            pk=pk, participant__in=participant_queryset_for_user(user=user)
        )
    except FollowUp.DoesNotExist as exc:
        raise Http404 from exc


def can_edit_organisations(user: User) -> bool:
    return user.role == Role.MANAGER
