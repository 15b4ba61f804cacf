"""Who sees which funding lines: managers and the DPO all, a funder account its own lines."""

from __future__ import annotations

from accounts.models import Role, User


def can_see_every_line(user: User) -> bool:
    return user.role in (Role.MANAGER, Role.DPO)


def sees_own_lines_only(user: User) -> bool:
    """A funder account: its own funder's lines, and every figure small-cell suppressed."""
    return user.role == Role.FUNDER


def can_manage_funding(user: User) -> bool:
    """Funders, projects and funding lines are created and changed by managers."""
    return user.role == Role.MANAGER
