"""Fetch-and-authorise for notifications: 404 for both "missing" and "not yours"."""

from __future__ import annotations

from django.http import Http404

from accounts.models import Role, User
from notifications.models import ChannelConsent
from participants.access import participant_get_for_user
from participants.models import Participant


def can_have_calendar(user: User) -> bool:
    """Instructors get a calendar of their sessions."""
    return user.role == Role.INSTRUCTOR


def can_open_message_settings(user: User) -> bool:
    """Counsellors and instructors get a daily digest and choose its language."""
    return user.role in (Role.INSTRUCTOR, Role.COUNSELLOR)


def participant_for_channels(*, user: User, pk: int) -> Participant:
    """The participant whose channels the user manages (counsellors: own site); audited read."""
    return participant_get_for_user(user=user, pk=pk)


def channel_consent_get_for_user(*, user: User, participant: Participant, pk: int) -> ChannelConsent:
    consent = ChannelConsent.objects.filter(participant=participant, pk=pk).first()
    if consent is None:
        raise Http404
    return consent
