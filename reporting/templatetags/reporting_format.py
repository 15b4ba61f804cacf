"""Figures as readers of the current language expect them written."""

from __future__ import annotations

from fractions import Fraction

from babel import Locale
from babel.numbers import parse_pattern
from django import template
from django.conf import settings
from django.utils.translation import get_language, to_locale

from reporting.arithmetic import rounded

register = template.Library()


def format_share(value: Fraction, *, language: str) -> str:
    """A share as a percentage with at most one decimal: "48,9 %" in German, "48.9%" in English."""
    locale = Locale.parse(to_locale(language))
    # The locale's own pattern (spacing, sign position), allowing one optional decimal.
    pattern = parse_pattern(locale.percent_formats[None].pattern)
    pattern.frac_prec = (0, 1)
    # Round once, exactly, here; at three places of the fraction babel has nothing left to round.
    formatted: str = pattern.apply(rounded(value, places=3), locale)
    return formatted


@register.filter
def percentage(value: Fraction | None) -> str:
    if value is None:
        return ""
    return format_share(value, language=get_language() or settings.LANGUAGE_CODE)
