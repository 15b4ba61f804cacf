"""An instructor records a day on a phone: the participant signs with a finger, the
instructor countersigns, and the day is locked."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.tests.login import totp_code, totp_device_for
from tests.browser import BROWSER_MARKS, PHONE, browser_page
from training.models import Attendance, AttendanceDay
from training.services import signature_clean

WIDTH = 390

pytestmark = BROWSER_MARKS


@pytest.fixture
def phone(live_server):
    with browser_page(**{**PHONE, "viewport": {"width": WIDTH, "height": 844}, "locale": "en-GB"}) as page:
        errors: list[str] = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.console_errors = errors
        yield page


def _draw(page, selector: str) -> None:
    """A zig-zag stroke across the canvas, as a finger would draw it."""
    canvas = page.locator(selector)
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + 10, box["y"] + box["height"] / 2)
    page.mouse.down()
    for step in range(1, 16):
        page.mouse.move(box["x"] + 10 + step * (box["width"] - 20) / 15,
                        box["y"] + box["height"] * (0.2 if step % 2 else 0.8), steps=3)
    page.mouse.up()


@pytest.mark.django_db(transaction=True)
def test_instructor_records_signs_and_locks_a_day_on_a_phone(phone, live_server, running, instructor_a):
    session, enrolment = running
    meeting = session.meetings.order_by("date").first()
    device = totp_device_for(instructor_a)
    phone.goto(f"{live_server.url}/login/")
    phone.fill("#id_username", "instructor_a")
    phone.fill("#id_password", "correct-horse-battery")
    phone.click("button[type=submit]:has-text('Log in')")
    phone.wait_for_url("**/login/code/**")
    phone.fill("#id_code", totp_code(device))
    phone.click("button[type=submit]:has-text('Confirm')")
    phone.wait_for_load_state()

    phone.goto(f"{live_server.url}{reverse('training:attendance', args=[meeting.pk])}")
    assert phone.evaluate("document.documentElement.scrollWidth") <= WIDTH  # nothing to scroll sideways
    phone.check(f"#s-{enrolment.pk}-present")
    _draw(phone, f"[data-testid=signature-{enrolment.pk}]")
    assert phone.input_value(f"#signature-{enrolment.pk}").startswith("M")
    save = phone.locator("button:has-text('Save attendance')")
    box = save.bounding_box()
    assert box is not None and box["height"] >= 40 and box["width"] <= WIDTH  # big enough to tap
    save.click()
    phone.wait_for_selector("text=Attendance saved")
    attendance = Attendance.objects.get()
    assert attendance.status == "present" and attendance.signature
    assert signature_clean(attendance.signature) == attendance.signature
    # the signature is drawn back on the page
    assert phone.locator(f"#row-{enrolment.pk} svg.signature path").count() == 1

    _draw(phone, "[data-testid=countersignature]")
    phone.click("button:has-text('Countersign and lock')")
    phone.wait_for_selector("#day-state.locked")
    day = AttendanceDay.objects.get(meeting=meeting)
    assert day.locked and day.countersigned_by == instructor_a and day.countersignature.startswith("M")
    assert phone.locator("#attendance-form").count() == 0
    assert phone.locator("text=Correct this entry").count() == 1
    assert phone.evaluate("document.documentElement.scrollWidth") <= WIDTH
    phone.set_viewport_size({"width": 360, "height": 740})  # the smallest phones in use
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert not [e for e in phone.console_errors if "Content Security Policy" in e]
