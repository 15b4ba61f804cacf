"""What each participant catalogue says about itself: whether a native speaker reviewed it.

Every catalogue in `locale/` carries the header `X-Reviewed-By-Native-Speaker: yes|no`
(locale/README.md; the CI translation check insists on it). Staff see where a participant
reads wording nobody fluent has checked yet (the case file's portal section), so they can
explain a confusing sentence in person. English is the source language and needs no review.

Pure (no Django): the locale folder is found next to this app.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Final

LOCALE: Final = Path(__file__).resolve().parent.parent / "locale"
SOURCE_LANGUAGE: Final = "en"
_HEADER: Final = re.compile(r'^"X-Reviewed-By-Native-Speaker:\s*(\w+)\\n"$', re.MULTILINE)


def catalogue_folder(code: str) -> str:
    """The gettext folder of a language code: "sr-latn" → "sr_Latn" (as Django's to_locale)."""
    language, _sep, rest = code.lower().partition("-")
    if not rest:
        return language
    return f"{language}_{rest.title() if len(rest) > 2 else rest.upper()}"


@lru_cache(maxsize=32)
def reviewed_by_native_speaker(code: str) -> bool:
    """True when the catalogue of `code` says a native speaker reviewed it (English: always;
    a language without a catalogue or without the header: False)."""
    if code == SOURCE_LANGUAGE:
        return True
    path = LOCALE / catalogue_folder(code) / "LC_MESSAGES" / "django.po"
    if not path.is_file():
        return False
    match = _HEADER.search(path.read_text(encoding="utf-8")[:4000])
    return match is not None and match.group(1).lower() == "yes"
