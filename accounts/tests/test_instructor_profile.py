"""Instructor profiles: what they teach, shown on the session page, respected on assignment."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry
from accounts.services import ERROR_PROFILE_NOT_INSTRUCTOR, instructor_profile_save
from catalogue.tests.factories import ModuleFactory, TradeFactory
from scheduling.services import ERROR_INSTRUCTOR_TRADE
from scheduling.tests.factories import make_session


@pytest.fixture
def trades(db):
    return TradeFactory(code="sewing"), TradeFactory(code="metal", name_de="Metall", name_en="Metalwork")


@pytest.mark.django_db
def test_save_creates_then_changes_one_profile_and_audits(instructor_a, manager, trades):
    sewing, metal = trades
    profile = instructor_profile_save(acting_user=manager, user=instructor_a, qualification="Schneidermeisterin",
                                      trades=[sewing], languages=["de", "ar"])
    again = instructor_profile_save(acting_user=manager, user=instructor_a, qualification="Meisterin",
                                    trades=[sewing, metal], languages=["de"])
    assert again.pk == profile.pk and set(again.trades.all()) == {sewing, metal}
    assert again.language_names == ["German"]
    assert AuditEntry.objects.filter(action="instructor_profile.save").count() == 2


@pytest.mark.django_db
def test_only_instructors_with_a_trade_and_known_languages(counsellor_a, instructor_a, trades):
    with pytest.raises(ValidationError) as caught:
        instructor_profile_save(acting_user=None, user=counsellor_a, qualification="x", trades=[trades[0]],
                                languages=[])
    assert caught.value.message_dict["user"] == [str(ERROR_PROFILE_NOT_INSTRUCTOR)]
    with pytest.raises(ValidationError) as caught:
        instructor_profile_save(acting_user=None, user=instructor_a, qualification="x", trades=[], languages=["zz"])
    assert set(caught.value.message_dict) == {"trades", "languages"}


@pytest.mark.django_db
def test_a_session_of_another_trade_cannot_be_assigned(instructor_a, manager, site_a, trades):
    sewing, metal = trades
    instructor_profile_save(acting_user=manager, user=instructor_a, qualification="Schlossermeister",
                            trades=[metal], languages=["de"])
    with pytest.raises(ValidationError) as caught:
        make_session(manager=manager, module=ModuleFactory(trade=sewing), site=site_a, instructor=instructor_a,
                     starts_on=timezone.localdate())
    assert caught.value.message_dict["instructor"] == [str(ERROR_INSTRUCTOR_TRADE % {"trade": sewing.name})]
    session = make_session(manager=manager, module=ModuleFactory(code="MET-1", trade=metal), site=site_a,
                           instructor=instructor_a, starts_on=timezone.localdate())
    assert session.instructor == instructor_a


@pytest.mark.django_db
def test_the_session_page_shows_the_instructors_profile(client_for, instructor_a, manager, site_a, trades):
    sewing, _ = trades
    session = make_session(manager=manager, module=ModuleFactory(trade=sewing), site=site_a,
                           instructor=instructor_a, starts_on=timezone.localdate() + dt.timedelta(days=3))
    body = client_for(manager).get(reverse("scheduling:session_detail", args=[session.pk])).content.decode()
    assert "no instructor profile" in body
    instructor_profile_save(acting_user=manager, user=instructor_a, qualification="Schneidermeisterin (HWK)",
                            trades=[sewing], languages=["de", "ti"])
    body = client_for(instructor_a).get(reverse("scheduling:session_detail", args=[session.pk])).content.decode()
    assert "Schneidermeisterin (HWK)" in body and "Sewing and tailoring" in body and "Tigrinya" in body


@pytest.mark.django_db
def test_manager_edits_a_profile_on_the_page_and_bad_input_keeps_what_was_typed(client_for, manager, instructor_a,
                                                                                 counsellor_a, trades):
    sewing, metal = trades
    url = reverse("accounts:instructor_profile_edit", args=[instructor_a.pk])
    assert client_for(counsellor_a).get(url).status_code == 403
    client = client_for(manager)
    assert "no instructor profile" in client.get(reverse("accounts:instructor_list")).content.decode()

    refused = client.post(url, {"qualification": "Schneidermeisterin", "languages": ["de"]})
    assert refused.status_code == 400
    assert "trades" in refused.context["form"].errors
    assert 'value="Schneidermeisterin"' in refused.content.decode()

    saved = client.post(url, {"qualification": "Schneidermeisterin", "trades": [sewing.pk], "languages": ["de", "ar"]})
    assert saved.status_code == 302
    profile = instructor_a.instructor_profile
    assert profile.qualification == "Schneidermeisterin" and list(profile.trades.all()) == [sewing]
    assert "Schneidermeisterin" in client.get(reverse("accounts:instructor_list")).content.decode()
    # the form opens with what is stored
    assert client.get(url).context["form"].initial["languages"] == ["de", "ar"]
    # not an instructor: 404
    assert client.get(reverse("accounts:instructor_profile_edit", args=[counsellor_a.pk])).status_code == 404
