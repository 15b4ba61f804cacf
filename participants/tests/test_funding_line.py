"""Every new intake names its funding line once lines exist; the case file shows it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from funding.tests.factories import FundingLineFactory
from participants.forms import IntakeForm
from participants.services import ERROR_FUNDING_LINE_REQUIRED, participant_create
from participants.tests.factories import ParticipantFactory


def _data(counsellor, **extra):
    return {
        "first_name": "Samir", "last_name": "Rahimi", "date_of_birth": dt.date(1988, 2, 1), "gender": "m",
        "origin_country": "AF", "languages": ["fa"], "site": counsellor.site, "counsellor": counsellor,
        "planned_departure": timezone.localdate() + dt.timedelta(days=60), "instruction_language": "fa", **extra,
    }


@pytest.mark.django_db
def test_without_lines_the_line_stays_optional(counsellor_a):
    participant = participant_create(acting_user=counsellor_a, data=_data(counsellor_a),
                                     consent_given_on=timezone.localdate())
    assert participant.funding_line is None
    assert not IntakeForm(user=counsellor_a).fields["funding_line"].required


@pytest.mark.django_db
def test_once_lines_exist_a_new_intake_must_name_one(counsellor_a):
    line = FundingLineFactory()
    assert IntakeForm(user=counsellor_a).fields["funding_line"].required
    with pytest.raises(ValidationError) as caught:
        participant_create(acting_user=counsellor_a, data=_data(counsellor_a), consent_given_on=timezone.localdate())
    assert caught.value.message_dict == {"funding_line": [str(ERROR_FUNDING_LINE_REQUIRED)]}
    participant = participant_create(acting_user=counsellor_a, data=_data(counsellor_a, funding_line=line),
                                     consent_given_on=timezone.localdate())
    assert participant.funding_line == line


@pytest.mark.django_db
def test_the_case_file_shows_the_line_and_its_project_number(client_for, counsellor_a):
    line = FundingLineFactory(project_number="BMZ-2026-0815", name="Perspektive Heimat")
    person = ParticipantFactory(site=counsellor_a.site, counsellor=counsellor_a, funding_line=line)
    body = client_for(counsellor_a).get(reverse("participants:case_file", args=[person.pk])).content.decode()
    assert "BMZ-2026-0815" in body and "Perspektive Heimat" in body
