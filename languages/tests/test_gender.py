from __future__ import annotations

from languages.gender import FEMALE, MALE, Form, contexts_for, form_for
from participants.models import Gender


def test_codes_are_intakes():
    assert (Gender.FEMALE.value, Gender.MALE.value) == (FEMALE, MALE)


def test_neutral_unless_recorded_female_or_male():
    assert form_for("f") is Form.FEMALE and form_for("m") is Form.MALE
    for unknown in ("d", "x", "", None, "woman"):
        assert form_for(unknown) is Form.NEUTRAL


def test_lookup_order():
    assert contexts_for("participant", "f") == ("participant female", "participant")
    assert contexts_for("participant", "m") == ("participant male", "participant")
    assert contexts_for("participant", "x") == ("participant",)
