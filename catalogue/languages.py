"""Which participant languages the catalogue is translated into: every portal language but
German and English, which the catalogue records carry themselves.

The one place the catalogue asks for the list of languages; it points at the ground
`languages/` app once that exists (it holds no table of its own)."""

from __future__ import annotations

from typing import Final

from portal.languages import PORTAL_LANGUAGES, is_rtl

#: code → the language's own name, in the portal's order
TRANSLATED_LANGUAGES: Final[dict[str, str]] = {
    code: name for code, name in PORTAL_LANGUAGES.items() if code not in ("de", "en")
}

#: languages a module can be taught in, offered on the manager's module form (own names)
INSTRUCTION_LANGUAGES: Final[dict[str, str]] = dict(PORTAL_LANGUAGES)

__all__ = ["INSTRUCTION_LANGUAGES", "TRANSLATED_LANGUAGES", "is_rtl"]
