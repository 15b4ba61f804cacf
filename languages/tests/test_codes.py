"""One country source everywhere, Kosovo included, in every staff and participant language (issue 18).

Expected names are CLDR's as published (cldr.unicode.org territory names), written here by hand."""

from __future__ import annotations

import pytest

from languages.codes import COUNTRY_NAME_LANGUAGES, country_choices, country_name, is_country

KOSOVO = {"de": "Kosovo", "en": "Kosovo", "ar": "كوسوفو", "ru": "Косово", "sq": "Kosovë", "tr": "Kosova",
          "fr": "Kosovo", "fa": "کوزوو", "ka": "კოსოვო", "sr": "Косово"}


@pytest.mark.parametrize("language", COUNTRY_NAME_LANGUAGES)
def test_kosovo_is_a_country_named_in_every_language(language):
    assert is_country("XK") and is_country("xk")
    name = country_name("XK", language)
    assert name and name != "XK"
    if language in KOSOVO:
        assert name == KOSOVO[language]
    assert ("XK", name) in country_choices(language)


def test_the_list_is_iso_3166_plus_kosovo_and_sorted_by_name():
    import pycountry

    codes = [code for code, _name in country_choices("de")]
    assert set(codes) == {c.alpha_2 for c in pycountry.countries} | {"XK"}
    names = [name.casefold() for _code, name in country_choices("de")]
    assert names == sorted(names)
    assert country_name("DE", "de") == "Deutschland" and country_name("CI", "de") == "Côte d’Ivoire"
    assert not is_country("ZZ") and country_name("ZZ") == "ZZ"


@pytest.mark.django_db
def test_intake_edit_and_assessment_offer_kosovo(client_for, counsellor_a):
    from django.urls import reverse

    from participants.tests.factories import ParticipantFactory

    client = client_for(counsellor_a)
    assert '<option value="XK">Kosovo</option>' in client.get(reverse("participants:intake")).content.decode()
    person = ParticipantFactory(site=counsellor_a.site, counsellor=counsellor_a, origin_country="XK")
    edit = client.get(reverse("participants:edit", args=[person.pk])).content.decode()
    assert '<option value="XK" selected>Kosovo</option>' in edit
    assessment = client.get(reverse("assessments:create", args=[person.pk])).content.decode()
    assert '<option value="XK">Kosovo</option>' in assessment
