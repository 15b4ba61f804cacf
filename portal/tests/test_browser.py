"""The portal on a phone-sized screen in Debian's Chromium, and axe-core on every portal page
and the main staff pages: 0 serious or critical violations.

axe-core is vendored (tests/vendor/axe-core/, MPL-2.0) so the check runs offline; the page's
CSP forbids injected scripts, so the browser context bypasses CSP for the test only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from accounts.tests.login import totp_code, totp_device_for
from portal.models import PortalAccount
from portal.services import code_format, portal_invite
from portal.tests.conftest import DEMO_PIN
from tests.browser import BROWSER_MARKS, chromium, new_page

AXE = Path(settings.BASE_DIR) / "tests" / "vendor" / "axe-core" / "axe.min.js"

pytestmark = BROWSER_MARKS


@pytest.fixture
def browser():
    with chromium() as browser:
        yield browser


def _page(browser: Any, *, width: int, height: int) -> Any:
    return new_page(browser, locale="en-GB", viewport={"width": width, "height": height}, bypass_csp=True)


def serious_violations(page: Any) -> list[str]:
    """axe-core's serious and critical findings on the current page, one line each."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{page.url}: {violation['id']} ({violation['impact']}): "
        + "; ".join(node["target"][0] if isinstance(node["target"][0], str) else str(node["target"])
                    for node in violation["nodes"][:3])
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


@pytest.mark.django_db(transaction=True)
def test_participant_on_a_phone_logs_in_switches_to_arabic_and_every_page_passes_axe(
    browser, live_server, portal_world, counsellor_a
):
    participant = portal_world["other"]["participant"]
    _account, code = portal_invite(participant=participant, acting_user=counsellor_a)
    page = _page(browser, width=390, height=844)
    findings: list[str] = []

    # First login: the QR code's address fills in the code, then the PIN is chosen.
    page.goto(f"{live_server.url}/portal/login/#code={code_format(code)}")
    assert page.input_value("#id_code") == code_format(code)
    findings += serious_violations(page)
    page.click("button[type=submit]:has-text('Continue')")
    page.wait_for_url("**/portal/pin/")
    # The code told us who it is: from here on the participant's language (Arabic), not the phone's.
    assert page.get_attribute("html", "lang") == "ar"
    findings += serious_violations(page)
    page.fill("#id_pin", "583920")
    page.fill("#id_pin_repeat", "583920")
    page.click("button[type=submit]:has-text('متابعة')")
    page.wait_for_url("**/portal/")
    page.click(".foot button")
    page.wait_for_url("**/portal/login/")

    # The participant with plan, timetable and certificate logs in with code and PIN.
    PortalAccount.objects.filter(pk=portal_world["account"].pk).update(language="en")
    page.fill("#id_code", portal_world["code"])
    page.fill("#id_pin", DEMO_PIN)
    page.click("button[type=submit]:has-text('Continue')")
    page.wait_for_url("**/portal/")
    assert page.locator("h1").inner_text().startswith("Hello")
    # No sideways scrolling at phone width.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.select_option("#portal-language", "ar")
    page.click(".switcher button")
    page.wait_for_selector("html[dir=rtl][lang=ar]")
    page.click("nav.tabs a[href='/portal/plan/']")
    page.wait_for_url("**/portal/plan/")
    assert page.get_attribute("html", "dir") == "rtl"
    main = page.inner_text("main")
    # No Arabic title yet: the English one, said to be English; never the German one.
    assert "خطتي" in main and "Machine sewing basics" in main and "Grundlagen Maschinennähen" not in main

    for path in ("/portal/", "/portal/plan/", "/portal/timetable/", "/portal/attendance/", "/portal/documents/",
                 "/portal/contact/", "/portal/questionnaire/"):
        page.goto(f"{live_server.url}{path}")
        findings += serious_violations(page)

    # The self-assessment in Tigrinya, answered by tapping the pictogram choices.
    page.select_option("#portal-language", "ti")
    page.click(".switcher button")
    page.wait_for_selector("html[lang=ti]")
    for fieldset in page.locator("fieldset.question").all():
        fieldset.locator("label.choice").nth(2).click()
    findings += serious_violations(page)
    page.click("form[method=post] button[type=submit]:not(.secondary) >> nth=-1")
    page.wait_for_url("**/questionnaire/?saved=1")
    assert "የቐንየልና" in page.inner_text("main")
    assert findings == []


@pytest.mark.django_db(transaction=True)
def test_main_staff_pages_pass_axe(browser, live_server, portal_world, counsellor_a):
    page = _page(browser, width=1280, height=900)
    findings: list[str] = []
    device = totp_device_for(counsellor_a)
    page.goto(f"{live_server.url}/login/")
    findings += serious_violations(page)
    page.fill("#id_username", "counsellor_a")
    page.fill("#id_password", "correct-horse-battery")
    page.click("button[type=submit]:has-text('Log in')")
    page.wait_for_url("**/login/code/**")
    page.fill("#id_code", totp_code(device))
    page.click("button[type=submit]:has-text('Confirm')")
    page.wait_for_url("**/participants/")
    findings += serious_violations(page)
    pk = portal_world["own"]["participant"].pk
    for path in (f"/participants/{pk}/", f"/portal/staff/participants/{pk}/plan-agreement/?language=fa",
                 f"/portal/staff/participants/{pk}/questionnaire/?language=ti"):
        page.goto(f"{live_server.url}{path}")
        findings += serious_violations(page)
    page.goto(f"{live_server.url}/participants/{pk}/")
    page.click("#portal button[type=submit]")
    page.wait_for_selector(".handout")
    findings += serious_violations(page)
    assert findings == []


@pytest.mark.django_db(transaction=True)
def test_dashboard_passes_axe(browser, live_server, manager):
    page = _page(browser, width=1280, height=900)
    device = totp_device_for(manager)
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "manager")
    page.fill("#id_password", "correct-horse-battery")
    page.click("button[type=submit]:has-text('Log in')")
    page.wait_for_url("**/login/code/**")
    page.fill("#id_code", totp_code(device))
    page.click("button[type=submit]:has-text('Confirm')")
    page.wait_for_url("**/reporting/**")
    assert serious_violations(page) == []
