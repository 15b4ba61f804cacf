import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from participants.tests.factories import ParticipantFactory
from returns.models import Return


@pytest.mark.django_db
def test_return_ladder_and_validation(client, client_for, counsellor_a, counsellor_b, instructor_a, funder):
    participant = ParticipantFactory(site=counsellor_a.site, counsellor=counsellor_a)
    url = reverse("returns:record", args=[participant.pk])
    today = timezone.localdate()
    assert client.get(url).status_code == 302
    assert client_for(instructor_a).get(url).status_code == 403
    assert client_for(funder).get(url).status_code == 403
    assert client_for(counsellor_b).get(url).status_code == 404
    response = client_for(counsellor_a).post(
        url, {"status": "returned", "status_date": today.isoformat(), "reason": ""}
    )
    assert response.status_code == 400 and "needs the actual departure date" in response.content.decode()
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    response = client_for(counsellor_a).post(
        url, {"status": "returned", "actual_departure": tomorrow, "status_date": today.isoformat()}
    )
    assert response.status_code == 400 and "cannot lie in the future" in response.content.decode()
    response = client_for(counsellor_a).post(url, {"status": "postponed", "status_date": today.isoformat()})
    assert response.status_code == 400 and "Give a reason" in response.content.decode()
    assert not Return.objects.exists()
    response = client_for(counsellor_a).post(
        url, {"status": "postponed", "status_date": today.isoformat(), "reason": "Passport delayed"}
    )
    assert response.status_code == 302
    response = client_for(counsellor_a).post(
        url, {"status": "returned", "actual_departure": today.isoformat(), "status_date": today.isoformat()}
    )
    assert response.status_code == 302
    record = Return.objects.get()
    assert record.status == "returned" and record.actual_departure == today
