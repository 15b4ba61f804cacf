"""Plural forms: each catalogue's gettext rule checked against CLDR, and counts gettext can use.

gettext picks a plural form with the catalogue's `Plural-Forms` expression, CLDR (through
Babel) says which category a number belongs to in a language. The two must split the whole
numbers the same way, or Arabic reads "5 ساعة" and Russian "21 дней": `plural_rule_problems`
compares them (the CI translation check runs it on every catalogue). Counts that are not whole
numbers (a module of 7.5 hours) cannot be handed to gettext, which takes integers: `gettext_count`
gives the smallest whole number in the same CLDR category, so gettext picks the right form.

Pure (Babel, no Django).
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache
from typing import Final

from babel import Locale, UnknownLocaleError

#: The whole numbers the rules are compared on: every residue class the rules of the
#: participant languages look at (n % 10, n % 100) up to 200 is covered twice.
CHECKED_NUMBERS: Final = range(0, 220)

_PLURAL_FORMS: Final = re.compile(r"nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*$")


def parse_plural_forms(header_value: str) -> tuple[int, Callable[[int], int]]:
    """`nplurals=3; plural=(…);` → (3, the form index of a number)."""
    match = _PLURAL_FORMS.match(header_value.strip())
    if match is None:
        raise ValueError(f"not a Plural-Forms header: {header_value!r}")
    return int(match.group(1)), gettext.c2py(match.group(2))


@lru_cache(maxsize=64)
def _locale(language: str) -> Locale:
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def cldr_category(language: str, number: int | Decimal) -> str:
    """CLDR's plural category ("one", "few", …) of `number` in `language`."""
    return str(_locale(language).plural_form(number))


def plural_rule_problems(language: str, header_value: str) -> list[str]:
    """Where the catalogue's rule and CLDR's split the whole numbers differently (empty: they agree).

    The form indices are gettext's own (any order), so the check is that the number → index
    and number → category maps determine each other on `CHECKED_NUMBERS`.
    """
    nplurals, plural = parse_plural_forms(header_value)
    problems = []
    index_of: dict[str, int] = {}
    category_of: dict[int, str] = {}
    for number in CHECKED_NUMBERS:
        index, category = plural(number), cldr_category(language, number)
        if not 0 <= index < nplurals:
            problems.append(f"{number}: form {index} but nplurals={nplurals}")
            continue
        if index_of.setdefault(category, index) != index or category_of.setdefault(index, category) != category:
            problems.append(f"{number}: gettext form {index}, CLDR '{category}'")
    return problems


def gettext_count(language: str, value: int | Decimal | float) -> int:
    """A whole number gettext can choose the form of `value` with: `value` itself when it is
    whole, else the smallest whole number in the same CLDR category (7.5 hours → "other")."""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return int(number)
    category = cldr_category(language, number)
    for wanted in (category, "few"):
        # Russian (like Ukrainian) has a category only fractions reach ("other"), read with
        # the genitive singular, which is the form of "few" (7,5 часа, like 3 часа).
        whole = next((n for n in CHECKED_NUMBERS if cldr_category(language, n) == wanted), None)
        if whole is not None:
            return whole
    return int(number)
