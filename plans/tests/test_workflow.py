"""The plan workflow with recommendation, target occupation, agreement language, versions and diff."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from assessments.models import EscoOccupation, EscoSkill
from assessments.services import assessment_create
from markets.selectors import market_version_current
from participants.tests.factories import ParticipantFactory
from plans import services
from plans.models import Plan, PlanStatus

DATA = Path(__file__).resolve().parents[2] / "markets" / "data" / "illustrative_markets.csv"


@pytest.fixture
def world(counsellor_a):
    call_command("load_catalogue", verbosity=0)
    call_command("import_markets", str(DATA), "--illustrative", verbosity=0)
    participant = ParticipantFactory(site=counsellor_a.site, counsellor=counsellor_a, origin_country="SN",
                                     planned_departure=timezone.localdate() + dt.timedelta(weeks=9),
                                     instruction_language="ar")
    skill = EscoSkill.objects.get(uri="urn:reintegra:skill:sewing-machine")
    assessment_create(acting_user=counsellor_a, participant=participant, education_level=2, education_years=8,
                      assessed_on=timezone.localdate(), work_history=[],
                      skills=[{"skill": "", "esco_skill": skill, "level": 1}])
    return participant


@pytest.mark.django_db
def test_plan_page_explains_the_recommendation_and_follows_the_target(client_for, counsellor_a, world):
    client = client_for(counsellor_a)
    client.post(reverse("plans:start", args=[world.pk]))
    tailor = EscoOccupation.objects.get(label_en="tailor")
    response = client.post(reverse("plans:target", args=[world.pk]), {"target_occupation": tailor.pk},
                           HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert "leads to the target occupation tailor" in body
    assert "demand for tailor in Senegal (ILLUSTRATIV" in body and "illustrative figures, not real statistics" in body
    assert "already masters operate a sewing machine (basic): skips SEW-101" in body
    assert "fits: " in body and "weeks left" in body
    plan = Plan.objects.get(participant=world)
    assert plan.target_occupation == tailor and plan.market_version == market_version_current(country="SN")
    first = body.index("<ol class=\"recommendations\">")
    assert body.index("SEW-", first) < body.index("COO-", first)  # the target trade leads
    welder = EscoOccupation.objects.get(label_en="welder")
    body = client.post(reverse("plans:target", args=[world.pk]), {"target_occupation": welder.pk},
                       HTTP_HX_REQUEST="true").content.decode()
    first = body.index("<ol class=\"recommendations\">")
    assert body.index("MET-", first) < body.index("SEW-", first)


@pytest.mark.django_db
def test_path_agreement_language_versions_and_diff(client_for, counsellor_a, world):
    client = client_for(counsellor_a)
    client.post(reverse("plans:start", args=[world.pk]))
    assert client.post(reverse("plans:add_path", args=[world.pk]), {"path": "SEW-102,SEW-201"}).status_code == 302
    draft = Plan.objects.get(participant=world)
    assert [i.module.code for i in draft.items.order_by("position")] == ["SEW-102", "SEW-201"]
    response = client.post(reverse("plans:finalise", args=[world.pk]), {"agreed_on": timezone.localdate().isoformat()})
    assert response.status_code == 400
    response = client.post(reverse("plans:finalise", args=[world.pk]),
                           {"agreed_on": timezone.localdate().isoformat(), "agreement_language": "ar"})
    assert response.status_code == 302
    final = Plan.objects.get(participant=world, status=PlanStatus.FINAL)
    assert final.agreement_language == "ar" and final.market_version is not None
    draft = services.plan_revise(acting_user=counsellor_a, plan=final, reason="Mehr Praxis im Ändern")
    services.plan_add_path(acting_user=counsellor_a, plan=draft,
                           modules=[m for m in [draft.items.get(module__code="SEW-201").module]])
    item = draft.items.get(module__code="SEW-201")
    services.plan_move_item(acting_user=counsellor_a, plan=draft, item=item, offset=-1)
    body = client.get(reverse("plans:diff", args=[world.pk]), {"from": 1, "to": 2}).content.decode()
    assert "SEW-201: position 2 → 1" in body and "Mehr Praxis" in body
    assert client.get(reverse("plans:diff", args=[world.pk]), {"from": 1, "to": 9}).status_code == 404


@pytest.mark.django_db
def test_diff_ladder(client, client_for, counsellor_a, counsellor_b, instructor_a, world):
    url = reverse("plans:diff", args=[world.pk])
    assert client.get(url).status_code == 302
    assert client_for(instructor_a).get(url).status_code == 403
    assert client_for(counsellor_b).get(url).status_code == 404
    client_for(counsellor_a).post(reverse("plans:start", args=[world.pk]))
    assert client_for(counsellor_a).get(url).status_code == 404  # one version: nothing to compare


@pytest.mark.django_db
def test_recommendation_follows_the_origin_country(client_for, counsellor_a, world):
    """The same person, another origin country: another market, another explanation."""
    client = client_for(counsellor_a)
    client.post(reverse("plans:start", args=[world.pk]))
    senegal = client.get(reverse("plans:edit", args=[world.pk])).content.decode()
    assert "in Senegal" in senegal
    world.origin_country = "AF"
    world.save(update_fields=["origin_country"])
    afghanistan = client.get(reverse("plans:edit", args=[world.pk])).content.decode()
    assert "in Afghanistan" in afghanistan and "in Senegal" not in afghanistan
    ranking = afghanistan[afghanistan.index('<ol class="recommendations">'):]
    assert ranking != senegal[senegal.index('<ol class="recommendations">'):]
