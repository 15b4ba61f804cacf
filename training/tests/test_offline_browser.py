"""Offline attendance in Chromium with the network switched off: the page comes from the
service worker, the day is kept encrypted on the device, and sent when the connection
returns — once, even when an answer was lost, and as a proposal into a countersigned day.
Logging out wipes the device."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import AuditEntry
from scheduling import services as scheduling_services
from scheduling.tests.test_services import planned_participant
from tests.browser import BROWSER_MARKS, PHONE, draw_signature, staff_log_in
from training.models import Attendance, OfflineSync
from training.services import attendance_day_countersign, attendance_record, signature_clean
from training.tests.conftest import SIGNATURE

pytestmark = BROWSER_MARKS

WIDTH = PHONE["viewport"]["width"]


def _open_offline_page(page, live_server) -> None:
    page.goto(f"{live_server.url}{reverse('training:offline')}")
    page.locator("#offline-app[data-ready=true]").wait_for()
    # controlled by the service worker from now on; at most a minute (evaluate() has no timeout of
    # its own, and a worker that never became ready once hung a whole run)
    assert page.evaluate(
        """() => Promise.race([
             navigator.serviceWorker.ready.then(() => navigator.serviceWorker.controller ? true :
               new Promise(resolve => navigator.serviceWorker.addEventListener(
                 'controllerchange', () => resolve(true)))),
             new Promise(resolve => setTimeout(() => resolve('no service worker after 60 s'), 60000))])"""
    ) is True


def _record_day(page, meeting, enrolment, *, sign: bool, arrived: str = "") -> None:
    page.click(f"button[data-meeting='{meeting.pk}']")
    page.check(f"#o-{enrolment.pk}-present")
    if arrived:
        page.fill(f"#offline-row-{enrolment.pk} [data-field=arrived_at]", arrived)
    if sign:
        draw_signature(page, f"[data-testid=offline-signature-{enrolment.pk}]")
    page.click("#save-day")
    page.locator("#sheet").wait_for(state="hidden")


@pytest.mark.django_db(transaction=True)
def test_a_day_recorded_offline_reaches_the_server_once_and_logout_wipes_it(
    phone, live_server, running, instructor_a, counsellor_a
):
    session, enrolment = running
    second = scheduling_services.session_enrol(
        acting_user=counsellor_a, session=session, participant=planned_participant(counsellor_a, session.module)
    )
    first_day, second_day = list(session.meetings.order_by("date"))[:2]
    staff_log_in(phone, live_server.url, instructor_a)
    _open_offline_page(phone, live_server)
    # the list is filled from the device's store after the page is ready: wait for it, then count
    expect(phone.locator("#sheet-list button")).to_have_count(session.meetings.count())
    assert phone.locator("#sheet-list button").count() == session.meetings.count()
    assert phone.evaluate("document.documentElement.scrollWidth") <= WIDTH

    phone.context.set_offline(True)
    assert phone.evaluate("fetch('/health/').then(() => 'reached', () => 'offline')") == "offline"
    _record_day(phone, first_day, enrolment, sign=True, arrived="09:30")
    phone.click(f"button[data-meeting='{first_day.pk}']")  # the second participant on the first day, too
    phone.check(f"#o-{second.pk}-excused")
    phone.fill(f"#offline-row-{second.pk} [data-field=absence_reason]", "Arzttermin")
    phone.click("#save-day")
    phone.locator("#sheet").wait_for(state="hidden")
    _record_day(phone, second_day, enrolment, sign=True)
    summary = phone.locator("[data-testid=queue-summary]")
    assert summary.inner_text() == "2 days waiting to send"

    # reload without a connection: the page comes from the service worker, the days from IndexedDB
    response = phone.reload()
    assert response is not None and response.from_service_worker
    phone.locator("#offline-app[data-ready=true]").wait_for()
    assert summary.inner_text() == "2 days waiting to send"
    assert phone.locator("#queue-list li").count() == 2
    # nothing readable at rest: the stored values are ciphertext
    stored = phone.evaluate(
        """() => new Promise(resolve => { const open = indexedDB.open('reintegra-offline');
             open.onsuccess = () => { const all = open.result.transaction('queue').objectStore('queue').getAll();
               all.onsuccess = () => resolve(all.result.map(r => new TextDecoder('latin1').decode(r.data))); }; })"""
    )
    assert len(stored) == 2 and not any("present" in text or "Arzttermin" in text for text in stored)

    # meanwhile someone countersigned the second day on paper and tablet
    attendance_record(acting_user=instructor_a, meeting=second_day, today=second_day.date,
                      statuses={enrolment.pk: "unexcused", second.pk: "present"})
    attendance_day_countersign(acting_user=instructor_a, meeting=second_day, signature=SIGNATURE)

    # the first answer is lost on the way back: the server recorded the day, the phone does not know
    lost: list[str] = []

    def lose_answer(route):
        route.fetch()
        lost.append(route.request.post_data or "")
        route.abort()

    phone.route("**/training/offline/sync/", lose_answer)
    phone.context.set_offline(False)
    phone.locator("text=Sending failed").wait_for()
    assert len(lost) == 1 and OfflineSync.objects.count() == 1
    assert summary.inner_text() == "2 days waiting to send"
    phone.unroute("**/training/offline/sync/")
    phone.click("#sync-now")
    phone.locator("text=Nothing waiting to send.").wait_for()

    # on the server: the first day once, signature intact; the countersigned day untouched
    assert OfflineSync.objects.filter(meeting=first_day).count() == 1
    present = Attendance.objects.get(meeting=first_day, enrolment=enrolment)
    assert present.status == "present" and present.arrived_at.strftime("%H:%M") == "09:30"
    assert present.signature.startswith("M") and signature_clean(present.signature) == present.signature
    assert len(re.findall(r"[ML]", present.signature)) >= 12  # the whole stroke, not a dot
    excused = Attendance.objects.get(meeting=first_day, enrolment=second)
    assert excused.status == "excused" and excused.absence_reason == "Arzttermin"
    assert AuditEntry.objects.filter(action="attendance.record", object_id=str(first_day.pk)).count() == 1
    assert Attendance.objects.get(meeting=second_day, enrolment=enrolment).status == "unexcused"
    proposal = OfflineSync.objects.get(meeting=second_day)
    assert proposal.outcome == "proposed" and proposal.proposal
    phone.locator(".sync-proposed").wait_for()
    assert "countersigned meanwhile" in phone.locator(".sync-proposed").inner_text()
    # the instructor sees the proposal on the day sheet
    phone.goto(f"{live_server.url}{reverse('training:attendance', args=[second_day.pk])}")
    assert phone.locator("#offline-proposals").count() == 1

    # logging out wipes the device: the store, the service worker, its cache
    phone.goto(f"{live_server.url}{reverse('training:offline')}")
    phone.locator("#offline-app[data-ready=true]").wait_for()
    databases = "() => indexedDB.databases().then(list => list.map(d => d.name))"
    assert "reintegra-offline" in phone.evaluate(databases)
    phone.click("button:has-text('Log out')")
    phone.wait_for_url("**/login/**")
    assert "reintegra-offline" not in phone.evaluate(databases)
    assert phone.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
    assert phone.evaluate("caches.keys().then(k => k.length)") == 0
    assert phone.console_errors == [] or all("Failed to load resource" in e for e in phone.console_errors), (
        phone.console_errors
    )
