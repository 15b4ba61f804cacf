"""Session planning: extra sessions from free instructor and workshop slots, the manager's page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from catalogue.tests.factories import ModuleFactory
from scheduling import optimiser
from scheduling.models import Session
from scheduling.planning import planning_candidates, session_planning_proposals
from scheduling.tests.factories import make_session
from scheduling.tests.test_services import planned_participant


@pytest.fixture
def crowded(manager, site_a, instructor_a, counsellor_a):
    """Four people need MET-301 within 60 days; the only session has two seats."""
    module = ModuleFactory(code="MET-301")
    today = timezone.localdate()
    session = make_session(
        manager=manager, module=module, site=site_a, instructor=instructor_a,
        starts_on=today + dt.timedelta(days=10), capacity=2,
    )
    people = [planned_participant(counsellor_a, module, departure_in_days=60) for _ in range(4)]
    return {"module": module, "session": session, "people": people}


@pytest.mark.django_db
def test_candidates_keep_the_workshop_and_the_instructor_free(crowded, instructor_a):
    today = timezone.localdate()
    built = optimiser.instance_build(today=today)
    planned = planning_candidates(instance=built.instance, today=today, weeks=6)
    assert planned, "some week must be free"
    taken = {m.date for m in crowded["session"].meetings.all()}
    for candidate in planned:
        assert candidate.starts_on.weekday() == 0 or candidate.starts_on > today
        assert candidate.instructor == instructor_a and candidate.capacity == 2  # copied from the latest session
        assert 6 not in candidate.weekdays  # sessions meet Monday to Saturday
        # same trade, same site, same hours: no day of the existing session may be used again
        assert not taken & set(candidate.days())


@pytest.mark.django_db
def test_proposal_names_the_plans_it_completes(crowded):
    proposals = session_planning_proposals(today=timezone.localdate(), weeks=4, limit=2)
    assert proposals, "an extra session of two seats completes two more plans"
    first = proposals[0]
    assert first.additional_plans == 2 and len(first.participants) == 2
    assert {p.pk for p in first.participants} <= {p.pk for p in crowded["people"]}
    assert first.planned.ends_on <= timezone.localdate() + dt.timedelta(days=60)
    if len(proposals) == 2:  # the next round only counts plans not yet completed
        assert not {p.pk for p in proposals[1].participants} & {p.pk for p in first.participants}


@pytest.mark.django_db
def test_manager_sees_proposals_and_creates_the_session(client, manager, crowded):
    client.force_login(manager)
    response = client.get(reverse("scheduling:planning"), {"weeks": 4, "limit": 1})
    assert response.status_code == 200
    body = response.content.decode()
    assert "MET-301" in body and "Create this session" in body
    assert crowded["people"][0].case_number in body or crowded["people"][2].case_number in body
    proposal = response.context["proposals"][0].planned
    before = Session.objects.count()
    form = {
        "module": proposal.module.pk, "site": proposal.site.pk, "instructor": proposal.instructor.pk,
        "starts_on": proposal.starts_on.isoformat(), "ends_on": proposal.ends_on.isoformat(),
        "weekdays": list(proposal.weekdays), "starts_at": proposal.starts_at.strftime("%H:%M"),
        "ends_at": proposal.ends_at.strftime("%H:%M"), "capacity": proposal.capacity,
    }
    response = client.post(reverse("scheduling:session_create"), form)
    assert response.status_code == 302, response.context["form"].errors
    assert Session.objects.count() == before + 1
    created = Session.objects.latest("pk")
    assert (created.module, created.starts_on, created.capacity) == (crowded["module"], proposal.starts_on, 2)


@pytest.mark.django_db
def test_planning_form_errors_and_roles(client, manager, counsellor_a):
    client.force_login(manager)
    response = client.get(reverse("scheduling:planning"), {"weeks": 0, "limit": 1})
    assert response.status_code == 400 and response.context["proposals"] is None
    client.force_login(counsellor_a)
    assert client.get(reverse("scheduling:planning")).status_code in (403, 404)
