import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from catalogue.tests.factories import ModuleFactory
from scheduling.tests.factories import make_session
from scheduling.tests.test_services import planned_participant


@pytest.mark.django_db
def test_sessions_ladder_and_instructor_sees_only_own(
    client, client_for, manager, site_a, instructor_a, instructor_b, funder
):
    module = ModuleFactory(code="ELE-101")
    start = timezone.localdate() + dt.timedelta(days=3)
    own = make_session(manager=manager, module=module, site=site_a, instructor=instructor_a, starts_on=start)
    other = make_session(manager=manager, module=module, site=site_a, instructor=instructor_b, starts_on=start)
    url = reverse("scheduling:session_list")
    assert client.get(url).status_code == 302
    assert client_for(funder).get(url).status_code == 403
    body = client_for(instructor_a).get(url).content.decode()
    assert reverse("scheduling:session_detail", args=[own.pk]) in body
    assert reverse("scheduling:session_detail", args=[other.pk]) not in body
    assert client_for(instructor_a).get(reverse("scheduling:session_detail", args=[other.pk])).status_code == 404
    assert client_for(instructor_a).get(reverse("scheduling:session_create")).status_code == 403
    assert client_for(manager).get(reverse("scheduling:session_create")).status_code == 200


@pytest.mark.django_db
def test_counsellor_sees_only_own_site_names_in_a_session(
    client_for, manager, site_a, instructor_a, counsellor_a, counsellor_b
):
    module = ModuleFactory(code="ELE-102")
    session = make_session(
        manager=manager,
        module=module,
        site=site_a,
        instructor=instructor_a,
        starts_on=timezone.localdate() + dt.timedelta(days=3),
    )
    mine = planned_participant(counsellor_a, module)
    theirs = planned_participant(counsellor_b, module)
    for person, counsellor in ((mine, counsellor_a), (theirs, counsellor_b)):
        client_for(counsellor).post(reverse("scheduling:enrol_confirm", args=[person.pk, session.pk]))
    body = client_for(counsellor_a).get(reverse("scheduling:session_detail", args=[session.pk])).content.decode()
    assert mine.case_number in body and theirs.case_number not in body
    assert "1 participant of another site" in body


@pytest.mark.django_db
def test_session_create_form_keeps_input_on_error(client_for, manager, site_a, instructor_a):
    module = ModuleFactory(code="ELE-103")
    response = client_for(manager).post(
        reverse("scheduling:session_create"),
        {
            "module": module.pk,
            "site": site_a.pk,
            "instructor": instructor_a.pk,
            "starts_on": "2026-12-07",
            "ends_on": "2026-12-01",
            "weekdays": [0],
            "starts_at": "09:00",
            "ends_at": "13:00",
            "capacity": 9,
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "The end date lies before the start date." in body and 'value="9"' in body


@pytest.mark.django_db
def test_enrol_page_offers_nothing_to_someone_who_left(client_for, manager, site_a, instructor_a, counsellor_a):
    from participants.models import ProgrammeExit

    module = ModuleFactory(code="ELE-104")
    session = make_session(manager=manager, module=module, site=site_a, instructor=instructor_a,
                           starts_on=timezone.localdate() + dt.timedelta(days=3))
    person = planned_participant(counsellor_a, module)
    client = client_for(counsellor_a)
    confirm = reverse("scheduling:enrol_confirm", args=[person.pk, session.pk])
    assert confirm in client.get(reverse("scheduling:enrol", args=[person.pk])).content.decode()
    ProgrammeExit.objects.create(participant=person, left_on=timezone.localdate(), reason="health",
                                 recorded_by=counsellor_a)
    body = client.get(reverse("scheduling:enrol", args=[person.pk])).content.decode()
    assert "Left the programme on" in body and confirm not in body
    client.post(confirm)
    assert not person.enrolments.exists()


@pytest.mark.django_db
def test_certificates_link_only_where_the_user_may_issue(client_for, manager, site_a, instructor_a, counsellor_a,
                                                         counsellor_b):
    """Issue 18: the link answered 404 on other sites' session pages."""
    session = make_session(manager=manager, module=ModuleFactory(code="ELE-104"), site=site_a,
                           instructor=instructor_a, starts_on=timezone.localdate() + dt.timedelta(days=3))
    page = reverse("scheduling:session_detail", args=[session.pk])
    issue = reverse("certificates:session_issue", args=[session.pk])
    for user, offered in ((counsellor_a, True), (manager, True), (counsellor_b, False), (instructor_a, False)):
        client = client_for(user)
        response = client.get(page)
        assert response.status_code == 200
        assert (issue in response.content.decode()) is offered, user
        assert client.get(issue).status_code == (200 if offered else 404 if user.role == "counsellor" else 403)
