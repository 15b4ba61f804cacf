"""Fetch-and-authorise for instructors: participants of their own site, for try-outs.

Counsellors and managers use `participants.access`. 404 for missing and not-yours."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import Role, User
from participants.access import participant_queryset_for_user
from participants.models import Participant


def tryout_participants_for_user(*, user: User) -> QuerySet[Participant]:
    if user.role == Role.INSTRUCTOR:
        if user.site_id is None:
            return Participant.objects.none()
        return Participant.objects.filter(site_id=user.site_id, anonymised_at__isnull=True)
    return participant_queryset_for_user(user=user)


def tryout_participant_get_for_user(*, user: User, pk: int) -> Participant:
    try:
        return tryout_participants_for_user(user=user).select_related("site").get(pk=pk)
    except Participant.DoesNotExist as exc:
        raise Http404 from exc


def can_record_tryout_for(user: User, participant: Participant) -> bool:
    """Instructors record try-outs only for participants of their own site's workshop."""
    return not (user.role == Role.INSTRUCTOR and user.site_id != participant.site_id)
