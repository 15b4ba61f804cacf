"""The language rule: every code intake accepts gets, for every purpose, a language that purpose
can be served in (with a catalogue); one RTL set, checked against CLDR (Babel)."""

from __future__ import annotations

from pathlib import Path

import pycountry
import pytest
from babel import Locale
from django.utils.translation import to_locale
from hypothesis import given
from hypothesis import strategies as st

from languages.codes import PROGRAMME_LANGUAGES, is_language
from languages.purposes import (
    CERTIFICATE_LANGUAGES,
    FALLBACK_LANGUAGE,
    NOT_SERVED,
    OFFERED,
    PARTICIPANT_LANGUAGES,
    RTL_LANGUAGES,
    SERVED_AS,
    STAFF_LANGUAGES,
    Purpose,
    is_rtl,
    language_for,
    text_direction,
)

LOCALE = Path(__file__).resolve().parents[2] / "locale"
READ_FROM_CATALOGUES = (Purpose.STAFF, Purpose.PORTAL, Purpose.SURVEY)


def _has_catalogue(code: str) -> bool:
    """English is the source language; every other gettext language needs its catalogue."""
    return code == "en" or (LOCALE / to_locale(code) / "LC_MESSAGES" / "django.po").is_file()


def _intake_codes() -> list[str]:
    """Every code `participant_create` accepts (`is_language`): ISO 639-1 and 639-3."""
    codes = {getattr(record, "alpha_2", None) for record in pycountry.languages} | {
        record.alpha_3 for record in pycountry.languages
    }
    accepted = sorted(code for code in codes if code and is_language(code))
    assert len(accepted) > 7000  # the whole of ISO 639-3, not a sample
    return accepted


def test_the_participant_languages_are_the_catalogues():
    on_disk = {path.name for path in LOCALE.iterdir() if (path / "LC_MESSAGES" / "django.po").is_file()}
    assert {to_locale(code) for code in PARTICIPANT_LANGUAGES} == on_disk | {"en"}
    assert len(PARTICIPANT_LANGUAGES) == 14


@pytest.mark.parametrize("purpose", list(Purpose))
def test_every_code_intake_accepts_gets_a_language_the_purpose_offers(purpose):
    for code in [*_intake_codes(), *PROGRAMME_LANGUAGES, code_upper := "AR", f" {code_upper} "]:
        served = language_for(purpose, [code])
        # English: the fallback; on a certificate it is printed anyway (no third block).
        assert served in OFFERED[purpose] or served == FALLBACK_LANGUAGE, (code, served)
        if purpose in READ_FROM_CATALOGUES:
            assert _has_catalogue(served), (code, served)


@pytest.mark.parametrize("code", list(PARTICIPANT_LANGUAGES))
def test_each_of_the_13_languages_is_served_as_itself_in_portal_and_survey(code):
    assert language_for(Purpose.PORTAL, [code]) == code
    assert language_for(Purpose.SURVEY, [code]) == code
    # Portal and survey never disagree (Kurmanji was "ku" in the portal, "en" in the survey).
    assert language_for(Purpose.SURVEY, [code]) == language_for(Purpose.PORTAL, [code])


@pytest.mark.parametrize("code", list(PARTICIPANT_LANGUAGES))
def test_certificate_third_block_is_the_language_or_the_next_or_english(code):
    served = language_for(Purpose.CERTIFICATE, [code, "ti"])
    assert served == (code if code in CERTIFICATE_LANGUAGES else "ti")
    assert language_for(Purpose.CERTIFICATE, ["de", "en"]) == FALLBACK_LANGUAGE  # printed anyway


def test_dari_reads_the_persian_catalogue_but_has_its_own_certificate_block():
    assert language_for(Purpose.PORTAL, ["prs"]) == "fa"
    assert language_for(Purpose.SURVEY, ["prs"]) == "fa"
    assert language_for(Purpose.CERTIFICATE, ["prs"]) == "prs"
    assert language_for(Purpose.CERTIFICATE, ["fa"]) == "fa"


def test_kurmanji_gets_the_kurmanji_catalogue_everywhere_it_exists():
    for code in ("ku", "kmr", "KMR"):
        assert language_for(Purpose.PORTAL, [code]) == "ku"
        assert language_for(Purpose.SURVEY, [code]) == "ku"
    assert language_for(Purpose.CERTIFICATE, ["kmr"]) == "ku"  # certificates/labels.py has a Kurmanji block
    assert language_for(Purpose.CERTIFICATE, ["kmr", "tr"]) == "ku"


