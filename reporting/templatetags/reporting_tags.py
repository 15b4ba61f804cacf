from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext

register = template.Library()


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key)


@register.filter
def hyphenate(value: str) -> str:
    return value.replace("_", "-")


@register.filter
def cell(value: Any) -> Any:
    """A table cell for people: the "hidden" marker of suppressed data in the reader's language."""
    from reporting.selectors import SUPPRESSED_HIDDEN

    return gettext("hidden") if value == SUPPRESSED_HIDDEN else value
