"""What a user may do with the figures (the views' `allow()` decides who reaches a page;
these say what the page offers). Funders' scope: `funding.access.sees_own_lines_only`."""

from __future__ import annotations

from accounts.models import Role, User


def can_drill_down(user: User) -> bool:
    """See the people behind a figure (staff who may see them: their own site for counsellors)."""
    return user.role in (Role.MANAGER, Role.COUNSELLOR)


def can_export(user: User) -> bool:
    return user.role in (Role.MANAGER, Role.FUNDER)


def can_see_exit_reasons(user: User) -> bool:
    """Why people leave early: for steering the programme, so staff only (funders get no drop-outs)."""
    return user.role in (Role.MANAGER, Role.COUNSELLOR)


def can_see_satisfaction(user: User) -> bool:
    """Survey answers carry no funding line or site, so only the programme as a whole sees them."""
    return user.role == Role.MANAGER


def can_close_period(user: User) -> bool:
    return user.role == Role.MANAGER


def sees_whole_programme(user: User) -> bool:
    """Every record of every site (managers); counsellors see their site's, funders their lines'."""
    return user.role == Role.MANAGER
