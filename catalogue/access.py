"""Who may change the catalogue."""

from __future__ import annotations

from accounts.models import Role, User


def can_edit_catalogue(user: User) -> bool:
    """Modules, their skills and translations are changed by managers."""
    return user.role == Role.MANAGER
