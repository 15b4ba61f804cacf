"""An instructor records a day on a phone: the participant signs with a finger, the
instructor countersigns, and the day is locked."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.browser import BROWSER_MARKS, PHONE, draw_signature, staff_log_in
from training.models import Attendance, AttendanceDay
from training.services import signature_clean

WIDTH = PHONE["viewport"]["width"]

pytestmark = BROWSER_MARKS


@pytest.mark.django_db(transaction=True)
def test_instructor_records_signs_and_locks_a_day_on_a_phone(phone, live_server, running, instructor_a):
    session, enrolment = running
    meeting = session.meetings.order_by("date").first()
    staff_log_in(phone, live_server.url, instructor_a)

    phone.goto(f"{live_server.url}{reverse('training:attendance', args=[meeting.pk])}")
    assert phone.evaluate("document.documentElement.scrollWidth") <= WIDTH  # nothing to scroll sideways
    phone.check(f"#s-{enrolment.pk}-present")
    draw_signature(phone, f"[data-testid=signature-{enrolment.pk}]", strokes=15, steps=3)
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

    draw_signature(phone, "[data-testid=countersignature]", strokes=15, steps=3)
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
