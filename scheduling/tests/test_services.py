import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from catalogue.tests.factories import ModuleFactory
from participants.models import ProgrammeExit
from participants.tests.factories import ParticipantFactory
from plans import services as plan_services
from scheduling import services
from scheduling.models import Enrolment
from scheduling.tests.factories import make_session


def planned_participant(counsellor, module, departure_in_days=120):
    participant = ParticipantFactory(
        site=counsellor.site,
        counsellor=counsellor,
        planned_departure=timezone.localdate() + dt.timedelta(days=departure_in_days),
    )
    plan = plan_services.plan_start(acting_user=counsellor, participant=participant)
    plan_services.plan_add_module(acting_user=counsellor, plan=plan, module=module)
    plan_services.plan_finalise(acting_user=counsellor, plan=plan, agreed_on=timezone.localdate())
    return participant


@pytest.fixture
def module(db):
    return ModuleFactory(code="PAI-101")


@pytest.mark.django_db
def test_session_create_makes_meetings_on_chosen_weekdays(manager, module, site_a, instructor_a):
    monday = dt.date(2026, 11, 2)
    session = services.session_create(
        acting_user=manager,
        module=module,
        site=site_a,
        instructor=instructor_a,
        starts_on=monday,
        ends_on=monday + dt.timedelta(days=13),
        capacity=10,
        weekdays=[0, 2],
        starts_at=dt.time(8),
        ends_at=dt.time(12),
    )
    assert [m.date.weekday() for m in session.meetings.all()] == [0, 2, 0, 2]
    assert session.ends_on == monday + dt.timedelta(days=9)
    with pytest.raises(ValidationError) as error:
        services.session_create(
            acting_user=manager,
            module=module,
            site=site_a,
            instructor=manager,
            starts_on=monday,
            ends_on=monday,
            capacity=10,
            weekdays=[0],
            starts_at=dt.time(8),
            ends_at=dt.time(12),
        )
    assert "instructor" in error.value.message_dict


@pytest.mark.django_db
def test_enrolment_refuses_full_late_duplicate_and_unplanned(manager, counsellor_a, module, site_a, instructor_a):
    start = timezone.localdate() + dt.timedelta(days=7)
    session = make_session(
        manager=manager, module=module, site=site_a, instructor=instructor_a, starts_on=start, capacity=1
    )
    first = planned_participant(counsellor_a, module)
    services.session_enrol(acting_user=counsellor_a, session=session, participant=first)
    with pytest.raises(ValidationError) as error:
        services.session_enrol(acting_user=counsellor_a, session=session, participant=first)
    assert error.value.messages == [str(services.ERROR_ALREADY_ENROLLED)]
    second = planned_participant(counsellor_a, module)
    with pytest.raises(ValidationError) as error:
        services.session_enrol(acting_user=counsellor_a, session=session, participant=second)
    assert error.value.messages == [str(services.ERROR_SESSION_FULL)]
    leaving = planned_participant(counsellor_a, module, departure_in_days=8)
    roomy = make_session(manager=manager, module=module, site=site_a, instructor=instructor_a, starts_on=start)
    with pytest.raises(ValidationError) as error:
        services.session_enrol(acting_user=counsellor_a, session=roomy, participant=leaving)
    assert "after the planned departure" in error.value.messages[0]
    unplanned = ParticipantFactory(site=site_a, counsellor=counsellor_a)
    with pytest.raises(ValidationError) as error:
        services.session_enrol(acting_user=counsellor_a, session=roomy, participant=unplanned)
    assert "PAI-101" in error.value.messages[0]
    gone = planned_participant(counsellor_a, module)
    ProgrammeExit.objects.create(
        participant=gone, left_on=timezone.localdate(), reason="moved", recorded_by=counsellor_a
    )
    with pytest.raises(ValidationError) as error:
        services.session_enrol(acting_user=counsellor_a, session=roomy, participant=gone)
    assert "left the programme" in error.value.messages[0]
    assert Enrolment.objects.count() == 1
