"""WCAG 2.2 AA in the participant portal (issue 24), Arabic (right to left) and German, at
320 px and 1,280 px: every portal page reflows without sideways scroll, every focus indicator
measures ≥ 3:1 (also on the navy header), axe-core and HTML_CodeSniffer report nothing;
a failed PIN login and a questionnaire sent half-answered move focus to the error summary,
whose links reach each invalid field. One browser for the module."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from portal.models import PortalAccount
from portal.tests.conftest import DEMO_PIN, portal_world  # noqa: F401 - the fixture
from tests.a11y import (
    WIDTHS,
    axe_violations,
    error_summary_problems,
    focus_problems,
    htmlcs_errors,
    overflow,
)
from tests.browser import BROWSER_MARKS, chromium, new_page

pytestmark = [*BROWSER_MARKS, pytest.mark.django_db(transaction=True)]

PAGES = ("/portal/", "/portal/plan/", "/portal/timetable/", "/portal/attendance/", "/portal/documents/",
         "/portal/questionnaire/", "/portal/contact/")
LOCALES = {"ar": "ar", "de": "de-DE"}


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


def page_problems(page: Any) -> list[str]:
    here = page.url.split("/portal", 1)[-1]
    problems = [f"{here}: {overflow(page)} px sideways scroll"] if overflow(page) > 0 else []
    problems += [f"{here}: {p}" for p in focus_problems(page)[1]]
    problems += [f"{here}: axe {v}" for v in axe_violations(page)]
    return problems + [f"{here}: HTMLCS {e}" for e in htmlcs_errors(page)]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", LOCALES)
def test_portal_pages_reflow_show_focus_and_announce_errors(width, language, browser, live_server, portal_world):  # noqa: F811
    PortalAccount.objects.filter(pk=portal_world["account"].pk).update(language=language)
    page = new_page(browser, locale=LOCALES[language], viewport=WIDTHS[width], has_touch=width == "320")
    try:
        page.goto(f"{live_server.url}/portal/login/")
        problems = page_problems(page)
        # sent empty: the code is invalid, the summary has focus and leads to it; the PIN's
        # hint is named by an id that exists (it was id_pin_helptext against id_pin-hint)
        page.click("main button[type=submit]")
        page.wait_for_selector("[data-error-summary]")
        expect(page.locator("[data-error-summary]")).to_be_focused()
        problems += [f"login: {p}" for p in error_summary_problems(page)]
        assert page.get_attribute("#id_code", "aria-invalid") == "true"
        hint = page.get_attribute("#id_pin", "aria-describedby")
        assert hint and page.locator(f"#{hint}").count() == 1
        problems += page_problems(page)
        # a wrong PIN: the error of the whole form is in the focused summary, not a role=alert
        page.fill("#id_code", portal_world["code"])
        page.fill("#id_pin", "000000")
        page.click("main button[type=submit]")
        page.wait_for_selector("[data-error-summary] li")
        expect(page.locator("[data-error-summary]")).to_be_focused()
        assert page.locator("main [role=alert]").count() == 0
        page.fill("#id_code", portal_world["code"])
        page.fill("#id_pin", DEMO_PIN)
        with page.expect_navigation():
            page.click("main button[type=submit]")
        assert page.get_attribute("html", "lang") == language
        for path in PAGES:
            page.goto(live_server.url + path)
            problems += page_problems(page)
        # the questionnaire half answered: 45 radio groups, each linked and described
        page.goto(f"{live_server.url}/portal/questionnaire/")
        page.locator("main form input[type=radio]").first.check()
        page.click("main form button[type=submit]")
        page.wait_for_selector("[data-error-summary]")
        expect(page.locator("[data-error-summary]")).to_be_focused()
        problems += [f"questionnaire: {p}" for p in error_summary_problems(page)]
        invalid = page.locator("main fieldset.has-error input[aria-invalid=true]").count()
        assert invalid >= 40, invalid
        assert problems == []
    finally:
        page.context.close()
