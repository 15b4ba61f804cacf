"""Which language a participant gets for each purpose, and which way it is written.

Pure: no Django imports, plain data, so the settings, the pure modules and every app may
use it. One rule for every purpose (`language_for`): walk the person's languages in the
order intake recorded them; take the first that the purpose offers, either as it is or as
the written standard its readers read (`SERVED_AS`); otherwise English. One RTL set.

The participant languages follow the catalogues in `locale/` (English is the source and
needs none). Dari has no code of its own there: Dari readers are served the Persian (`fa`)
catalogue, whose wording avoids Iran-only vocabulary (see `locale/fa/LC_MESSAGES/django.po`);
certificates print a Dari block of their own (`prs`, `certificates/labels.py`). Serbian is
served in Cyrillic (`sr`, as Django and Babel name it) or, chosen per participant, in Latin
script (`sr-latn`, generated from the Cyrillic by `languages.serbian`). Kurmanji (`ku`, Latin
script) has a catalogue and a certificate block. Sorani (`ckb`) is written in Arabic script and
has neither yet: it is *not* served the Kurmanji catalogue, a Sorani speaker gets their next
language, or English (`NOT_SERVED`). Staff pages stay German/English (`settings.LANGUAGES`).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Final

#: code → the language's own name (shown in switchers, so each reader finds theirs): the
#: 13 languages participants read the portal, surveys and the signing sentence in.
PARTICIPANT_LANGUAGES: Final[dict[str, str]] = {
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
    "sr-latn": "Srpski (latinica)",
}

#: The staff languages (`settings.LANGUAGES`); the first is the default.
STAFF_LANGUAGES: Final = ("de", "en")

#: The language a counsellor reads beside the participant's (two-languages-side-by-side pages).
STAFF_LANGUAGE: Final = STAFF_LANGUAGES[0]

#: The certificate's third block (German and English are printed on every certificate);
#: `certificates/labels.py` holds their wording (a test there checks the two agree).
CERTIFICATE_LANGUAGES: Final = ("ar", "ku", "fa", "prs", "ps", "ti", "fr", "ru", "tr", "ka", "sq", "sr", "sr-latn")

#: When a person speaks none of the languages a purpose offers.
FALLBACK_LANGUAGE: Final = "en"

#: Written right to left: pages and blocks get dir="rtl" (and mirror through logical CSS).
RTL_LANGUAGES: Final = frozenset({"ar", "fa", "prs", "ps", "ckb", "ur", "he", "ug", "yi", "dv", "sd"})

#: Spoken code (ISO 639-1 or 639-3, as intake stores it) → the code its readers are served
#: in, when the purpose does not offer the code itself. Same script only: Sorani (`ckb`,
#: Arabic script) has no entry, since Kurmanji (`ku`) is written in Latin script.
SERVED_AS: Final[dict[str, str]] = {
    # Dari and Iranian Persian read the Persian catalogue.
    "prs": "fa", "fas": "fa", "pes": "fa",
    # Northern Kurdish (Kurmanji) reads the Kurmanji catalogue.
    "kmr": "ku",
    # Pashto (macrolanguage and its varieties).
    "pus": "ps", "pbu": "ps", "pst": "ps", "pbt": "ps",
    # Arabic: the macrolanguage, Modern Standard and the spoken varieties read Standard Arabic.
    "ara": "ar", "arb": "ar", "apc": "ar", "apd": "ar", "arz": "ar", "acm": "ar",
    "afb": "ar", "ayl": "ar", "ary": "ar", "arq": "ar", "aeb": "ar", "shu": "ar",
    # Serbian: Cyrillic unless Latin is asked for (`sr-latn` is offered as it is).
    "srp": "sr", "sr-cyrl": "sr", "srp-latn": "sr-latn",
    # Three-letter codes of the other catalogues.
    "deu": "de", "eng": "en", "tur": "tr", "tir": "ti", "fra": "fr",
    "rus": "ru", "kat": "ka", "sqi": "sq", "als": "sq", "aln": "sq",
}


#: Spoken codes no purpose serves yet, skipped so that the person's next language decides
#: (English if none): Sorani (`ckb`), and Kurdish written in Arabic script, must never fall
#: through to the Kurmanji catalogue (`ku`, Latin script) by dropping a script subtag.
NOT_SERVED: Final = frozenset({"ckb", "ku-arab", "kur-arab"})


class Purpose(StrEnum):
    STAFF = "staff"
    PORTAL = "portal"
    SURVEY = "survey"  # follow-up and satisfaction surveys, the signing sentence
    CERTIFICATE = "certificate"  # the certificate's third-language block


#: What each purpose can be served in.
OFFERED: Final[dict[Purpose, tuple[str, ...]]] = {
    Purpose.STAFF: STAFF_LANGUAGES,
    Purpose.PORTAL: tuple(PARTICIPANT_LANGUAGES),
    Purpose.SURVEY: tuple(PARTICIPANT_LANGUAGES),
    Purpose.CERTIFICATE: CERTIFICATE_LANGUAGES,
}


def _normalised(code: str | None) -> str:
    return (code or "").strip().lower().replace("_", "-")


def language_for(purpose: Purpose, spoken: Iterable[str | None]) -> str:
    """The first of the person's languages that `purpose` offers (as it is, or as its readers
    are served: `SERVED_AS`, then the code without a region or script); English otherwise."""
    offered = OFFERED[purpose]
    for raw in spoken:
        code = _normalised(raw)
        if not code or code in NOT_SERVED or code.split("-")[0] == "ckb":
            continue
        for candidate in (code, SERVED_AS.get(code), code.split("-")[0]):
            if candidate in offered:
                return candidate
    return FALLBACK_LANGUAGE


def is_offered(purpose: Purpose, code: str) -> bool:
    return _normalised(code) in OFFERED[purpose]


def is_rtl(code: str) -> bool:
    """Whether `code` (a served code, optionally with a region: "ar-dz") is written right to left."""
    return _normalised(code).split("-")[0] in RTL_LANGUAGES


def text_direction(code: str) -> str:
    """The HTML `dir` for text in `code`."""
    return "rtl" if is_rtl(code) else "ltr"
