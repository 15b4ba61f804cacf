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


@pytest.mark.django_db
def test_an_ended_line_is_not_offered_nor_accepted_at_intake(client_for, counsellor_a, manager):
    """Issue 18: a line whose project ended years ago was still offered at intake."""
    from funding.selectors import ERROR_FUNDING_LINE_ENDED
    from funding.tests.factories import ProjectFactory

    ended = FundingLineFactory(project=ProjectFactory(starts_on=dt.date(2011, 1, 1), ends_on=dt.date(2014, 12, 31)),
                               project_number="ESF-BY-2011-0420")
    running = FundingLineFactory(project_number="BMZ-2026-0815")
    choices = [str(label) for _value, label in IntakeForm(user=counsellor_a).fields["funding_line"].choices]
    assert any("BMZ-2026-0815" in label for label in choices)
    assert not any("ESF-BY-2011-0420" in label for label in choices)
    body = client_for(counsellor_a).get(reverse("participants:intake")).content.decode()
    assert "BMZ-2026-0815" in body and "ESF-BY-2011-0420" not in body
    with pytest.raises(ValidationError) as caught:
        participant_create(acting_user=counsellor_a, data=_data(counsellor_a, funding_line=ended),
                           consent_given_on=timezone.localdate())
    assert caught.value.message_dict == {"funding_line": [str(ERROR_FUNDING_LINE_ENDED)]}
    # A participant already paid by the ended line keeps it on edit; nobody new is moved onto it.
    old = ParticipantFactory(site=counsellor_a.site, counsellor=counsellor_a, funding_line=ended)
    edit = client_for(counsellor_a).get(reverse("participants:edit", args=[old.pk])).content.decode()
    assert "ESF-BY-2011-0420" in edit
    other = ParticipantFactory(site=counsellor_a.site, counsellor=counsellor_a, funding_line=running)
    edit = client_for(counsellor_a).get(reverse("participants:edit", args=[other.pk])).content.decode()
    assert "ESF-BY-2011-0420" not in edit


@pytest.mark.django_db
def test_an_extension_keeps_a_line_open(counsellor_a):
    from funding.models import ProjectExtension
    from funding.selectors import funding_line_list_open
    from funding.tests.factories import ProjectFactory

    project = ProjectFactory(starts_on=dt.date(2020, 1, 1), ends_on=dt.date(2022, 12, 31))
    line = FundingLineFactory(project=project)
    today = timezone.localdate()
    assert not funding_line_list_open(on=today).filter(pk=line.pk).exists()
    ProjectExtension.objects.create(project=project, new_end=today, decided_on=dt.date(2022, 6, 1))
    assert funding_line_list_open(on=today).filter(pk=line.pk).exists()
    assert not funding_line_list_open(on=today + dt.timedelta(days=1)).filter(pk=line.pk).exists()
