"""Serbian Latin from Cyrillic, and the generated catalogue kept in step with the Cyrillic one."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from languages.serbian import to_latin, transliterate_catalogue

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def test_letters_and_digraphs():
    # Pairs as printed in Serbian in both scripts (e.g. street signs, the Serbian Wikipedia)
    assert to_latin("Београд") == "Beograd"
    assert to_latin("Љубљана, Њујорк, џеп, ђак, ћевап") == "Ljubljana, Njujork, džep, đak, ćevap"
    assert to_latin("жена, шума, чај") == "žena, šuma, čaj"
    assert to_latin("ЏЕП ЉУБАВ") == "DŽEP LJUBAV"  # all capitals: both letters capital
    assert to_latin("Поновите PIN, %(name)s {birth_date}") == "Ponovite PIN, %(name)s {birth_date}"


@given(st.text(alphabet=st.characters(codec="ascii")))
def test_latin_text_is_left_alone(text):
    assert to_latin(text) == text


def test_no_cyrillic_survives():
    alphabet = "АБВГДЂЕЖЗИЈКЛЉМНЊОПРСТЋУФХЦЧЏШ"
    latin = to_latin(alphabet + alphabet.lower())
    assert not any("\u0400" <= char <= "\u04ff" for char in latin)


def test_the_latin_catalogue_is_the_cyrillic_one_transliterated():
    """Edit locale/sr, then run `python -m languages.serbian`: this fails until then."""
    cyrillic = (LOCALE / "sr" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    latin = (LOCALE / "sr_Latn" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    assert latin.split("\n", 1)[1] == transliterate_catalogue(cyrillic)
    assert '"Language: sr_Latn\\n"' in latin and "Поновите" not in latin and "Ponovite PIN" in latin
