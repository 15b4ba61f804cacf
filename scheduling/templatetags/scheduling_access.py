"""The access predicates of `scheduling.access` for templates: `{% if user|can_manage_sessions %}`."""

from __future__ import annotations

from django import template

from accounts.models import User
from scheduling import access

register = template.Library()


@register.filter
def can_manage_sessions(user: User) -> bool:
    return access.can_manage_sessions(user)


@register.filter
def sees_own_sessions_only(user: User) -> bool:
    return access.sees_own_sessions_only(user)
