import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import AuditEntry
from participants import services
from participants.models import Consent, ConsentPurpose, Participant
from participants.tests.factories import ParticipantFactory


def _data(site, counsellor, **overrides):
    data = {
        "first_name": "Amina",
        "last_name": "Haddad",
        "date_of_birth": dt.date(1990, 5, 17),
        "gender": "f",
        "origin_country": "SY",
        "languages": ["ar", "de"],
        "site": site,
        "counsellor": counsellor,
        "planned_departure": timezone.localdate() + dt.timedelta(days=90),
        "instruction_language": "ar",
    }
    data.update(overrides)
    return data


def _create(counsellor, **overrides):
    return services.participant_create(
        acting_user=counsellor,
        data=_data(counsellor.site, counsellor, **overrides),
        consent_given_on=timezone.localdate(),
    )


@pytest.mark.django_db
def test_intake_creates_participant_with_case_number_consent_and_audit(counsellor_a):
    participant = _create(counsellor_a)
    year = timezone.localdate().year
    assert participant.case_number == f"RI-{year}-0001"
    assert _create(counsellor_a, first_name="Omar").case_number == f"RI-{year}-0002"
    consent = Consent.objects.get(participant=participant)
    assert consent.purpose == ConsentPurpose.PARTICIPATION and consent.recorded_by == counsellor_a
    entry = AuditEntry.objects.filter(action="participant.create").first()
    assert entry.participant_ref == participant.pk and entry.actor == counsellor_a
    assert "Amina" not in str(entry.detail)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"planned_departure": dt.date(2000, 1, 1)}, "planned_departure", services.ERROR_DEPARTURE_IN_PAST),
        ({"origin_country": "XX"}, "origin_country", services.ERROR_UNKNOWN_COUNTRY),
        ({"date_of_birth": dt.date(2999, 1, 1)}, "date_of_birth", services.ERROR_BIRTH_IN_FUTURE),
    ],
)
def test_bad_intake_is_refused_at_the_field_and_nothing_saved(counsellor_a, overrides, field, message):
    with pytest.raises(ValidationError) as error:
        _create(counsellor_a, **overrides)
    assert str(message) in error.value.message_dict[field]
    assert not Participant.objects.exists()
    assert not Consent.objects.exists()


@pytest.mark.django_db
def test_duplicate_person_is_refused_case_insensitively(counsellor_a):
    _create(counsellor_a)
    with pytest.raises(ValidationError) as error:
        _create(counsellor_a, first_name="AMINA", last_name="haddad")
    assert str(services.ERROR_DUPLICATE_PERSON) in error.value.message_dict["last_name"]
    assert Participant.objects.count() == 1


@pytest.mark.django_db
def test_counsellor_of_another_site_is_refused(counsellor_a, counsellor_b):
    with pytest.raises(ValidationError) as error:
        services.participant_create(
            acting_user=counsellor_a, data=_data(counsellor_a.site, counsellor_b), consent_given_on=timezone.localdate()
        )
    assert "counsellor" in error.value.message_dict


@pytest.mark.django_db
def test_update_audits_field_names_not_values(counsellor_a):
    participant = ParticipantFactory(site=counsellor_a.site, counsellor=counsellor_a)
    services.participant_update(acting_user=counsellor_a, participant=participant, data={"health_notes": "asthma"})
    entry = AuditEntry.objects.get(action="participant.update")
    assert entry.detail == {"fields": ["health_notes"]}
    assert "asthma" not in str(entry.detail)


@pytest.mark.django_db
def test_consent_withdrawal_keeps_the_record(counsellor_a):
    participant = _create(counsellor_a)
    consent = services.consent_record(
        acting_user=counsellor_a,
        participant=participant,
        purpose=ConsentPurpose.FOLLOW_UP,
        given_on=timezone.localdate(),
    )
    services.consent_withdraw(acting_user=counsellor_a, consent=consent, withdrawn_on=timezone.localdate())
    consent.refresh_from_db()
    assert consent.withdrawn_on == timezone.localdate() and not consent.is_active
