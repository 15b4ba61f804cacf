"""Address by recorded gender: Arabic women read the feminine forms, men and anyone whose
gender is not recorded the plain (generic) wording; languages without gendered entries are
unchanged."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from participants.models import Gender
from portal.gendered import GENDERED, gendered_gettext
from portal.services import portal_language_set
from portal.tests.test_translations import _catalogue, _participant_entries, parse_po

SENTENCE = "Before your first talk: tell us what you can do."


def test_lookup_falls_back_to_the_plain_entry():
    with translation.override("ar"):
        assert gendered_gettext(SENTENCE, gender="f") == "قبل حديثك الأول: أخبرينا بما تستطيعين فعله."
        assert gendered_gettext(SENTENCE, gender="m") == "قبل حديثك الأول: أخبرنا بما تستطيع فعله."
        assert gendered_gettext(SENTENCE, gender="x") == gendered_gettext(SENTENCE, gender="m")
    with translation.override("ti"):  # Tigrinya: ትመሃሮም (to a man) and ትመሃርዮም (to a woman)
        module_sentence = "You learn these modules in the workshop. At the end you receive a certificate."
        assert "ትመሃርዮም" in gendered_gettext(module_sentence, gender="f")
        assert "ትመሃሮም" in gendered_gettext(module_sentence, gender="d")
    with translation.override("tr"):  # no gendered entries: the plain Turkish for everyone
        assert gendered_gettext(SENTENCE, gender="f") == gendered_gettext(SENTENCE, gender=None) != SENTENCE
    with translation.override("en"):
        assert gendered_gettext(SENTENCE, gender="f") == SENTENCE


def test_every_gendered_string_has_a_plain_entry_and_an_arabic_feminine():
    plain = {str(entry.msgid) for entry in _participant_entries("ar")}
    _header, entries = parse_po(_catalogue("ar").read_text(encoding="utf-8"))
    female = {entry.msgid: entry.msgstr[0] for entry in entries if entry.context == "participant female"}
    with translation.override("en"):  # English is the source: the lazy strings give their msgid
        sources = [(str(plain_message), str(female_message)) for plain_message, female_message in GENDERED]
    for plain_source, source in sources:
        assert plain_source == source and source in plain
        assert female.get(source), source


@pytest.mark.django_db
@pytest.mark.parametrize(("gender", "expected", "absent"), [
    (Gender.FEMALE, "أخبرينا", "أخبرنا بما"),
    (Gender.MALE, "أخبرنا بما", "أخبرينا"),
    (Gender.UNSTATED, "أخبرنا بما", "أخبرينا"),
])
def test_the_home_page_addresses_the_participant_by_recorded_gender(portal_world, portal_client, gender, expected,
                                                                    absent):
    account = portal_world["account"]
    participant = account.participant
    participant.gender = gender
    participant.save(update_fields=["gender"])
    portal_language_set(account=account, language="ar")
    page = portal_client.get(reverse("portal:home")).content.decode()
    assert expected in page and absent not in page
