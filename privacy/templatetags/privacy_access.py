"""The access predicates of `privacy.access` for templates: `{% if user|can_erase %}`."""

from __future__ import annotations

from django import template

from accounts.models import User
from privacy import access

register = template.Library()


@register.filter
def can_erase(user: User) -> bool:
    return access.can_erase(user)
