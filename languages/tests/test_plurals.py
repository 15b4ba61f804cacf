"""Plural rules: the checker against hand-worked CLDR examples, and counts for fractions."""

from __future__ import annotations

from decimal import Decimal

import pytest

from languages.plurals import cldr_category, gettext_count, parse_plural_forms, plural_rule_problems

RUSSIAN = (
    "nplurals=4; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<12 || n%100>14) ? 1 : "
    "n%10==0 || (n%10>=5 && n%10<=9) || (n%100>=11 && n%100<=14)? 2 : 3);"
)
ARABIC = (
    "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 && n%100<=99 ? 4 : 5;"
)


def test_parse_plural_forms():
    nplurals, plural = parse_plural_forms(RUSSIAN)
    assert nplurals == 4
    # 1 час, 2 часа, 5 часов, 11 часов, 21 час, 22 часа (Russian grammar, not the code under test)
    assert [plural(n) for n in (1, 2, 5, 11, 21, 22, 111)] == [0, 1, 2, 2, 0, 1, 2]
    with pytest.raises(ValueError):
        parse_plural_forms("plural=n")


def test_right_rules_pass():
    assert plural_rule_problems("ru", RUSSIAN) == []
    assert plural_rule_problems("ar", ARABIC) == []
    assert plural_rule_problems("de", "nplurals=2; plural=(n != 1);") == []
    assert plural_rule_problems("fr", "nplurals=2; plural=(n > 1);") == []  # French: 0 and 1 are singular


def test_wrong_rules_are_found():
    # Turkish with the French rule: CLDR counts 0 as "other" in Turkish
    assert plural_rule_problems("tr", "nplurals=2; plural=(n > 1);")
    # Russian with two forms: "5 часа" would be printed
    assert plural_rule_problems("ru", "nplurals=2; plural=(n != 1);")
    # Arabic without the dual
    assert plural_rule_problems("ar", "nplurals=2; plural=(n != 1);")
    # an index beyond nplurals
    assert plural_rule_problems("de", "nplurals=1; plural=(n != 1);")


def test_cldr_categories_as_documented():
    """CLDR's published examples (cldr.unicode.org language plural rules)."""
    assert [cldr_category("ar", n) for n in (0, 1, 2, 5, 11, 100)] == ["zero", "one", "two", "few", "many", "other"]
    assert [cldr_category("ru", n) for n in (1, 2, 5, 11, 21)] == ["one", "few", "many", "many", "one"]
    assert cldr_category("sr-latn", 21) == cldr_category("sr", 21) == "one"


def test_fractions_get_a_whole_number_of_the_same_form():
    assert gettext_count("de", Decimal("40.0")) == 40
    assert gettext_count("en", Decimal("7.5")) != 1  # "7.5 hours"
    assert gettext_count("fr", Decimal("1.5")) in (0, 1)  # "1,5 heure": French singular below 2
    assert gettext_count("ru", Decimal("7.5")) in (2, 3, 4)  # "7,5 часа": the genitive singular
    assert cldr_category("ar", gettext_count("ar", Decimal("7.5"))) == cldr_category("ar", Decimal("7.5"))
