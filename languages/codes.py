"""ISO 3166 countries and ISO 639 languages, named in the reader's language.

pycountry holds the code lists and the translated names (iso3166-1 / iso639-3
gettext catalogues); nothing here is typed by hand except which languages the
programme usually meets, offered first.
"""

from __future__ import annotations

import gettext
from functools import lru_cache

import pycountry
from django.utils.translation import get_language

# Languages participants of the programme commonly speak (ISO 639-1, or 639-3
# where no two-letter code exists: prs Dari, kmr Kurmanji).
PROGRAMME_LANGUAGES = [
    "ar", "fa", "prs", "ps", "ti", "am", "so", "kmr", "ckb", "tr", "ru", "ka", "sq", "sr",
    "fr", "en", "de", "uk", "ur", "bn", "ha", "wo", "ig", "yo", "mk", "ro", "vi", "zh",
]


@lru_cache(maxsize=32)
def _translation(domain: str, language: str) -> gettext.NullTranslations:
    try:
        return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language])
    except FileNotFoundError:
        return gettext.NullTranslations()


def _lang() -> str:
    return (get_language() or "de").split("-")[0]


def country_name(code: str, language: str | None = None) -> str:
    country = pycountry.countries.get(alpha_2=code.upper()) if code else None
    if country is None:
        return code
    name = getattr(country, "common_name", None) or country.name
    return _translation("iso3166-1", language or _lang()).gettext(name)


def is_country(code: str) -> bool:
    return bool(code) and pycountry.countries.get(alpha_2=code.upper()) is not None


def country_choices(language: str | None = None) -> list[tuple[str, str]]:
    lang = language or _lang()
    return _country_choices(lang)


@lru_cache(maxsize=16)
def _country_choices(lang: str) -> list[tuple[str, str]]:
    names = [(c.alpha_2, country_name(c.alpha_2, lang)) for c in pycountry.countries]
    return sorted(names, key=lambda pair: pair[1].casefold())


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
