"""Earliest start and pins: set on the participant's scheduling page, audited, kept by the optimiser."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry
from catalogue.tests.factories import ModuleFactory
from scheduling import optimiser
from scheduling.models import Pin, SchedulingProfile
from scheduling.services import ERROR_EARLIEST_AFTER_DEPARTURE
from scheduling.tests.factories import make_session
from scheduling.tests.test_services import planned_participant


@pytest.fixture
def case(manager, site_a, instructor_a, counsellor_a):
    module = ModuleFactory(code="WEL-401")
    today = timezone.localdate()
    session = make_session(manager=manager, module=module, site=site_a, instructor=instructor_a,
                           starts_on=today + dt.timedelta(days=14))
    other = make_session(manager=manager, module=ModuleFactory(code="ELE-101"), site=site_a, instructor=instructor_a,
                         starts_on=today + dt.timedelta(days=30))
    participant = planned_participant(counsellor_a, module, departure_in_days=90)
    return {"participant": participant, "session": session, "other": other}


@pytest.mark.django_db
def test_counsellor_sets_and_clears_the_earliest_start(client, counsellor_a, case):
    participant = case["participant"]
    client.force_login(counsellor_a)
    url = reverse("scheduling:constraints", args=[participant.pk])
    assert client.get(url).status_code == 200
    day = timezone.localdate() + dt.timedelta(days=20)
    assert client.post(url, {"earliest_start": day.isoformat()}).status_code == 302
    assert SchedulingProfile.objects.get(participant=participant).earliest_start == day
    audit = AuditEntry.objects.filter(action="scheduling_profile.earliest_start", participant_ref=participant.pk)
    assert audit.exists()
    built = optimiser.instance_build(today=timezone.localdate())
    assert built.instance.participants[0].earliest_start == day.toordinal()
    assert client.post(url, {"earliest_start": ""}).status_code == 302
    assert SchedulingProfile.objects.get(participant=participant).earliest_start is None


@pytest.mark.django_db
def test_earliest_start_after_departure_is_refused_and_kept_in_the_form(client, counsellor_a, case):
    participant = case["participant"]
    client.force_login(counsellor_a)
    late = participant.planned_departure + dt.timedelta(days=1)
    response = client.post(reverse("scheduling:constraints", args=[participant.pk]),
                           {"earliest_start": late.isoformat()})
    assert response.status_code == 400
    expected = str(ERROR_EARLIEST_AFTER_DEPARTURE) % {
        "start": f"{late:%d.%m.%Y}", "departure": f"{participant.planned_departure:%d.%m.%Y}"}
    assert expected in response.context["earliest_form"].errors["earliest_start"]
    assert late.isoformat() in response.content.decode()
    assert not SchedulingProfile.objects.filter(participant=participant, earliest_start=late).exists()


@pytest.mark.django_db
def test_pin_and_unpin(client, counsellor_a, case):
    participant, session = case["participant"], case["session"]
    client.force_login(counsellor_a)
    page = client.get(reverse("scheduling:constraints", args=[participant.pk]))
    choices = list(page.context["pin_form"].fields["session"].queryset)
    assert choices == [session]  # ELE-101 is not in the plan
    response = client.post(reverse("scheduling:pin_create", args=[participant.pk]), {"session": session.pk})
    assert response.status_code == 302
    pin = Pin.objects.get(participant=participant)
    assert pin.session == session and pin.created_by == counsellor_a
    assert AuditEntry.objects.filter(action="pin.create", participant_ref=participant.pk).exists()
    built = optimiser.instance_build(today=timezone.localdate())
    assert built.instance.participants[0].pins == (session.pk,)
    again = client.post(reverse("scheduling:pin_create", args=[participant.pk]), {"session": session.pk})
    assert again.status_code == 400
    assert "already pinned" in again.content.decode()
    outside = client.post(reverse("scheduling:pin_create", args=[participant.pk]), {"session": case["other"].pk})
    assert outside.status_code == 400
    response = client.post(reverse("scheduling:pin_delete", args=[participant.pk, pin.pk]))
    assert response.status_code == 302 and not Pin.objects.filter(pk=pin.pk).exists()
    assert AuditEntry.objects.filter(action="pin.delete", participant_ref=participant.pk).exists()


@pytest.mark.django_db
def test_other_site_sees_nothing(client, counsellor_b, case):
    participant = case["participant"]
    client.force_login(counsellor_b)
    assert client.get(reverse("scheduling:constraints", args=[participant.pk])).status_code == 404
    response = client.post(reverse("scheduling:pin_create", args=[participant.pk]), {"session": case["session"].pk})
    assert response.status_code == 404
    assert not Pin.objects.exists()
