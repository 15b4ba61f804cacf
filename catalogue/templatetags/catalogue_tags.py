"""Catalogue texts in the reader's language, with the English fallback made visible."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, linebreaks
from django.utils.safestring import SafeString
from django.utils.translation import pgettext

from catalogue.models import LocalisedText, Module, Trade

register = template.Library()


def _render(value: LocalisedText, *, multiline: bool = False) -> SafeString:
    text = linebreaks(value.text, autoescape=True) if multiline else value.text
    if not value.fallback:
        return format_html("{}", text)
    # Marked as English (screen readers switch voice) and said so: never passed off as translated.
    tag = "div" if multiline else "span"
    return format_html(
        '<{} lang="en" dir="ltr" class="fallback">{}</{}> <small class="fallback-note">({})</small>',
        tag, text, tag, pgettext("participant", "in English, not yet translated"),
    )


@register.simple_tag
def module_title(module: Module, language: str | None = None) -> SafeString:
    return _render(module.title_in(language))


@register.simple_tag
def module_outcomes(module: Module, language: str | None = None) -> SafeString:
    return _render(module.learning_outcomes_in(language), multiline=True)


@register.simple_tag
def trade_name(trade: Trade, language: str | None = None) -> SafeString:
    return _render(trade.name_in(language))
