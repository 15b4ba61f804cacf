"""A participant's day in the portal, in Arabic and in Dari (served the Persian catalogue), on a
phone and a desktop: the invitation's link → PIN setup → home → plan, timetable, attendance,
documents, contact, self-assessment. The phone is set to German: the pages must still be in the
participant's language from the moment the code is known, module names included (the Arabic
title where there is one, else the English one marked as English; never German). Fails on any
4xx/5xx, a German or English catalogue string on the page, an unfollowable link, or overflow."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from catalogue.models import ModuleTranslation
from catalogue.tests.factories import ModuleFactory
from portal.services import code_format, portal_invite
from portal.tests.conftest import _with_certificate
from tests.browser import BROWSER_MARKS
from tests.walk import walk

pytestmark = BROWSER_MARKS

PIN = "583920"
PAGES = ["/portal/", "/portal/plan/", "/portal/timetable/", "/portal/attendance/", "/portal/documents/",
         "/portal/contact/", "/portal/questionnaire/", "/notifications/portal/messages/"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize(("spoken", "portal_language", "title"), [
    ("ar", "ar", "أساسيات الخياطة بالآلة"),
    ("prs", "fa", None),  # no Persian title yet: English, marked as English
])
def test_participant_walks_the_portal(viewport, spoken, portal_language, title, live_server, manager, counsellor_a,
                                      instructor_a, site_a):
    module = ModuleFactory(code="SEW-101", title_de="Grundlagen Maschinennähen", title_en="Machine sewing basics")
    if title:
        ModuleTranslation.objects.create(module=module, language=portal_language, title=title)
    world = _with_certificate(manager=manager, counsellor=counsellor_a, instructor=instructor_a, site=site_a,
                              module=module, name="Layla")
    participant = world["participant"]
    participant.languages = [spoken, "de"]
    participant.save(update_fields=["languages"])
    # One meeting still to come, so the timetable has a date.
    meeting = world["session"].meetings.order_by("date").last()
    meeting.date = timezone.localdate() + dt.timedelta(days=2)
    meeting.save(update_fields=["date"])
    account, code = portal_invite(participant=participant, acting_user=counsellor_a)
    assert account.language == portal_language

    with walk(live_server, viewport=viewport, participant=True, locale="de-DE") as w:
        page = w.page
        # The QR code's address: login page in the participant's language, code filled in.
        w.goto(f"/portal/login/?language={account.language}#code={code_format(code)}")
        assert page.get_attribute("html", "lang") == portal_language
        assert page.input_value("#id_code") == code_format(code)
        w.submit("main form[method=post] button[type=submit]")
        assert page.url.endswith("/portal/pin/")
        assert (page.get_attribute("html", "lang"), page.get_attribute("html", "dir")) == (portal_language, "rtl")
        page.fill("#id_pin", PIN)
        page.fill("#id_pin_repeat", PIN)
        w.submit("main form[method=post] button[type=submit]")
        assert page.url.endswith("/portal/")
        for path in PAGES:
            w.goto(path)
            assert page.get_attribute("html", "lang") == portal_language, path
        w.goto("/portal/plan/")
        main = page.inner_text("main")
        assert "Grundlagen Maschinennähen" not in main
        if title:
            assert title in main and "Machine sewing basics" not in main
        else:
            assert page.locator("main [lang=en].fallback", has_text="Machine sewing basics").count() == 1
        assert w.problems == [], "\n".join(w.problems)
