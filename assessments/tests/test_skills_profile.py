"""Parsing EU Skills Profile Tool exports (JSON and XML): tolerant, with named errors."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from assessments.skills_profile import SkillsProfileError, skills_profile_parse

TAILOR = "http://data.europa.eu/esco/occupation/978ae3a2-0831-415a-8396-b84dde656fc5"


def test_json_export_maps_education_work_skills_languages_and_ignores_personal_data():
    export = {
        "skillsProfile": {
            "personalInformation": {"firstName": "Amina", "lastName": "Haddad", "birthDate": "1990-05-17"},
            "educationAndTraining": [
                {"level": "ISCED 2", "country": "SY", "years": 9},
                {"isced": 3, "country": {"code": "TR"}, "from": "2015-09-01", "to": "2017-06-30"},
            ],
            "workExperience": [
                {"occupation": {"uri": TAILOR, "label": "tailor"}, "years": "6,5", "type": "informal"},
                {"jobTitle": "Verkäuferin auf dem Markt", "duration": 2},
            ],
            "skills": [{"label": "operate a sewing machine", "uri": "urn:reintegra:skill:sewing-machine",
                        "level": "advanced"}, "Gemüse anbauen"],
            "languages": [{"language": "ar", "level": "mother tongue"}, {"code": "tr", "cefr": "B1"}],
        }
    }
    profile = skills_profile_parse(json.dumps(export).encode())
    assert (profile.education_level, profile.education_country, profile.education_years) == (3, "TR", 10)
    assert [(w.uri, w.label, w.years, w.kind) for w in profile.work] == [
        (TAILOR, "tailor", Decimal("6.5"), "informal"), ("", "Verkäuferin auf dem Markt", Decimal("2.0"), "")]
    assert [(s.label, s.level) for s in profile.skills] == [("operate a sewing machine", 3), ("Gemüse anbauen", 1)]
    assert profile.languages == [{"language": "ar", "level": "native"}, {"language": "tr", "level": "B1"}]
    assert profile.ignored_sections == 1
    assert "Amina" not in repr(profile)


def test_xml_export_with_namespaces_and_repeated_elements():
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
    <sp:SkillsProfile xmlns:sp="urn:example:spt">
      <sp:PersonalInformation><sp:Name>Amina</sp:Name></sp:PersonalInformation>
      <sp:Education><sp:Entry level="ISCED 1"><sp:Years>6</sp:Years></sp:Entry></sp:Education>
      <sp:WorkExperience>
        <sp:Experience><sp:Occupation uri="{TAILOR}">tailor</sp:Occupation><sp:Years>4</sp:Years></sp:Experience>
        <sp:Experience><sp:JobTitle>Erntehelfer</sp:JobTitle><sp:Years>1</sp:Years></sp:Experience>
      </sp:WorkExperience>
      <sp:Languages><sp:Language><sp:Code>fa</sp:Code><sp:Level>C2</sp:Level></sp:Language></sp:Languages>
    </sp:SkillsProfile>""".encode()
    profile = skills_profile_parse(xml)
    assert profile.education_level == 1 and profile.education_years == 6
    assert [(w.label, w.years) for w in profile.work] == [("tailor", Decimal("4.0")), ("Erntehelfer", Decimal("1.0"))]
    assert profile.languages == [{"language": "fa", "level": "C2"}]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "file: empty"),
        (b"{not json", "not valid JSON"),
        (b"<a><b></a>", "not valid XML"),
        (b'<!DOCTYPE x [<!ENTITY a "b">]><x/>', "DTD"),
        (b"hello", "neither JSON nor XML"),
        (b'{"name": "x"}', "no education"),
        (b'{"workExperience": [{"years": "viele", "occupation": "Koch"}]}', "workExperience[1]/years"),
        (b'{"skills": [{"label": "Naehen", "level": "super"}]}', "skills[1]/level"),
        (b'{"languages": [{"language": "Arabisch"}]}', "languages[1]/language"),
        (b'{"education": [{"level": "ISCED 12"}]}', "education[1]/level"),
    ],
)
def test_bad_files_name_the_element_and_why(content, expected):
    with pytest.raises(SkillsProfileError) as caught:
        skills_profile_parse(content)
    assert any(expected in problem for problem in caught.value.problems), caught.value.problems


# --- nesting too deep: a clear answer, not a RecursionError -----------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"[" * 100_000 + b"]" * 100_000,
        b'{"education": ' * 50_000 + b"1" + b"}" * 50_000,
        b"<a>" * 100_000 + b"</a>" * 100_000,
        b"<profile>" + b"<skills>" * 41 + b"x" + b"</skills>" * 41 + b"</profile>",
    ],
    ids=["json-arrays", "json-objects", "xml-100000", "xml-just-too-deep"],
)
def test_deeply_nested_files_are_refused_by_name(content):
    with pytest.raises(SkillsProfileError) as caught:
        skills_profile_parse(content)
    assert caught.value.problems[0].startswith("file: nested deeper than 40 levels")


def test_brackets_inside_strings_do_not_count_as_nesting():
    label = "[" * 100 + '\\"{' * 50
    content = ('{"skills": [{"label": "' + label + '", "level": "basic"}], "education": [{"level": "ISCED 3"}]}')
    profile = skills_profile_parse(content.encode())
    assert profile.skills[0].label.startswith("[[[")


def test_entity_expansion_stays_refused():
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
              b"<lolz>&lol2;</lolz>")
    with pytest.raises(SkillsProfileError) as caught:
        skills_profile_parse(laughs)
    assert "DTD" in caught.value.problems[0]