def test_sorani_never_falls_back_to_the_latin_script_kurmanji_catalogue():
    for purpose in Purpose:
        assert language_for(purpose, ["ckb"]) == "en"
        assert language_for(purpose, ["ckb"]) != "ku"
    assert language_for(Purpose.PORTAL, ["ckb", "ar"]) == "ar"  # the person's next language
    assert language_for(Purpose.SURVEY, ["ckb", "fa", "de"]) == "fa"
    assert "ckb" not in SERVED_AS
    # nor by dropping a script or region subtag: Kurdish in Arabic script is Sorani's script
    for code in ("ckb-IQ", "ckb-Arab", "ku-Arab", "ku_arab"):
        assert language_for(Purpose.PORTAL, [code, "ar"]) == "ar", code
        assert language_for(Purpose.CERTIFICATE, [code]) == "en", code
    assert {"ckb", "ku-arab"} <= NOT_SERVED


def test_serbian_latin_is_chosen_per_participant():
    assert language_for(Purpose.PORTAL, ["sr"]) == "sr"  # Cyrillic unless Latin is asked for
    assert language_for(Purpose.PORTAL, ["sr-Latn"]) == "sr-latn"
    assert language_for(Purpose.PORTAL, ["sr_Latn"]) == "sr-latn"
    assert language_for(Purpose.CERTIFICATE, ["srp-latn"]) == "sr-latn"
    assert language_for(Purpose.SURVEY, ["sr-Cyrl"]) == "sr"


def test_staff_language_is_german_or_english():
    assert language_for(Purpose.STAFF, ["fr", "en"]) == "en"
    assert language_for(Purpose.STAFF, ["de"]) == "de"
    assert language_for(Purpose.STAFF, ["ar"]) == FALLBACK_LANGUAGE
    assert STAFF_LANGUAGES == ("de", "en")


def test_aliases_point_at_languages_that_are_offered_and_exist():
    for spoken, served in SERVED_AS.items():
        assert served in PARTICIPANT_LANGUAGES, spoken
        assert is_language(spoken.split("-")[0]), spoken
    # every three-letter code of a catalogue language reaches its catalogue; not "kur", the
    # Kurdish macrolanguage, which holds Sorani too (intake offers "kmr" and "ckb")
    assert language_for(Purpose.PORTAL, ["kur"]) == FALLBACK_LANGUAGE
    for code in set(PARTICIPANT_LANGUAGES) - {"ku", "sr-latn"}:
        alpha_3 = pycountry.languages.get(alpha_2=code).alpha_3
        assert language_for(Purpose.PORTAL, [alpha_3]) == code, alpha_3


@given(st.lists(st.sampled_from([*PARTICIPANT_LANGUAGES, *SERVED_AS, "ckb", "wo", "xx", "", "  "]), max_size=6))
def test_the_rule_takes_the_first_language_that_maps(spoken):
    """Checked against a plain re-statement of the rule."""
    expected = FALLBACK_LANGUAGE
    for code in spoken:
        code = code.strip()
        mapped = code if code in PARTICIPANT_LANGUAGES else SERVED_AS.get(code)
        if mapped:
            expected = mapped
            break
    assert language_for(Purpose.PORTAL, spoken) == expected


@pytest.mark.parametrize("code", sorted({*PARTICIPANT_LANGUAGES, *CERTIFICATE_LANGUAGES, "ckb", "ur", "he"} - {"prs"}))
def test_one_rtl_set_agrees_with_cldr(code):
    """Babel's CLDR data is the independent answer for the script direction."""
    expected = Locale.parse(code, sep="-").character_order == "right-to-left"
    assert is_rtl(code) is expected
    assert text_direction(code) == ("rtl" if expected else "ltr")


def test_rtl_knows_dari_and_regions():
    assert is_rtl("prs")  # Dari: Persian script, no CLDR locale of its own
    assert is_rtl("ar-dz") and is_rtl("AR")
    assert not is_rtl("ku")
    assert {"ar", "fa", "prs", "ps", "ckb"} <= RTL_LANGUAGES


def test_django_uses_the_same_rtl_set(settings):
    assert set(settings.LANGUAGES_BIDI) == RTL_LANGUAGES
