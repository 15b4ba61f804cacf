import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from accounts.models import AuditEntry
from feedback.models import SurveyResponse, SurveyToken
from feedback.services import ERROR_ALREADY_ANSWERED, survey_answer, survey_links_issue, token_hash

RATINGS = {"overall": 5, "usefulness": 4, "instructor_rating": 5, "practice": 3, "understanding": 4}


@pytest.mark.django_db
def test_one_link_per_enrolment_stored_only_as_a_hash(session, instructor_a):
    issued = survey_links_issue(acting_user=instructor_a, session=session)
    assert len(issued) == 6 == SurveyToken.objects.count()
    stored = set(SurveyToken.objects.values_list("token_hash", flat=True))
    assert {token_hash(link.token) for link in issued} == stored
    assert not any(link.token in stored for link in issued)
    assert AuditEntry.objects.get(action="survey.links_issue").detail == {"links": 6}


@pytest.mark.django_db
def test_an_answer_consumes_the_link_and_keeps_no_link_to_the_person(session, instructor_a):
    link = survey_links_issue(acting_user=instructor_a, session=session)[0]
    today = timezone.localdate()
    response = survey_answer(token=link.token, ratings=RATINGS, today=today)
    assert (response.module_id, response.instructor_id, response.month) == (
        session.module_id, instructor_a.pk, today.replace(day=1)
    )
    fields = {field.name for field in SurveyResponse._meta.get_fields()}
    assert not fields & {"participant", "enrolment", "token", "session", "created_at"}
    assert SurveyToken.objects.get(enrolment=link.enrolment).used
    with pytest.raises(ValidationError) as caught:
        survey_answer(token=link.token, ratings=RATINGS, today=today)
    assert caught.value.messages == [str(ERROR_ALREADY_ANSWERED)]
    assert SurveyResponse.objects.count() == 1
    # Answers are not audited: an entry would put a time next to the answer.
    assert not AuditEntry.objects.filter(action__startswith="survey.answer").exists()


@pytest.mark.django_db
def test_every_question_needs_a_rating_from_one_to_five(session, instructor_a):
    link = survey_links_issue(acting_user=instructor_a, session=session)[0]
    with pytest.raises(ValidationError) as caught:
        survey_answer(token=link.token, ratings={**RATINGS, "practice": 6, "overall": 0}, today=timezone.localdate())
    assert set(caught.value.message_dict) == {"practice", "overall"}
    assert not SurveyToken.objects.get(enrolment=link.enrolment).used
    with pytest.raises(Http404):
        survey_answer(token="not-a-token", ratings=RATINGS, today=timezone.localdate())


@pytest.mark.django_db
def test_issuing_again_replaces_open_links_but_not_answered_ones(session, instructor_a):
    first = survey_links_issue(acting_user=instructor_a, session=session)
    survey_answer(token=first[0].token, ratings=RATINGS, today=timezone.localdate())
    second = survey_links_issue(acting_user=instructor_a, session=session)
    assert len(second) == 5 and first[0].enrolment not in [link.enrolment for link in second]
    with pytest.raises(Http404):
        survey_answer(token=first[1].token, ratings=RATINGS, today=timezone.localdate())
