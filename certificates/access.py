"""Fetch-and-authorise for certificates: 404 for both "missing" and "not yours"."""

from __future__ import annotations

from django.http import Http404

from accounts.models import User
from certificates.models import Certificate
from participants.access import participant_queryset_for_user


def certificate_get_for_user(*, user: User, pk: int) -> Certificate:
    """A certificate whose participant the user may see (managers all, counsellors own site)."""
    visible = participant_queryset_for_user(user=user)
    try:
        return Certificate.objects.select_related("participant", "plan").get(pk=pk, participant__in=visible)
    except Certificate.DoesNotExist as exc:
        raise Http404 from exc
