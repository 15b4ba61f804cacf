"""A counsellor does intake → plan in Debian's Chromium, driven by Playwright."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accounts.tests.login import totp_code, totp_device_for
from catalogue.tests.factories import ModuleFactory
from participants.models import Participant
from plans.models import PlanStatus
from tests.browser import BROWSER_MARKS, browser_page

pytestmark = BROWSER_MARKS


@pytest.fixture
def page(live_server):
    with browser_page(locale="en-GB", viewport={"width": 1280, "height": 900}) as page:
        yield page


@pytest.mark.django_db(transaction=True)
def test_counsellor_does_intake_then_plan(page, live_server, counsellor_a):
    ModuleFactory(code="SEW-101", title_en="Machine sewing basics", title_de="Grundlagen Maschinennähen")
    departure = timezone.localdate() + dt.timedelta(days=120)

    device = totp_device_for(counsellor_a)
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "counsellor_a")
    page.fill("#id_password", "correct-horse-battery")
    page.click("button[type=submit]:has-text('Log in')")
    page.wait_for_url("**/login/code/**")
    page.fill("#id_code", totp_code(device))
    page.click("button[type=submit]:has-text('Confirm')")
    page.wait_for_url("**/participants/")

    page.click("text=New intake")
    page.fill("#id_first_name", "Mariam")
    page.fill("#id_last_name", "Okonkwo")
    page.fill("#id_date_of_birth", "1991-07-04")
    page.select_option("#id_origin_country", "NG")
    page.check("input[name=languages][value=en]")
    page.fill("#id_planned_departure", departure.isoformat())
    page.select_option("#id_instruction_language", "en")
    page.click("button:has-text('Save intake')")
    page.wait_for_selector("text=Intake saved")
    participant = Participant.objects.get(last_name="Okonkwo")
    assert page.locator("h1").inner_text().startswith("Mariam Okonkwo")

    page.click("text=Start a plan")
    page.click("button:has-text('Start a plan')")
    page.select_option("#id_module", label="SEW-101 Machine sewing basics")
    page.click("button:has-text('Add module')")
    page.wait_for_selector("#draft-plan td:has-text('SEW-101 Machine sewing basics')")
    page.click("button:has-text('Participant agreed')")
    page.wait_for_selector("text=The plan is agreed and final.")
    plan = participant.plans.get()
    assert plan.status == PlanStatus.FINAL
    assert [item.module.code for item in plan.items.all()] == ["SEW-101"]
