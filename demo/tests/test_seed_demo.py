"""seed_demo fills an empty database through the services, and refuses a second time."""

from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import Role, Site, User
from catalogue.models import Module, Trade
from demo.management.commands.seed_demo import ERROR_DATA_EXISTS, MESSAGE_SKIPPED
from participants.models import STAGE_ORDER, Participant, ProgrammeExit
from returns.models import Return, ReturnStatus
from returns.path import participant_annotate_stage
from scheduling.models import Session


@pytest.fixture
def fast_hashing(settings):
    # The demo sets thirteen passwords; the production hasher would take seconds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.django_db
def test_seed_demo_fills_every_stage_and_refuses_to_run_twice(fast_hashing):
    out = StringIO()
    call_command("seed_demo", stdout=out)

    assert Site.objects.count() == 5
    assert Trade.objects.count() == 5
    assert Module.objects.count() == 20
    assert 55 <= Participant.objects.count() <= 65
    assert Session.objects.filter(enrolments__isnull=False).exists()
    roles = Counter(User.objects.values_list("role", flat=True))
    assert roles == {Role.MANAGER: 1, Role.COUNSELLOR: 5, Role.INSTRUCTOR: 5, Role.FUNDER: 1, Role.DPO: 1,
                     Role.PARTICIPANT: 2}  # the demo portal logins (demo/seed_portal.py)
    assert "code DEMX-ARAB-2345  PIN 583920" in out.getvalue()
    manager = User.objects.get(username="manager")
    assert manager.is_staff and not manager.is_superuser
    assert manager.check_password("reintegra-demo")

    stages = Counter(participant_annotate_stage(Participant.objects.all()).values_list("stage", flat=True))
    assert set(stages) == set(STAGE_ORDER), stages
    statuses = set(Return.objects.values_list("status", flat=True))
    assert statuses == set(ReturnStatus.values)
    # early leavers: some returned anyway, some stay; each left before any departure
    exits = list(ProgrammeExit.objects.select_related("participant__return_record"))
    assert {record.reason for record in exits} == {"family", "work"}
    assert all(record.left_on < record.participant.return_record.status_date for record in exits)
    assert "berater.muenchen" in out.getvalue()

    with pytest.raises(CommandError) as refused:
        call_command("seed_demo", stdout=StringIO())
    assert str(refused.value) == ERROR_DATA_EXISTS
    assert Participant.objects.count() == sum(stages.values())

    skipped = StringIO()
    call_command("seed_demo", "--if-empty", stdout=skipped)
    assert MESSAGE_SKIPPED in skipped.getvalue()
