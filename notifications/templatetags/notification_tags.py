"""A module's title without markup (plain-text messages); the access predicates for templates."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from accounts.models import User
from catalogue.models import Module
from notifications import access

register = template.Library()


@register.filter
def module_plain(module: Module) -> str:
    return str(module.title_in((get_language() or "de").split("-")[0]))


@register.filter
def can_open_message_settings(user: User) -> bool:
    return access.can_open_message_settings(user)
