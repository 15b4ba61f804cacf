"""Which sessions' attendance a user may read or record."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import Role, User
from scheduling.models import Session
from training.models import OfflineDevice


def session_queryset_visible_for(user: User) -> QuerySet[Session]:
    """Sessions whose attendance the user may read: managers all; instructors and counsellors
    their site's (the staff of the site)."""
    if user.role == Role.MANAGER:
        return Session.objects.all()
    if user.role in (Role.INSTRUCTOR, Role.COUNSELLOR) and user.site_id is not None:
        return Session.objects.filter(site_id=user.site_id)
    return Session.objects.none()


def session_queryset_recordable_by(user: User) -> QuerySet[Session]:
    """Sessions whose attendance the user may record: managers all, instructors their own."""
    if user.role == Role.MANAGER:
        return Session.objects.all()
    if user.role == Role.INSTRUCTOR:
        return Session.objects.filter(instructor=user)
    return Session.objects.none()


def can_take_sheets_offline(user: User) -> bool:
    """Only instructors take day sheets offline: a manager's "all sessions" would put every
    participant of the programme on one phone."""
    return user.role == Role.INSTRUCTOR


def offline_device_get_for_user(*, user: User, pk: int) -> OfflineDevice:
    """A device a manager may revoke (managers see every site's); 404 otherwise."""
    device = OfflineDevice.objects.select_related("user", "revoked_by").filter(pk=pk).first()
    if device is None or user.role != Role.MANAGER:
        raise Http404
    return device
