from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import pgettext

from reporting.templatetags.reporting_format import percentage

register = template.Library()


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key)


@register.filter
def hyphenate(value: str) -> str:
    return value.replace("_", "-")


@register.filter
def cell(value: Any) -> Any:
    """A figure as the reader's language writes it: the withheld marker translated, numbers with the
    locale's separators ("1.234", "12,5" in German)."""
    from reporting.selectors import SUPPRESSED

    if value == SUPPRESSED:
        return pgettext("figure withheld", "withheld")
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return number_format(value, force_grouping=True)
    if isinstance(value, float | Decimal):
        return number_format(Decimal(str(value)).normalize() if value % 1 == 0 else value, decimal_pos=1,
                             force_grouping=True)
    return value


@register.filter
def figure(row: dict[str, Any], name: str) -> Any:
    """One figure of a report row, formatted: a share as a percentage ("66,7 %" in German)."""
    value = row.get(name)
    if name == "share_qualified_and_returned" and isinstance(value, float | int) and not isinstance(value, bool):
        return percentage(Fraction(str(value)))
    if value is None:
        return "–"
    return cell(value)
