"""The access predicates of `markets.access` for templates: `{% if user|can_import_profiles %}`."""

from __future__ import annotations

from django import template

from accounts.models import User
from markets import access

register = template.Library()


@register.filter
def can_import_profiles(user: User) -> bool:
    return access.can_import_profiles(user)
