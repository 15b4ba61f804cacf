"""Assessment views climb the ladder: anonymous → login, wrong role → 403, other site → 404, right → 200."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment, EscoOccupation, EscoSkill, TryOut
from assessments.services import assessment_create, tryout_record
from participants.tests.factories import ParticipantFactory


@pytest.fixture
def participant(counsellor_a):
    return ParticipantFactory(site=counsellor_a.site, counsellor=counsellor_a)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["assessments:create", "assessments:import_profile", "assessments:availability"])
def test_counsellor_pages_ladder(name, client, client_for, participant, counsellor_a, counsellor_b, instructor_a,
                                 funder, manager):
    url = reverse(name, args=[participant.pk])
    assert client.get(url).status_code == 302
    assert client_for(instructor_a).get(url).status_code == 403
    assert client_for(funder).get(url).status_code == 403
    assert client_for(counsellor_b).get(url).status_code == 404
    assert client_for(counsellor_a).get(url).status_code == 200
    assert client_for(manager).get(url).status_code == 200


@pytest.mark.django_db
def test_tryout_pages_ladder(client, client_for, participant, counsellor_a, instructor_a, instructor_b, manager):
    url = reverse("assessments:tryout_create", args=[participant.pk])
    assert client.get(url).status_code == 302
    assert client_for(counsellor_a).get(url).status_code == 403
    assert client_for(instructor_b).get(url).status_code == 404
    assert participant.case_number not in client_for(instructor_b).get(reverse("assessments:tryouts")).content.decode()
    listing = client_for(instructor_a).get(reverse("assessments:tryouts"))
    assert listing.status_code == 200 and participant.case_number in listing.content.decode()
    assert client_for(manager).get(url).status_code == 200
    skill = EscoSkill.objects.get(uri="urn:reintegra:skill:sewing-machine")
    response = client_for(instructor_a).post(url, {"esco_skill": skill.pk, "level": 2,
                                                   "tried_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    tryout = TryOut.objects.get(participant=participant)
    assert (tryout.instructor, tryout.site, tryout.level) == (instructor_a, participant.site, 2)


@pytest.mark.django_db
def test_profile_shows_strongest_evidence_and_keeps_the_others(client_for, participant, counsellor_a, instructor_a):
    skill = EscoSkill.objects.get(uri="urn:reintegra:skill:sewing-machine")
    assessment_create(
        acting_user=counsellor_a, participant=participant, education_level=2, education_years=8,
        assessed_on=timezone.localdate(), work_history=[],
        skills=[{"skill": "", "esco_skill": skill, "level": 4, "source": "self"},
                {"skill": "", "esco_skill": skill, "level": 3, "source": "counsellor"}],
    )
    tryout_record(acting_user=instructor_a, participant=participant, esco_skill=skill, level=2,
                  tried_on=timezone.localdate())
    body = client_for(counsellor_a).get(reverse("participants:case_file", args=[participant.pk])).content.decode()
    row = body[body.index("operate a sewing machine"):]
    row = row[: row.index("</tr>")]
    assert "intermediate" in row and "practical try-out" in row
    assert "self-assessment: expert" in row and "counsellor&#x27;s judgement: advanced" in row
    assert "ESCO, European Commission" in body


@pytest.mark.django_db
def test_skills_profile_import_creates_one_assessment_or_nothing(client_for, participant, counsellor_a):
    tailor = EscoOccupation.objects.get(label_en="tailor")
    url = reverse("assessments:import_profile", args=[participant.pk])
    client = client_for(counsellor_a)
    bad = {"workExperience": [{"occupation": {"uri": tailor.uri}, "years": 3}],
           "skills": [{"label": "Nähen", "level": "super"}]}
    response = client.post(url, {"file": SimpleUploadedFile("p.json", json.dumps(bad).encode()),
                                 "assessed_on": "2026-01-10"})
    assert response.status_code == 400 and "skills[1]/level" in response.content.decode()
    assert not Assessment.objects.filter(participant=participant).exists()
    good = {"education": [{"level": "ISCED 3", "country": "SY"}],
            "workExperience": [{"occupation": {"uri": tailor.uri, "label": "tailor"}, "years": 3}],
            "skills": [{"label": "Gemüse anbauen", "level": "basic"}], "languages": [{"language": "ar"}]}
    response = client.post(url, {"file": SimpleUploadedFile("p.json", json.dumps(good).encode()),
                                 "assessed_on": "2026-01-10"})
    assert response.status_code == 302
    assessment = Assessment.objects.get(participant=participant)
    assert assessment.origin == "skills_profile_tool" and assessment.education_country == "SY"
    assert assessment.work_history.get().esco_occupation == tailor
    assert assessment.skills.get().source == "self"


@pytest.mark.django_db
@pytest.mark.parametrize("content", [b"[" * 200_000 + b"]" * 200_000, b"<a>" * 200_000 + b"</a>" * 200_000])
def test_a_deeply_nested_profile_is_a_400_with_the_reason(client_for, participant, counsellor_a, content):
    url = reverse("assessments:import_profile", args=[participant.pk])
    response = client_for(counsellor_a).post(
        url, {"file": SimpleUploadedFile("p.json", content), "assessed_on": "2026-01-10"}
    )
    assert response.status_code == 400
    assert "nested deeper than 40 levels" in response.content.decode()
    assert not Assessment.objects.filter(participant=participant).exists()


def _assessment_form(client, url: str) -> dict:
    from tests.html_forms import form_as_sent

    html = client.get(url).content.decode()
    return form_as_sent(html, index=html[: html.index('method="post" novalidate')].count("<form") - 1)


@pytest.mark.django_db
def test_untouched_skill_and_work_rows_are_ignored(client_for, participant, counsellor_a):
    """Issue 18: the extra rows a counsellor leaves alone must not block saving."""
    client = client_for(counsellor_a)
    url = reverse("assessments:create", args=[participant.pk])
    data = _assessment_form(client, url)
    data.update({"education_level": "2", "education_years": "8"})
    skill = EscoSkill.objects.get(uri="urn:reintegra:skill:sewing-machine")
    data.update({"skill-0-esco_skill": str(skill.pk), "skill-0-level": "3"})
    response = client.post(url, data)
    assert response.status_code == 302, [line for line in response.content.decode().splitlines() if "error" in line]
    assessment = Assessment.objects.get(participant=participant)
    assert [(s.esco_skill_id, s.level) for s in assessment.skills.all()] == [(skill.pk, 3)]


@pytest.mark.django_db
def test_a_skill_row_without_level_is_an_error_and_keeps_what_was_typed(client_for, participant, counsellor_a):
    client = client_for(counsellor_a)
    url = reverse("assessments:create", args=[participant.pk])
    data = _assessment_form(client, url)
    data.update({"education_level": "2", "education_years": "8", "notes": "Schneiderei in Pristina",
                 "skill-1-skill": "Zuschnitt nach Schnittmuster"})
    response = client.post(url, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Schneiderei in Pristina" in body and 'value="Zuschnitt nach Schnittmuster"' in body
    assert not Assessment.objects.filter(participant=participant).exists()
