"""Health details are shown only to the roles that need them: the participant's counsellor
and managers. Instructors, funders and the DPO work without them."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from catalogue.tests.factories import ModuleFactory
from scheduling.services import session_enrol
from scheduling.tests.factories import make_session
from scheduling.tests.test_services import planned_participant

HEALTH = "Epilepsie, Medikation morgens"


@pytest.fixture
def enrolled(manager, counsellor_a, instructor_a, site_a):
    module = ModuleFactory(code="PAI-101")
    participant = planned_participant(counsellor_a, module)
    participant.has_health_limits = True
    participant.health_notes = HEALTH
    participant.save()
    session = make_session(
        manager=manager,
        module=module,
        site=site_a,
        instructor=instructor_a,
        starts_on=timezone.localdate() - dt.timedelta(days=1),
    )
    session_enrol(acting_user=counsellor_a, session=session, participant=participant)
    return participant, session


@pytest.mark.django_db
def test_health_details_only_for_counsellor_and_manager(
    client_for, enrolled, counsellor_a, manager, instructor_a, funder, dpo
):
    participant, session = enrolled
    case_file = reverse("participants:case_file", args=[participant.pk])
    assert HEALTH in client_for(counsellor_a).get(case_file).content.decode()
    assert HEALTH in client_for(manager).get(case_file).content.decode()
    instructor_pages = [
        reverse("scheduling:session_detail", args=[session.pk]),
        reverse("training:attendance", args=[session.meetings.first().pk]),
        reverse("training:results", args=[session.pk]),
        reverse("scheduling:session_list"),
    ]
    for url in instructor_pages:
        body = client_for(instructor_a).get(url).content.decode()
        assert HEALTH not in body, url
    assert HEALTH not in client_for(funder).get(reverse("reporting:dashboard")).content.decode()
    assert (
        HEALTH
        not in client_for(dpo).get(reverse("privacy:audit"), {"case_number": participant.case_number}).content.decode()
    )
