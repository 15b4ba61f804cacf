"""Which sessions a user may see or run. 404 for missing and not-yours."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import Role, Site, User
from scheduling.models import ScheduleRun, Session


def session_queryset_for_user(*, user: User) -> QuerySet[Session]:
    if user.role in (Role.MANAGER, Role.COUNSELLOR):
        return Session.objects.all()
    if user.role == Role.INSTRUCTOR:
        return Session.objects.filter(instructor=user)
    return Session.objects.none()


def session_get_for_user(*, user: User, pk: int) -> Session:
    try:
        return session_queryset_for_user(user=user).select_related(
            "module__trade", "site", "instructor", "funding_line__funder"
        ).get(pk=pk)
    except Session.DoesNotExist as exc:
        raise Http404 from exc


def session_get_for_instructor(*, user: User, pk: int) -> Session:
    """Sessions whose attendance and results the user may record: own sessions, or any for managers."""
    if user.role == Role.MANAGER:
        queryset = Session.objects.all()
    elif user.role == Role.INSTRUCTOR:
        queryset = Session.objects.filter(instructor=user)
    else:
        raise Http404
    try:
        return queryset.select_related("module__trade", "site", "instructor").get(pk=pk)
    except Session.DoesNotExist as exc:
        raise Http404 from exc


def site_get_for_user(*, user: User, pk: int) -> Site:
    """Sites whose workshop occupancy a user may see: any for managers, their own for counsellors."""
    queryset = Site.objects.all()
    if user.role != Role.MANAGER:
        queryset = queryset.filter(pk=user.site_id) if user.site_id is not None else Site.objects.none()
    try:
        return queryset.get(pk=pk)
    except Site.DoesNotExist as exc:
        raise Http404 from exc


def schedule_run_get_for_user(*, user: User, pk: int) -> ScheduleRun:
    if user.role != Role.MANAGER:
        raise Http404
    try:
        return ScheduleRun.objects.select_related("created_by").get(pk=pk)
    except ScheduleRun.DoesNotExist as exc:
        raise Http404 from exc


def can_manage_sessions(user: User) -> bool:
    """Create sessions, run the optimiser and session planning."""
    return user.role == Role.MANAGER


def sees_every_site(user: User) -> bool:
    return user.role == Role.MANAGER


def sees_own_sessions_only(user: User) -> bool:
    """Instructors see the sessions they teach."""
    return user.role == Role.INSTRUCTOR


def sees_own_site_participants_only(user: User) -> bool:
    """Counsellors see names only of their own site's participants (the rest as a count)."""
    return user.role == Role.COUNSELLOR


def can_record_attendance(user: User, session: Session) -> bool:
    """Managers for any session, instructors for their own (as `session_get_for_instructor`)."""
    return user.role == Role.MANAGER or session.instructor_id == user.pk
