import pytest
from django.test import Client
from django.urls import reverse

from feedback.models import SurveyResponse, SurveyToken
from feedback.services import survey_links_issue

ANSWERS = {"overall": "5", "usefulness": "4", "instructor_rating": "5", "practice": "3", "understanding": "4"}


@pytest.mark.django_db
def test_links_page_ladder(client, client_for, session, instructor_a, instructor_b, counsellor_a, manager):
    url = reverse("feedback:session_links", args=[session.pk])
    assert client.get(url).status_code == 302
    assert client_for(counsellor_a).get(url).status_code == 403
    assert client_for(instructor_b).post(url).status_code == 404
    assert client_for(manager).get(url).status_code == 200
    response = client_for(instructor_a).post(url)
    body = response.content.decode()
    assert response.status_code == 200 and "/feedback/s/" in body and "Learner0 Tesfaye" in body
    assert SurveyToken.objects.count() == 6


@pytest.mark.django_db
def test_a_participant_answers_once_without_an_account(client, session, instructor_a):
    link = survey_links_issue(acting_user=instructor_a, session=session)[-1]
    url = reverse("feedback:answer", args=[link.token]) + "?lang=en"  # the messages below in English
    page = client.get(url)
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    assert page.content.decode().count('type="radio"') == 25  # five questions, five faces
    refused = client.post(url, {**ANSWERS, "practice": ""})
    assert refused.status_code == 400
    assert refused.content.decode().count("checked") == 4  # what was chosen stays chosen
    assert "Choose one of the five faces." in refused.content.decode()
    assert not SurveyResponse.objects.exists()
    assert client.post(url, ANSWERS).status_code == 200
    assert SurveyResponse.objects.get().practice == 3
    assert client.get(url).status_code == 410
    assert client.post(url, ANSWERS).status_code == 410
    assert SurveyResponse.objects.count() == 1
    assert client.get(reverse("feedback:answer", args=["made-up"])).status_code == 404


@pytest.mark.django_db
def test_the_survey_speaks_the_participants_language(client, session, instructor_a):
    links = {link.enrolment.participant.languages[0]: link for link in
             survey_links_issue(acting_user=instructor_a, session=session)}
    body = client.get(reverse("feedback:answer", args=[links["ar"].token])).content.decode()
    assert 'lang="ar" dir="rtl"' in body
    body = client.get(reverse("feedback:answer", args=[links["ar"].token]) + "?lang=en").content.decode()
    assert 'lang="en" dir="ltr"' in body and "How happy are you with this course overall?" in body
    # No translation for any language the person speaks: the language of instruction.
    person = links["ti"].enrolment.participant
    person.languages, person.instruction_language = ["xx-unknown"], "de"
    person.save()
    assert 'lang="de"' in client.get(reverse("feedback:answer", args=[links["ti"].token])).content.decode()


@pytest.mark.django_db
def test_summary_for_managers_only(client_for, manager, counsellor_a, funder, session, instructor_a):
    url = reverse("feedback:summary")
    assert client_for(counsellor_a).get(url).status_code == 403
    assert client_for(funder).get(url).status_code == 403
    for link in survey_links_issue(acting_user=instructor_a, session=session)[:5]:
        assert Client().post(reverse("feedback:answer", args=[link.token]), ANSWERS).status_code == 200
    body = client_for(manager).get(url).content.decode()
    assert session.module.code in body and "4.2" in body  # mean of 5, 4, 5, 3, 4
