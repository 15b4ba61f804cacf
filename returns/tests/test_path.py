"""The programme path is defined once (returns/path.py): the caseload's stage Return and the
report's "returned" name the same people, and a return that did not happen is neither."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cases.selectors import participant_list_caseload
from participants.models import Stage
from participants.tests.factories import ParticipantFactory
from reporting.indicators import Scope, participant_ids_for_figure
from reporting.periods import Period
from reporting.tests.factories import ReturnFactory
from returns.models import ReturnStatus
from returns.path import participant_annotate_stage

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def people(counsellor_a):
    """One person per return status, and one without a return record."""
    intake = TODAY - dt.timedelta(days=200)
    made = {}
    for status in ReturnStatus:
        person = ParticipantFactory(site=counsellor_a.site, counsellor=counsellor_a, intake_date=intake,
                                    last_name=f"Person-{status}")
        departed = status == ReturnStatus.RETURNED
        ReturnFactory(participant=person, status=status, actual_departure=TODAY - dt.timedelta(days=10) if departed
                      else None, status_date=TODAY - dt.timedelta(days=10), reason="" if departed else "recorded")
        made[status.value] = person
    made["none"] = ParticipantFactory(site=counsellor_a.site, counsellor=counsellor_a, intake_date=intake)
    return made


def test_only_a_return_that_happened_is_stage_return(people):
    stages = dict(
        participant_annotate_stage(
            type(people["none"]).objects.filter(pk__in=[p.pk for p in people.values()])
        ).values_list("pk", "stage")
    )
    assert stages[people["returned"].pk] == Stage.RETURN
    for status in ("postponed", "withdrawn", "stays", "none"):
        assert stages[people[status].pk] != Stage.RETURN, status


def test_caseload_and_report_name_the_same_returned_people(people, manager):
    in_caseload = {p.pk for p in participant_list_caseload(user=manager, stage=Stage.RETURN)}
    period = Period(start=TODAY - dt.timedelta(days=365), end=TODAY)
    in_report = set(participant_ids_for_figure(Scope(period=period), figure="returned"))
    assert in_caseload == in_report == {people["returned"].pk}
