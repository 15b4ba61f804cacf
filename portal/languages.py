"""The languages participants read the portal in: no Django imports, plain data.

The list follows the certificate languages (`certificates.labels`) plus Kurmanji, minus
Dari as a code of its own: Dari readers are served the Persian (`fa`) catalogue, whose
wording avoids Iran-only vocabulary (see the note in `locale/fa/LC_MESSAGES/django.po`).
Serbian is served in Cyrillic (`sr`, as Django and Babel name it); Latin-script readers
manage Cyrillic Serbian in practice, and a `sr-latn` catalogue can be transliterated later.
Staff pages stay German/English (`settings.LANGUAGES`).
"""

from __future__ import annotations

from typing import Final

#: code → the language's own name (shown in the switcher, so each reader finds theirs)
PORTAL_LANGUAGES: Final[dict[str, str]] = {
    "de": "Deutsch",
    "en": "English",
    "tr": "Türkçe",
    "ar": "العربية",
    "ku": "Kurdî (Kurmancî)",
    "fa": "فارسی / دری",
    "ps": "پښتو",
    "ti": "ትግርኛ",
    "fr": "Français",
    "ru": "Русский",
    "ka": "ქართული",
    "sq": "Shqip",
    "sr": "Српски",
}

#: written right to left: the page gets dir="rtl" and mirrors through logical CSS properties
RTL_LANGUAGES: Final = frozenset({"ar", "fa", "ps"})

#: the languages a counsellor reads beside the participant's (two-languages-side-by-side pages)
STAFF_LANGUAGE: Final = "de"

#: ISO 639 codes of spoken languages that are read in one of the portal languages
_SPOKEN_TO_PORTAL: Final[dict[str, str]] = {"prs": "fa", "kmr": "ku", "ckb": "ku", "srp": "sr", "sr-latn": "sr"}


def portal_language_for(codes: list[str] | tuple[str, ...]) -> str:
    """The first portal language among a participant's spoken languages; English otherwise."""
    for code in codes:
        code = code.lower()
        code = _SPOKEN_TO_PORTAL.get(code, code)
        if code in PORTAL_LANGUAGES:
            return code
    return "en"


def is_rtl(code: str) -> bool:
    return code in RTL_LANGUAGES
