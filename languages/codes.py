"""Countries and ISO 639 languages, named in the reader's language.

Countries: the one source for intake, edit, assessments, reports and imports. The codes
are ISO 3166-1 (pycountry) plus Kosovo (XK); the names come from CLDR through Babel, in
every staff and participant language. Languages: pycountry's ISO 639 list and its
translated names. Nothing here is typed by hand except which languages the programme
usually meets, offered first.
"""

from __future__ import annotations

import gettext
import unicodedata
from functools import lru_cache

import pycountry
from babel import Locale, UnknownLocaleError
from django.utils.translation import get_language

# Languages participants of the programme commonly speak (ISO 639-1, or 639-3
# where no two-letter code exists: prs Dari, kmr Kurmanji).
PROGRAMME_LANGUAGES = [
    "ar", "fa", "prs", "ps", "ti", "am", "so", "kmr", "ckb", "tr", "ru", "ka", "sq", "sr",
    "fr", "en", "de", "uk", "ur", "bn", "ha", "wo", "ig", "yo", "mk", "ro", "vi", "zh",
]


#: languages whose country names an import recognises: staff and participant languages
COUNTRY_NAME_LANGUAGES = ("de", "en", "ar", "tr", "ku", "fa", "ps", "ti", "fr", "ru", "ka", "sq", "sr")


@lru_cache(maxsize=32)
def _translation(domain: str, language: str) -> gettext.NullTranslations:
    try:
        return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language])
    except FileNotFoundError:
        return gettext.NullTranslations()


def _lang() -> str:
    return (get_language() or "de").split("-")[0]


#: Kosovo: a user-assigned code (ISO 3166 lacks it, so pycountry does too), used by the
#: EU, CLDR and the German authorities' data exchange; one of the main return countries.
EXTRA_COUNTRIES = ("XK",)
#: names in common use that CLDR gives only as variants (or not at all), seen in imports
COUNTRY_ALIASES = {
    "Elfenbeinküste": "CI", "Ivory Coast": "CI", "Burma": "MM", "Birma": "MM", "Swaziland": "SZ",
    "Swasiland": "SZ", "Weißrussland": "BY", "Kapverden": "CV", "Cape Verde": "CV", "Osttimor": "TL",
    "East Timor": "TL", "Macedonia": "MK", "Mazedonien": "MK", "Kongo-Kinshasa": "CD", "Kongo-Brazzaville": "CG",
    "Czech Republic": "CZ", "Tschechische Republik": "CZ", "Türkiye": "TR",
}
#: three-letter forms seen in imports for the extra codes
EXTRA_ALPHA_3 = {"XKX": "XK", "XKK": "XK", "RKS": "XK"}


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    """Every country the programme can record: ISO 3166-1 alpha-2 plus Kosovo."""
    return frozenset({str(c.alpha_2) for c in pycountry.countries} | set(EXTRA_COUNTRIES))


@lru_cache(maxsize=64)
def _territories(language: str) -> dict[str, str]:
    """CLDR's country names in `language` (Babel); English where CLDR has no such locale."""
    try:
        return dict(Locale.parse(language.replace("-", "_")).territories)
    except (UnknownLocaleError, ValueError):
        return dict(Locale.parse("en").territories)


def country_name(code: str, language: str | None = None) -> str:
    """The country's name in the reader's language (CLDR via Babel: every staff and
    participant language, Kosovo included); the code itself if it is no country."""
    key = code.upper() if code else ""
    if key not in country_codes():
        return code
    return _territories(language or _lang()).get(key) or _territories("en").get(key) or key


def is_country(code: str) -> bool:
    return bool(code) and code.upper() in country_codes()


def country_choices(language: str | None = None) -> list[tuple[str, str]]:
    lang = language or _lang()
    return _country_choices(lang)


@lru_cache(maxsize=16)
def _country_choices(lang: str) -> list[tuple[str, str]]:
    names = [(code, country_name(code, lang)) for code in country_codes()]
    return sorted(names, key=lambda pair: pair[1].casefold())


def country_key(text: str) -> str:
    """A spelling-insensitive key for a country name: case, accents, apostrophe and dash
    forms and spacing do not matter ("Côte d’Ivoire" = "Cote d'Ivoire" = "COTE D IVOIRE")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join("".join(ch if ch.isalnum() else " " for ch in plain).split())


@lru_cache(maxsize=1)
def _countries_by_name() -> dict[str, str]:
    names: dict[str, str] = {country_key(alias): code for alias, code in COUNTRY_ALIASES.items()}
    for language in COUNTRY_NAME_LANGUAGES:
        for code in country_codes():
            names.setdefault(country_key(country_name(code, language)), code)
    for country in pycountry.countries:
        for attribute in ("name", "official_name", "common_name"):
            value = getattr(country, attribute, None)
            if value:
                names.setdefault(country_key(str(value)), str(country.alpha_2))
    return names


def country_from_text(text: str) -> str | None:
    """The country code an import cell names: alpha-2, alpha-3 or a name in any staff or
    participant language, in any of the usual spellings; None if it names no country."""
    cleaned = text.strip()
    if len(cleaned) == 2 and is_country(cleaned):
        return cleaned.upper()
    if len(cleaned) == 3 and cleaned.isalpha():
        if cleaned.upper() in EXTRA_ALPHA_3:
            return EXTRA_ALPHA_3[cleaned.upper()]
        country = pycountry.countries.get(alpha_3=cleaned.upper())
        if country is not None:
            return str(country.alpha_2)
    return _countries_by_name().get(country_key(cleaned))


def _language_record(code: str) -> object | None:
    if len(code) == 2:
        return pycountry.languages.get(alpha_2=code)
    return pycountry.languages.get(alpha_3=code)


def is_language(code: str) -> bool:
    return bool(code) and _language_record(code.lower()) is not None


def language_name(code: str, language: str | None = None) -> str:
    record = _language_record(code.lower()) if code else None
    if record is None:
        return code
    return _translation("iso639-3", language or _lang()).gettext(record.name)  # type: ignore[attr-defined]


def language_choices(language: str | None = None) -> list[tuple[str, str]]:
    lang = language or _lang()
    return _language_choices(lang)


@lru_cache(maxsize=16)
def _language_choices(lang: str) -> list[tuple[str, str]]:
    pairs = [(code, language_name(code, lang)) for code in PROGRAMME_LANGUAGES]
    return sorted(pairs, key=lambda pair: pair[1].casefold())
