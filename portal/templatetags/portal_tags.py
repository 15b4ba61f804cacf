"""Dates, times and numbers in the reader's locale (Babel), and pictograms."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from urllib.parse import quote_plus

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time
from babel.numbers import format_decimal
from django import template
from django.templatetags.static import static
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString

from languages.catalogues import reviewed_by_native_speaker
from languages.plurals import gettext_count
from languages.purposes import PARTICIPANT_LANGUAGES, STAFF_LANGUAGES, Purpose, language_for
from participants.models import Participant
from portal.gendered import gendered_gettext
from portal.models import PortalAccount

register = template.Library()


def _locale() -> Locale:
    code = (translation.get_language() or "en").replace("-", "_")
    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


@register.filter
def babel_date(value: dt.date | None, style: str = "full") -> str:
    return "" if value is None else format_date(value, format=style, locale=_locale())


@register.filter
def babel_time(value: dt.time | None) -> str:
    return "" if value is None else format_time(value, format="short", locale=_locale())


@register.filter
def babel_number(value: int | float | Decimal | None) -> str:
    return "" if value is None else format_decimal(value, locale=_locale())


@register.simple_tag(takes_context=True)
def ptrans(context: template.Context, message: str) -> str:
    """`{% ptrans "…" %}`: a participant string in the form for the reader's recorded gender
    (portal/gendered.py), the neutral one when it is not known or nobody is logged in."""
    account = context.get("account")
    participant = getattr(account, "participant", None) or context.get("participant")
    return gendered_gettext(message, gender=getattr(participant, "gender", None))


@register.filter
def plural_count(value: int | float | Decimal | None) -> int:
    """The number gettext chooses the plural form with (`{% blocktranslate count %}`): whole
    numbers as they are, fractions by their CLDR category in the page's language."""
    return 0 if value is None else gettext_count(translation.get_language() or "en", value)


@register.filter
def map_link(address: str) -> str:
    """An OpenStreetMap search for the address (opens the phone's browser, no script here)."""
    return f"https://www.openstreetmap.org/search?query={quote_plus(address)}"


@register.simple_tag
def pictogram(name: str, size: int = 48) -> SafeString:
    """A small decorative picture: the words beside it carry the meaning (alt="")."""
    return format_html(
        '<img class="pictogram" src="{}" alt="" width="{}" height="{}" loading="lazy">',
        static(f"portal/pictograms/{name}.svg"), size, size,
    )


@register.inclusion_tag("portal/_case_file_section.html", takes_context=True)
def portal_section(context: template.Context, participant: Participant) -> dict[str, object]:
    """The portal block of the case file: invitation state, new code, side-by-side pages."""

    account = PortalAccount.objects.filter(participant=participant).first()
    language = account.language if account else language_for(Purpose.PORTAL, participant.languages)
    return {"participant": participant, "account": account, "request": context.get("request"),
            "csrf_token": context.get("csrf_token"),
            # staff read the wording a participant reads has not been checked by a native speaker
            "portal_language_name": PARTICIPANT_LANGUAGES.get(language, language),
            "portal_language_unreviewed": language not in STAFF_LANGUAGES and not reviewed_by_native_speaker(language)}
