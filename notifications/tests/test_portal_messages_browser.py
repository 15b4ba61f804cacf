"""The participant switches e-mail reminders off and on again on a 390 px phone, in German and
in Arabic (right to left): the walk's checks on every page (no 4xx/5xx, no untranslated
string, no overflow, links that work), the confirmation before switching off, and the consent
rows the clicks leave behind."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import pgettext

from notifications import selectors
from notifications.models import ChannelConsent
from portal.services import code_format, portal_invite, portal_pin_set
from tests.browser import BROWSER_MARKS
from tests.walk import walk

pytestmark = BROWSER_MARKS

PIN = "583920"


def _t(language: str, text: str) -> str:
    with translation.override(language):
        return pgettext("participant", text)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("name", "spoken", "direction"), [("Jonas", "de", "ltr"), ("Layla", "ar", "rtl")])
def test_the_participant_switches_e_mail_off_and_on_on_a_phone(name, spoken, direction, live_server, world,
                                                                counsellor_a):
    participant = world["german"] if spoken == "de" else world["arabic"]
    address = f"{name.lower()}@example.org"
    account, code = portal_invite(participant=participant, acting_user=counsellor_a)
    portal_pin_set(account=account, pin=PIN)
    assert account.language == spoken

    with walk(live_server, viewport="phone", participant=True, locale="en-GB") as w:
        page = w.page
        w.goto(f"/portal/login/?language={spoken}")
        page.fill("#id_code", code_format(code))
        page.fill("#id_pin", PIN)
        w.submit()
        # the menu leads to the page
        with page.expect_navigation():
            page.click(f"nav.tabs >> text={_t(spoken, 'Messages')}")
        w.check()
        assert (page.get_attribute("html", "lang"), page.get_attribute("html", "dir")) == (spoken, direction)
        email = page.locator("section.channel", has=page.locator("h2", has_text=_t(spoken, "E-mail")))
        assert address in email.inner_text()
        assert page.locator("[data-state=unavailable]").count() == 2  # SMS, messenger: no gateway yet

        # switching off asks first; "No, go back" leaves it on
        with page.expect_navigation():
            email.get_by_role("button", name=_t(spoken, "Switch off")).click()
        w.check()
        question = _t(spoken, "Do you really want to switch off these messages? You will get no more reminders "
                              "this way.")
        assert question in page.inner_text("main")
        with page.expect_navigation():
            page.get_by_role("link", name=_t(spoken, "No, go back")).click()
        w.check()
        assert selectors.channel_consent_active(participant=participant) is not None

        with page.expect_navigation():
            page.get_by_role("button", name=_t(spoken, "Switch off")).click()
        with page.expect_navigation():
            page.get_by_role("button", name=_t(spoken, "Yes, switch off")).click()
        w.check()
        assert page.get_by_role("status").inner_text() == _t(spoken, "Done: the messages are switched off.")
        assert selectors.channel_consent_active(participant=participant) is None

        # on again: the address is filled in from before
        assert page.input_value("#id_address") == address
        with page.expect_navigation():
            page.get_by_role("button", name=_t(spoken, "Switch on")).click()
        w.check()
        assert page.get_by_role("status").inner_text() == _t(spoken, "Done: the messages are switched on.")
        assert w.problems == [], "\n".join(w.problems)

    consents = ChannelConsent.objects.filter(participant=participant).order_by("pk")
    assert [(c.recorded_by_id, c.is_active) for c in consents] == [(counsellor_a.pk, False), (account.user_id, True)]
