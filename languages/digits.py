"""Digits typed on any keyboard, read as the ASCII digits the server compares.

A participant on an Arabic keyboard types ١٢٣ (Arabic-Indic, U+0660–0669), on a Persian,
Dari or Pashto keyboard ۱۲۳ (Extended Arabic-Indic, U+06F0–06F9); both mean 123. PINs and
other numeric text inputs are normalised on the server before they are validated, hashed or
compared, so "only digits" never refuses a digit. Phone keyboards also slip in direction
marks around digits in right-to-left text; they are dropped.

Pure (no Django): used by the portal's forms and services.
"""

from __future__ import annotations

import unicodedata
from typing import Final

#: Invisible direction marks a right-to-left keyboard may insert: LRM, RLM, ALM, and the
#: isolate/embedding controls.
_DIRECTION_MARKS: Final = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def ascii_digits(text: str) -> str:
    """`text` with every decimal digit of any script (Unicode category Nd) as its ASCII digit
    and direction marks removed; everything else unchanged (so "12a" stays invalid)."""
    out = []
    for char in text:
        if char in _DIRECTION_MARKS:
            continue
        if not char.isascii() and unicodedata.category(char) == "Nd":
            out.append(str(unicodedata.decimal(char)))
        else:
            out.append(char)
    return "".join(out)
