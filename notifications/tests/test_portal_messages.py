"""The participant's own message channels in the portal: switching e-mail on and off through
the same consent and audit as the counsellor's (recorded by the participant's login), the
reminders following the switch, and a page that shows and changes only the participant's own."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import pgettext

from accounts.models import AuditEntry
from notifications import selectors, services
from notifications.forms import ERROR_PARTICIPANT_ADDRESS
from notifications.models import Channel, ChannelConsent
from notifications.tests.conftest import evening
from portal.services import portal_invite, portal_pin_set

pytestmark = pytest.mark.django_db

PAGE = "/notifications/portal/messages/"


def _account(participant, counsellor):
    account, _code = portal_invite(participant=participant, acting_user=counsellor)
    portal_pin_set(account=account, pin="294716")
    return account


def _client(account) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(account.user)
    return client


# --- services -----------------------------------------------------------------------------


def test_the_participant_switches_e_mail_on_and_off_recorded_as_themself(world, smtp, counsellor_a):
    silent = world["silent"]
    account = _account(silent, counsellor_a)
    assert services.session_reminders_send(now=evening(world["today"])) == 2  # Omid gave no consent

    consent = services.participant_channel_switch(acting_user=account.user, participant=silent,
                                                  channel=Channel.EMAIL, receive=True, address=" omid@example.org ")
    assert consent is not None and consent.address == "omid@example.org" and consent.recorded_by == account.user
    given = AuditEntry.objects.get(action="notification_consent.give", participant_ref=silent.pk)
    assert given.actor_id == account.user.pk and given.detail == {"channel": "email"}
    smtp.received.clear()
    assert services.session_reminders_send(now=evening(world["today"], 19)) == 1
    assert [r.to for r in smtp.received] == [["omid@example.org"]]

    assert services.participant_channel_switch(acting_user=account.user, participant=silent, channel=Channel.EMAIL,
                                               receive=False) is None
    consent.refresh_from_db()
    assert not consent.is_active
    withdrawn = AuditEntry.objects.get(action="notification_consent.withdraw", participant_ref=silent.pk)
    assert withdrawn.actor_id == account.user.pk and withdrawn.detail["by_link"] is False
    assert selectors.channel_consent_active(participant=silent) is None


def test_switching_twice_changes_nothing_and_a_new_address_replaces_the_old(world, counsellor_a):
    layla = world["arabic"]  # the counsellor recorded layla@example.org
    account = _account(layla, counsellor_a)
    same = services.participant_channel_switch(acting_user=account.user, participant=layla, channel=Channel.EMAIL,
                                               receive=True, address="layla@example.org")
    assert same == world["arabic_consent"]
    assert not AuditEntry.objects.filter(action="notification_consent.give", actor=account.user).exists()
    new = services.participant_channel_switch(acting_user=account.user, participant=layla, channel=Channel.EMAIL,
                                              receive=True, address="layla.new@example.org")
    assert new.address == "layla.new@example.org"
    assert list(ChannelConsent.objects.filter(participant=layla, withdrawn_on__isnull=True)) == [new]
    services.participant_channel_switch(acting_user=account.user, participant=layla, channel=Channel.EMAIL,
                                        receive=False)
    services.participant_channel_switch(acting_user=account.user, participant=layla, channel=Channel.EMAIL,
                                        receive=False)
    assert AuditEntry.objects.filter(action="notification_consent.withdraw", participant_ref=layla.pk).count() == 2


def test_a_channel_without_a_gateway_or_a_bad_address_is_refused_and_nothing_changes(world, counsellor_a):
    silent = world["silent"]
    account = _account(silent, counsellor_a)
    with pytest.raises(ValidationError):
        services.participant_channel_switch(acting_user=account.user, participant=silent, channel=Channel.SMS,
                                            receive=True, address="+491701234567")
    layla = world["arabic"]
    with pytest.raises(ValidationError):
        services.participant_channel_switch(acting_user=account.user, participant=layla, channel=Channel.EMAIL,
                                            receive=True, address="not an address")
    # the earlier consent was withdrawn inside the same transaction: rolled back with it
    assert selectors.channel_consent_active(participant=layla) == world["arabic_consent"]
    assert not ChannelConsent.objects.filter(participant=silent).exists()


def test_the_states_list_every_channel_the_app_knows(world, counsellor_a):
    states = {state.channel: state for state in selectors.participant_channel_states(participant=world["arabic"])}
    assert list(states) == [channel.value for channel in Channel]
    assert states["email"].available and states["email"].active == world["arabic_consent"]
    assert not states["sms"].available and states["sms"].active is None
    services.channel_consent_withdraw(acting_user=counsellor_a, consent=world["arabic_consent"])
    again = selectors.participant_channel_states(participant=world["arabic"])[0]
    assert again.active is None and again.last_address == "layla@example.org"


# --- the page -----------------------------------------------------------------------------


def test_the_page_switches_off_only_after_a_confirmation_in_the_participant_s_language(world, counsellor_a):
    layla = world["arabic"]
    client = _client(_account(layla, counsellor_a))
    assert PAGE.encode() in client.get(reverse("portal:home")).content  # in the portal's menu
    page = client.get(PAGE)
    body = page.content.decode()
    assert page.status_code == 200 and page["Content-Language"] == "ar" and 'dir="rtl"' in body
    assert "layla@example.org" in body and body.count('data-state="unavailable"') == 2
    with translation.override("ar"):
        switch_off = pgettext("participant", "Switch off")
        question = pgettext("participant", "Do you really want to switch off these messages? You will get no "
                                           "more reminders this way.")
        done = pgettext("participant", "Done: the messages are switched off.")
    assert switch_off in body and switch_off != "Switch off"

    asked = client.post(PAGE, {"channel": "email", "action": "off"})
    assert asked.status_code == 200 and question in asked.content.decode()
    assert selectors.channel_consent_active(participant=layla) is not None  # not yet

    confirmed = client.post(PAGE, {"channel": "email", "action": "off", "confirm": "yes"})
    assert confirmed.status_code == 302 and confirmed["Location"] == f"{PAGE}?done=off"
    assert selectors.channel_consent_active(participant=layla) is None
    assert done in client.get(confirmed["Location"]).content.decode()


def test_the_page_switches_on_with_an_address_and_says_so(world, counsellor_a):
    silent = world["silent"]
    account = _account(silent, counsellor_a)
    client = _client(account)
    with translation.override(account.language):
        error = str(ERROR_PARTICIPANT_ADDRESS)
    refused = client.post(PAGE, {"channel": "email", "action": "on", "address": "omid@"})
    assert refused.status_code == 200 and error in refused.content.decode()
    assert not ChannelConsent.objects.filter(participant=silent).exists()
    switched = client.post(PAGE, {"channel": "email", "action": "on", "address": "omid@example.org"})
    assert switched["Location"] == f"{PAGE}?done=on"
    consent = selectors.channel_consent_active(participant=silent)
    assert consent.address == "omid@example.org" and consent.recorded_by == account.user
    # SMS has no gateway yet: switching it on is not offered, and a forged request is a 404
    assert client.post(PAGE, {"channel": "sms", "action": "on", "address": "x@example.org"}).status_code == 404
    assert client.post(PAGE, {"channel": "fax", "action": "off", "confirm": "yes"}).status_code == 404


def test_only_the_participant_s_own_channels(world, counsellor_a, client_for):
    own = _client(_account(world["silent"], counsellor_a))
    _account(world["arabic"], counsellor_a)
    page = own.get(PAGE).content.decode()
    assert "layla@example.org" not in page and "jonas@example.org" not in page
    # the form names no participant: switching off touches only the logged-in participant's consents
    own.post(PAGE, {"channel": "email", "action": "off", "confirm": "yes", "participant": world["arabic"].pk})
    assert selectors.channel_consent_active(participant=world["arabic"]) == world["arabic_consent"]
    # staff do not have a portal page; the anonymous are sent to log in
    assert client_for(counsellor_a).get(PAGE).status_code == 403
    anonymous = Client().get(PAGE)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]


def test_the_unsubscribe_page_points_to_the_portal_page(world, client):
    token = services.unsubscribe_token(world["german_consent"])
    done = client.post(reverse("notifications:unsubscribe", kwargs={"token": token}))
    assert done.status_code == 200
    assert "unter „Nachrichten“ selbst wieder einschalten" in done.content.decode()
