import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from catalogue.tests.factories import ModuleFactory
from scheduling import services as scheduling_services
from scheduling.tests.factories import make_session
from scheduling.tests.test_services import planned_participant
from training.models import Attendance, Result


@pytest.fixture
def running(manager, site_a, instructor_a, counsellor_a):
    module = ModuleFactory(code="COO-101")
    participant = planned_participant(counsellor_a, module)
    session = make_session(
        manager=manager,
        module=module,
        site=site_a,
        instructor=instructor_a,
        starts_on=timezone.localdate() - dt.timedelta(days=2),
    )
    enrolment = scheduling_services.session_enrol(acting_user=counsellor_a, session=session, participant=participant)
    return session, enrolment


@pytest.mark.django_db
def test_attendance_ladder_and_recording(client, client_for, running, instructor_a, instructor_b, counsellor_a, funder):
    session, enrolment = running
    past, future = session.meetings.first(), session.meetings.last()
    url = reverse("training:attendance", args=[past.pk])
    assert client.get(url).status_code == 302
    assert client_for(counsellor_a).get(url).status_code == 403
    assert client_for(funder).get(url).status_code == 403
    assert client_for(instructor_b).get(url).status_code == 404
    assert client_for(instructor_b).post(url, {f"status-{enrolment.pk}": "present"}).status_code == 404
    assert not Attendance.objects.exists()
    response = client_for(instructor_a).post(url, {f"status-{enrolment.pk}": "excused"})
    assert response.status_code == 302
    assert Attendance.objects.get().status == "excused"
    response = client_for(instructor_a).post(
        reverse("training:attendance", args=[future.pk]), {f"status-{enrolment.pk}": "present"}
    )
    assert response.status_code == 400
    assert "before the meeting took place" in response.content.decode()
    assert Attendance.objects.count() == 1


@pytest.mark.django_db
def test_results_ladder_and_recording(client_for, running, instructor_a, instructor_b, manager):
    session, enrolment = running
    url = reverse("training:results", args=[session.pk])
    assert client_for(instructor_b).post(url, {f"outcome-{enrolment.pk}": "passed"}).status_code == 404
    assert client_for(instructor_a).post(url, {f"outcome-{enrolment.pk}": "failed"}).status_code == 302
    assert Result.objects.get().outcome == "failed"
    assert client_for(manager).post(url, {f"outcome-{enrolment.pk}": "passed"}).status_code == 302
    result = Result.objects.get()
    assert result.outcome == "passed" and result.recorded_by == manager
