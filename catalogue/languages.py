"""Which participant languages the catalogue is translated into: every portal language but
German and English, which the catalogue records carry themselves.

The one place the catalogue asks for the list of languages (the ground `languages/` app; it
holds no table of its own)."""

from __future__ import annotations

from typing import Final

from languages.purposes import PARTICIPANT_LANGUAGES, STAFF_LANGUAGES, is_rtl

#: code → the language's own name, in the portal's order
TRANSLATED_LANGUAGES: Final[dict[str, str]] = {
    code: name for code, name in PARTICIPANT_LANGUAGES.items() if code not in STAFF_LANGUAGES
}

#: languages a module can be taught in, offered on the manager's module form (own names)
INSTRUCTION_LANGUAGES: Final[dict[str, str]] = dict(PARTICIPANT_LANGUAGES)

__all__ = ["INSTRUCTION_LANGUAGES", "TRANSLATED_LANGUAGES", "is_rtl"]
