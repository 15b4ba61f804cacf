"""Eligibility checks: recorded from the case file, audited, flagged in the caseload."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry
from catalogue.tests.factories import ModuleFactory
from participants import services
from participants.models import EligibilityBasis, EligibilityCheck
from participants.tests.factories import ParticipantFactory


@pytest.fixture
def own(counsellor_a):
    return ParticipantFactory(first_name="Karim", last_name="Nazari", site=counsellor_a.site, counsellor=counsellor_a)


@pytest.mark.django_db
def test_record_keeps_who_when_and_basis_and_audits_without_the_note(own, counsellor_a):
    today = timezone.localdate()
    check = services.eligibility_record(
        acting_user=counsellor_a, participant=own, basis=EligibilityBasis.REFERRAL_LETTER,
        note="Referral by the Ausländerbehörde Nürnberg", checked_on=today,
    )
    assert (check.checked_by, check.checked_on, check.basis) == (counsellor_a, today, "referral_letter")
    entry = AuditEntry.objects.get(action="eligibility.record")
    assert entry.participant_ref == own.pk and entry.detail == {"basis": "referral_letter", "module": None}
    assert "Ausländerbehörde" not in str(entry.detail)


@pytest.mark.django_db
def test_other_needs_a_note_and_the_date_cannot_be_in_the_future(own, counsellor_a):
    with pytest.raises(ValidationError) as caught:
        services.eligibility_record(
            acting_user=counsellor_a, participant=own, basis=EligibilityBasis.OTHER, checked_on=timezone.localdate()
        )
    assert "Describe the basis" in str(caught.value)
    with pytest.raises(ValidationError) as caught:
        services.eligibility_record(
            acting_user=counsellor_a, participant=own, basis=EligibilityBasis.RESIDENCE_STATUS,
            checked_on=timezone.localdate() + dt.timedelta(days=1),
        )
    assert caught.value.message_dict == {"checked_on": [str(services.ERROR_CHECK_IN_FUTURE)]}
    assert not EligibilityCheck.objects.exists()


@pytest.mark.django_db
def test_the_caseload_flags_who_has_no_programme_wide_check(client_for, own, counsellor_a):
    other = ParticipantFactory(first_name="Tigist", last_name="Bekele", site=counsellor_a.site, counsellor=counsellor_a)
    services.eligibility_record(
        acting_user=counsellor_a, participant=own, basis=EligibilityBasis.RESIDENCE_STATUS,
        checked_on=timezone.localdate(),
    )
    # A check for one module only does not make the person eligible as such.
    services.eligibility_record(
        acting_user=counsellor_a, participant=other, basis=EligibilityBasis.RESIDENCE_STATUS,
        checked_on=timezone.localdate(), module=ModuleFactory(),
    )
    body = client_for(counsellor_a).get(reverse("participants:caseload")).content.decode()
    rows = {name: row for row in body.split("<tr>") for name in ("Nazari", "Bekele") if name in row}
    assert "eligibility open" not in rows["Nazari"]
    assert "eligibility open" in rows["Bekele"]


@pytest.mark.django_db
def test_recorded_from_the_case_file_and_shown_there(client_for, own, counsellor_a, counsellor_b, manager):
    url = reverse("participants:eligibility_add", args=[own.pk])
    data = {"basis": "residence_status", "note": "Duldung", "checked_on": timezone.localdate().isoformat()}
    assert client_for(counsellor_b).post(url, data).status_code == 404
    assert client_for(counsellor_a).get(url).status_code == 405
    response = client_for(counsellor_a).post(url, data)
    assert response.status_code == 302
    body = client_for(counsellor_a).get(reverse("participants:case_file", args=[own.pk])).content.decode()
    assert "Residence status category" in body and "Duldung" in body and "eligibility not checked" not in body
    assert EligibilityCheck.objects.get().checked_by == counsellor_a


@pytest.mark.django_db
def test_a_refused_check_keeps_what_was_typed(client_for, own, counsellor_a):
    response = client_for(counsellor_a).post(
        reverse("participants:eligibility_add", args=[own.pk]),
        {"basis": "residence_status", "note": "Aufenthaltsgestattung", "checked_on": "2099-01-01"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'value="2099-01-01"' in body and 'value="Aufenthaltsgestattung"' in body
    assert "checked_on_error" in body and "The check date lies in the future." in body
    response = client_for(counsellor_a).post(
        reverse("participants:eligibility_add", args=[own.pk]),
        {"basis": "other", "note": "", "checked_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 400 and "Describe the basis in the note" in response.content.decode()
    assert not EligibilityCheck.objects.exists()


@pytest.mark.django_db
def test_anonymisation_blanks_the_note_but_keeps_that_it_was_checked(own, counsellor_a, manager):
    from privacy.services import ErasureReason, participant_anonymise

    services.eligibility_record(
        acting_user=counsellor_a, participant=own, basis=EligibilityBasis.OTHER, note="Sozialamt Fürth",
        checked_on=timezone.localdate(),
    )
    participant_anonymise(acting_user=manager, participant=own, reason=ErasureReason.REQUEST)
    check = EligibilityCheck.objects.get()
    assert check.basis == "other" and "Fürth" not in check.note
