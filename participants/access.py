"""Fetch-and-authorise: which participants a user may see. 404 for missing and not-yours."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import Role, User
from participants.models import Participant


def participant_queryset_for_user(*, user: User) -> QuerySet[Participant]:
    if user.role == Role.MANAGER:
        return Participant.objects.all()
    if user.role == Role.COUNSELLOR and user.site_id is not None:
        return Participant.objects.filter(site_id=user.site_id)
    return Participant.objects.none()


def participant_get_for_user(*, user: User, pk: int) -> Participant:
    try:
        return (
            participant_queryset_for_user(user=user)
            .select_related("site", "counsellor", "funding_line__funder")
            .get(pk=pk)
        )
    except Participant.DoesNotExist as exc:
        raise Http404 from exc


def can_take_in_at_any_site(user: User) -> bool:
    """Managers take people in at every site; counsellors at their own."""
    return user.role == Role.MANAGER


def works_at_one_site(user: User) -> bool:
    """Counsellors: intake defaults to their site and to themselves as the counsellor."""
    return user.role == Role.COUNSELLOR
