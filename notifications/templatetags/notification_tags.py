"""For plain-text messages: a module's title in the active language, without markup."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from catalogue.models import Module

register = template.Library()


@register.filter
def module_plain(module: Module) -> str:
    return str(module.title_in((get_language() or "de").split("-")[0]))
