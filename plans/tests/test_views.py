import pytest
from django.urls import reverse

from catalogue.tests.factories import ModuleFactory
from participants.tests.factories import ParticipantFactory


@pytest.mark.django_db
def test_plan_pages_ladder(client, client_for, counsellor_a, counsellor_b, instructor_a, funder, manager):
    participant = ParticipantFactory(site=counsellor_a.site, counsellor=counsellor_a)
    url = reverse("plans:edit", args=[participant.pk])
    assert client.get(url).status_code == 302
    assert client_for(instructor_a).get(url).status_code == 403
    assert client_for(funder).get(url).status_code == 403
    assert client_for(counsellor_b).get(url).status_code == 404
    assert client_for(counsellor_b).post(reverse("plans:start", args=[participant.pk])).status_code == 404
    assert client_for(counsellor_a).get(url).status_code == 200
    assert client_for(manager).get(url).status_code == 200


@pytest.mark.django_db
def test_htmx_add_returns_the_draft_partial(client_for, counsellor_a):
    participant = ParticipantFactory(site=counsellor_a.site, counsellor=counsellor_a)
    module = ModuleFactory(code="COO-101", title_en="Kitchen hygiene")
    client = client_for(counsellor_a)
    client.post(reverse("plans:start", args=[participant.pk]))
    response = client.post(
        reverse("plans:add_module", args=[participant.pk]), {"module": module.pk}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200 and "COO-101 Kitchen hygiene" in body and "<html" not in body
    assert client.post(reverse("plans:item_action", args=[participant.pk, 999999, "up"])).status_code == 404
    item = participant.plans.get().items.get()
    assert client.post(reverse("plans:item_action", args=[participant.pk, item.pk, "explode"])).status_code == 404
