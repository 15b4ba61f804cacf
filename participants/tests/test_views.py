import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from participants.models import Participant


@pytest.mark.django_db
def test_bad_intake_keeps_what_was_typed_and_saves_nothing(client_for, counsellor_a):
    response = client_for(counsellor_a).post(
        reverse("participants:intake"),
        {
            "first_name": "Samir",
            "last_name": "Rahimi",
            "date_of_birth": "1988-02-01",
            "gender": "m",
            "origin_country": "AF",
            "languages": ["fa", "ps"],
            "site": counsellor_a.site.pk,
            "counsellor": counsellor_a.pk,
            "planned_departure": "2001-01-01",
            "instruction_language": "fa",
            "consent_given_on": timezone.localdate().isoformat(),
            "health_notes": "Knee surgery 2023",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "The planned departure date lies in the past." in body
    assert 'value="Samir"' in body and 'value="Rahimi"' in body and "Knee surgery 2023" in body
    assert not Participant.objects.exists()


@pytest.mark.django_db
def test_intake_with_unknown_country_is_refused(client_for, counsellor_a):
    response = client_for(counsellor_a).post(
        reverse("participants:intake"),
        {
            "first_name": "Samir",
            "last_name": "Rahimi",
            "date_of_birth": "1988-02-01",
            "gender": "m",
            "origin_country": "ZZ",
            "site": counsellor_a.site.pk,
            "counsellor": counsellor_a.pk,
            "planned_departure": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
            "instruction_language": "fa",
            "consent_given_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 400
    assert "origin_country_error" in response.content.decode()
    assert not Participant.objects.exists()


@pytest.mark.django_db
def test_counsellor_cannot_take_in_for_another_site(client_for, counsellor_a, site_b, counsellor_b):
    response = client_for(counsellor_a).post(
        reverse("participants:intake"),
        {
            "first_name": "Samir",
            "last_name": "Rahimi",
            "date_of_birth": "1988-02-01",
            "gender": "m",
            "origin_country": "AF",
            "site": site_b.pk,
            "counsellor": counsellor_b.pk,
            "planned_departure": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
            "instruction_language": "fa",
            "consent_given_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 400
    assert not Participant.objects.exists()
