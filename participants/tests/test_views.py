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


@pytest.mark.django_db
def test_intake_errors_are_summarised_on_top_and_every_description_exists(client_for, counsellor_a):
    """Issue 18/24: the long intake form showed its only error at the bottom, no summary."""
    import re

    response = client_for(counsellor_a).post(reverse("participants:intake"), {"first_name": "Samir"})
    assert response.status_code == 400
    body = response.content.decode()
    summary = body.index("data-error-summary")
    assert summary < body.index('name="first_name"')  # above the form
    assert 'tabindex="-1"' in body[summary - 200: summary + 200] and "/static/js/error-summary.js" in body
    ids = set(re.findall(r'\bid="([^"]+)"', body))
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', body[summary:body.index("</ul>", summary)])
    assert links and {anchor for anchor, _text in links} <= ids
    assert any(text.lower().startswith("last name: ") for _anchor, text in links), links
    described = [ref for refs in re.findall(r'aria-describedby="([^"]+)"', body) for ref in refs.split()]
    assert described and set(described) <= ids, set(described) - ids
    invalid = re.findall(r'<(?:input|select|textarea)[^>]*aria-invalid="true"[^>]*>', body)
    assert any('name="last_name"' in tag for tag in invalid)
    assert 'value="Samir"' in body
