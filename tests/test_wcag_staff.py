"""WCAG 2.2 AA on the staff side (issue 24), in Chromium at 320 px and 1,280 px, German UI:
the intake form (counsellor), an attendance day signed and countersigned by keyboard alone
(instructor), the figures page (manager), and the forms once rendered by hand (audit search,
erasure, labour-market import) after a failed submit. On each: no sideways scroll, every focus
indicator ≥ 3:1, axe-core and HTML_CodeSniffer report nothing; after a failed submit focus is
on the error summary and its links reach the invalid fields. One browser for the module."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.login import totp_code, totp_device_for
from catalogue.tests.factories import ModuleFactory
from scheduling import services as scheduling_services
from scheduling.tests.factories import make_session
from scheduling.tests.test_services import planned_participant
from tests.a11y import (
    WIDTHS,
    axe_violations,
    error_summary_problems,
    focus_problems,
    htmlcs_errors,
    overflow,
)
from tests.browser import BROWSER_MARKS, chromium, new_page
from training.models import Attendance, AttendanceDay

pytestmark = [*BROWSER_MARKS, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture
def open_page(browser, live_server):
    pages: list[Any] = []

    def open_(width: str, user: Any) -> Any:
        page = new_page(browser, locale="de-DE", viewport=WIDTHS[width], has_touch=width == "320")
        pages.append(page)
        device = totp_device_for(user)
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", "correct-horse-battery")
        page.click("form:has(#id_username) button[type=submit]")
        page.wait_for_url("**/login/code/**")
        page.fill("#id_code", totp_code(device))
        page.click("form:has(#id_code) button[type=submit]")
        page.wait_for_load_state()
        return page

    yield open_
    for page in pages:
        page.context.close()


def page_problems(page: Any) -> list[str]:
    """Everything the issue measures on one page."""
    problems = [f"{overflow(page)} px sideways scroll"] if overflow(page) > 0 else []
    _stops, focus = focus_problems(page)
    return problems + focus + [f"axe {v}" for v in axe_violations(page)] + [
        f"HTMLCS {e}" for e in htmlcs_errors(page)
    ]


def tab_to(page: Any, selector: str, *, limit: int = 250) -> None:
    """Press Tab until the element is focused: proves it is reachable by keyboard."""
    target = page.locator(selector)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"{selector} not reached by Tab")


@pytest.mark.parametrize("width", WIDTHS)
def test_intake_errors_are_summarised_focused_and_linked(width, open_page, live_server, counsellor_a):
    page = open_page(width, counsellor_a)
    page.goto(live_server.url + reverse("participants:intake"))
    assert page_problems(page) == []
    page.fill("#id_first_name", "Arta")
    page.click("form[novalidate] button[type=submit]")
    page.wait_for_selector("[data-error-summary]")
    expect(page.locator("[data-error-summary]")).to_be_focused()
    assert error_summary_problems(page) == []
    # checkbox groups are fieldsets with a legend (1.3.1), their boxes 24 px targets (2.5.8)
    groups = page.eval_on_selector_all(
        "main fieldset:has(input[type=checkbox])",
        "els => els.map(f => ({legend: !!f.querySelector(':scope > legend'), small: [...f.querySelectorAll("
        "'input[type=checkbox]')].filter(i => { const r = (i.closest('label') || i).getBoundingClientRect();"
        " return r.height < 24 || r.width < 24; }).length}))",
    )
    assert groups and all(group["legend"] and group["small"] == 0 for group in groups), groups
    assert page_problems(page) == []


@pytest.fixture
def today_session(manager, site_a, instructor_a, counsellor_a):
    module = ModuleFactory(code="SEW-101", title_de="Grundlagen Maschinennähen", title_en="Machine sewing basics")
    participant = planned_participant(counsellor_a, module)
    today = timezone.localdate()
    session = make_session(manager=manager, module=module, site=site_a, instructor=instructor_a,
                           starts_on=today - dt.timedelta(days=3), days=8)
    enrolment = scheduling_services.session_enrol(acting_user=counsellor_a, session=session, participant=participant)
    return session, enrolment


@pytest.mark.parametrize("width", WIDTHS)
def test_a_day_is_signed_and_countersigned_by_keyboard_alone(
    width, open_page, live_server, today_session, instructor_a
):
    session, enrolment = today_session
    meeting = session.meetings.filter(date__lte=timezone.localdate()).order_by("-date").first()
    page = open_page(width, instructor_a)
    page.goto(live_server.url + reverse("training:attendance", args=[meeting.pk]))
    assert page_problems(page) == []
    pk = enrolment.pk
    page.locator("body").focus()
    tab_to(page, f"#s-{pk}-present")
    page.keyboard.press("Space")
    tab_to(page, f"[data-testid='signature-{pk}']")  # the pad is a named Tab stop
    assert page.get_attribute(f"[data-testid='signature-{pk}']", "role") == "img"
    tab_to(page, f"#typed-{pk}")
    page.keyboard.type(enrolment.participant.full_name)
    # without the confirmation the name is refused, with a focused, linked summary
    tab_to(page, "#attendance-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-error-summary]")
    expect(page.locator("[data-error-summary]")).to_be_focused()
    assert error_summary_problems(page) == []
    assert not Attendance.objects.exists()
    tab_to(page, f"#typed-confirm-{pk}")
    page.keyboard.press("Space")
    tab_to(page, "#attendance-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # the saved message is read out: focus is on the status region
    expect(page.locator("[data-announce]")).to_be_focused()
    row = Attendance.objects.get(enrolment=enrolment, meeting=meeting)
    assert (row.status, row.signature_kind, row.signature) == ("present", "typed", enrolment.participant.full_name)
    page.locator("body").focus()
    tab_to(page, "#id_typed_name")
    page.keyboard.type("Ida Instructor")
    tab_to(page, "#id_typed_confirm")
    page.keyboard.press("Space")
    tab_to(page, "#countersign button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("[data-announce]")).to_be_focused()
    day = AttendanceDay.objects.get(meeting=meeting)
    assert day.locked and day.countersignature_kind == "typed"
    assert page_problems(page) == []


@pytest.mark.parametrize("width", WIDTHS)
def test_figures_reflow_and_pass_both_checkers(width, open_page, live_server, manager):
    page = open_page(width, manager)
    page.goto(live_server.url + reverse("reporting:dashboard"))
    assert page_problems(page) == []


#: the pages tests/walk.py listed as wider than a phone before issue 24, with who opens them
FORMERLY_OVERFLOWING = {
    "manager": ("/reporting/", "/backups/", "/returns/organisations/"),
    "dpo": ("/privacy/audit/", "/privacy/retention/"),
}


@pytest.mark.parametrize("role", FORMERLY_OVERFLOWING)
def test_formerly_overflowing_pages_reflow_at_320_px(role, request, open_page, live_server):
    page = open_page("320", request.getfixturevalue(role))
    wide = []
    for path in FORMERLY_OVERFLOWING[role]:
        response = page.goto(live_server.url + path)
        assert response is not None and response.status < 400, path
        if (pixels := overflow(page)) > 0:
            wide.append(f"{path}: {pixels} px")
    assert wide == []


#: forms that were rendered by hand before (issue 24): the page, the failed submit, the invalid fields
FORMS_NOW_SHARED = {
    "dpo": (
        ("/privacy/audit/", lambda page: page.fill("#id_case_number", "RI-1999-9999"), {"id_case_number"}),
        ("/privacy/erasure/", lambda page: None, {"id_case_number"}),  # the reason has a default
    ),
    "manager": (("/markets/import/", lambda page: None, {"id_file"}),),
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("role", FORMS_NOW_SHARED)
def test_formerly_hand_rendered_forms_summarise_a_failed_submit(role, width, request, open_page, live_server):
    page = open_page(width, request.getfixturevalue(role))
    for path, fill, invalid in FORMS_NOW_SHARED[role]:
        page.goto(live_server.url + path)
        fill(page)
        with page.expect_navigation():
            page.click("main form[novalidate] button[type=submit]")
        page.wait_for_selector("[data-error-summary]")
        expect(page.locator("[data-error-summary]")).to_be_focused()
        assert error_summary_problems(page) == [], path
        marked = set(page.eval_on_selector_all("[aria-invalid=true]", "els => els.map(el => el.id)"))
        assert marked == invalid, (path, marked)
        assert page_problems(page) == [], path
