"""The caseload and the case file: who sees them, search, stage filter, audit, language."""


import pytest
from django.urls import reverse

from participants.tests.factories import ParticipantFactory


@pytest.fixture
def own(counsellor_a):
    return ParticipantFactory(first_name="Karim", last_name="Nazari", site=counsellor_a.site, counsellor=counsellor_a)


@pytest.fixture
def foreign(counsellor_b):
    return ParticipantFactory(first_name="Leyla", last_name="Aliyeva", site=counsellor_b.site, counsellor=counsellor_b)


@pytest.mark.django_db
def test_caseload_ladder(client, client_for, own, foreign, instructor_a, funder, manager):
    url = reverse("participants:caseload")
    assert client.get(url).status_code == 302
    assert client_for(instructor_a).get(url).status_code == 403
    assert client_for(funder).get(url).status_code == 403
    body = client_for(own.counsellor).get(url).content.decode()
    assert "Nazari" in body and "Aliyeva" not in body
    body = client_for(manager).get(url).content.decode()
    assert "Nazari" in body and "Aliyeva" in body


@pytest.mark.django_db
def test_caseload_search_and_stage_filter(client_for, own, counsellor_a):
    ParticipantFactory(first_name="Tigist", last_name="Bekele", site=counsellor_a.site, counsellor=counsellor_a)
    client = client_for(counsellor_a)
    body = client.get(reverse("participants:caseload"), {"q": "bekele"}).content.decode()
    assert "Bekele" in body and "Nazari" not in body
    body = client.get(reverse("participants:caseload"), {"q": own.case_number}).content.decode()
    assert "Nazari" in body and "Bekele" not in body
    body = client.get(reverse("participants:caseload"), {"stage": "intake"}).content.decode()
    assert "Nazari" in body
    body = client.get(reverse("participants:caseload"), {"stage": "plan"}).content.decode()
    assert "Nazari" not in body
    partial = client.get(reverse("participants:caseload"), {"q": "bekele"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Bekele" in partial and "<html" not in partial


@pytest.mark.django_db
def test_case_file_ladder_and_audit(client, client_for, own, foreign, counsellor_a, instructor_a, funder, manager):
    url = reverse("participants:case_file", args=[own.pk])
    assert client.get(url).status_code == 302
    assert client_for(funder).get(url).status_code == 403
    assert client_for(instructor_a).get(url).status_code == 403
    assert client_for(counsellor_a).get(reverse("participants:case_file", args=[foreign.pk])).status_code == 404
    response = client_for(counsellor_a).get(url)
    assert response.status_code == 200 and "Karim Nazari" in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert client_for(manager).get(url).status_code == 200
    from accounts.models import AuditEntry

    assert AuditEntry.objects.filter(action="participant.view", participant_ref=own.pk).count() == 2


@pytest.mark.django_db
def test_country_names_follow_the_language(client_for, own, counsellor_a):
    client = client_for(counsellor_a)
    assert "Syria" in client.get(reverse("participants:case_file", args=[own.pk])).content.decode()
    german = client.get(reverse("participants:case_file", args=[own.pk]), HTTP_ACCEPT_LANGUAGE="de")
    assert "Syrien" in german.content.decode()
    assert 'lang="de"' in german.content.decode()
