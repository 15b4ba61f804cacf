"""seed_demo fills an empty database through the services, and refuses a second time."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from accounts.models import Role, Site, User
from catalogue.models import Module, Trade
from demo.management.commands.seed_demo import ERROR_DATA_EXISTS, MESSAGE_SKIPPED
from funding.models import ReportingPeriod
from participants.models import STAGE_ORDER, Participant, ProgrammeExit
from reporting.facts import facts_rebuild
from reporting.indicators import programme_report
from reporting.periods import Period, last_12_full_months
from reporting.selectors import data_suppress, report_data, report_scope_for_user
from reporting.suppression import FUNDER_COUNTS
from returns.models import Return, ReturnStatus
from returns.path import participant_annotate_stage
from scheduling.models import Meeting, Session
from training.models import AttendanceDay


@pytest.fixture
def fast_hashing(settings):
    # The demo sets thirteen passwords; the production hasher would take seconds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _the_funder_sees_every_headline() -> None:
    """The demo funder's offered periods (last 12 full months, each reporting period of its line)
    have enough entrants for every headline total to be shown (issue 20)."""
    funder = User.objects.get(role=Role.FUNDER)
    periods = [last_12_full_months(timezone.localdate())] + [
        Period(start=p.starts_on, end=p.ends_on)
        for p in ReportingPeriod.objects.filter(funding_line__funder=funder.funder)
    ]
    assert len(periods) == 4
    maintained = [programme_report(report_scope_for_user(user=funder, period=period)) for period in periods]
    facts_rebuild()  # the seed went through the services: the maintained facts count as a rebuild
    for period, report in zip(periods, maintained, strict=True):
        assert report == programme_report(report_scope_for_user(user=funder, period=period))
        total = data_suppress(report_data(report))["total"]
        assert all(isinstance(total[figure], int) for figure in FUNDER_COUNTS), (period, total)
        assert total["started"] >= 10


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

    # Issue 18: the current week stays open so an instructor can record and countersign it;
    # every earlier recorded day is countersigned.
    today = timezone.localdate()
    week_start = today - dt.timedelta(days=today.weekday())
    recorded = Meeting.objects.filter(attendances__isnull=False).distinct()
    this_week = recorded.filter(date__gte=week_start, date__lte=today)
    assert not AttendanceDay.objects.filter(meeting__in=this_week, countersigned_at__isnull=False).exists()
    open_days = Meeting.objects.filter(date__gte=week_start, date__lte=today).exclude(
        attendance_day__countersigned_at__isnull=False)
    assert open_days.exists() or not Meeting.objects.filter(date__gte=week_start, date__lte=today).exists()
    earlier = recorded.filter(date__lt=week_start)
    assert earlier.exists()
    assert earlier.filter(attendance_day__countersigned_at__isnull=False).count() == earlier.count()

    _the_funder_sees_every_headline()

    with pytest.raises(CommandError) as refused:
        call_command("seed_demo", stdout=StringIO())
    assert str(refused.value) == ERROR_DATA_EXISTS
    assert Participant.objects.count() == sum(stages.values())

    skipped = StringIO()
    call_command("seed_demo", "--if-empty", stdout=skipped)
    assert MESSAGE_SKIPPED in skipped.getvalue()
