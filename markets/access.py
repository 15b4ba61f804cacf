"""What a user may do with labour-market profiles."""

from __future__ import annotations

from accounts.models import Role, User


def can_import_profiles(user: User) -> bool:
    return user.role == Role.MANAGER
