"""Reads about staff accounts."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet
from django.shortcuts import get_object_or_404
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import InstructorProfile, Role, User


def instructor_profile_of(*, user: User) -> InstructorProfile | None:
    return InstructorProfile.objects.filter(user=user).prefetch_related("trades").first()


def instructor_teaches_trade(*, instructor: User, trade_id: int) -> bool:
    """Whether the instructor may be assigned a session of this trade.

    With a profile, only its trades; an instructor without a profile yet is not restricted
    (older accounts), and the session page shows that the profile is missing."""
    profile = InstructorProfile.objects.filter(user=instructor).first()
    if profile is None:
        return True
    return profile.trades.filter(pk=trade_id).exists()


def instructors_with_profiles() -> QuerySet[User]:
    """Active instructors, their profile and trades fetched with them (three queries)."""
    return (
        User.objects.filter(role=Role.INSTRUCTOR, is_active=True)
        .select_related("site", "instructor_profile")
        .prefetch_related("instructor_profile__trades")
        .order_by("last_name", "first_name")
    )


def staff_list(*, show_inactive: bool = False) -> QuerySet[User]:
    """Staff accounts for the manager's list (superusers are administered by superusers only),
    with site, funder and whether an authenticator is set up (one query)."""
    users = (
        User.objects.exclude(role=Role.PARTICIPANT).filter(is_superuser=False)
        .select_related("site", "funder")
        .annotate(has_authenticator=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)))
        .order_by("-is_active", "last_name", "first_name", "username")
    )
    return users if show_inactive else users.filter(is_active=True)


def staff_get_for_manager(*, pk: int) -> User:
    """A staff account a manager may administer: 404 for participants' logins, superusers and unknown ids."""
    return get_object_or_404(User.objects.exclude(role=Role.PARTICIPANT).filter(is_superuser=False), pk=pk)
