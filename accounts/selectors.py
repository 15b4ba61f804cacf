"""Reads about staff accounts."""

from __future__ import annotations

from django.db.models import QuerySet

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
