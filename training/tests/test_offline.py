"""Offline attendance on the server side: the per-login key, revocation, the day sheets to
take along, and the sync (once per idempotency key; a countersigned day gets a proposal)."""

from __future__ import annotations

import base64
import json
import uuid

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from accounts.models import AuditEntry
from accounts.tests.login import force_login_verified
from training import offline_services
from training.models import Attendance, AttendanceDay, OfflineDevice, OfflineSync
from training.services import attendance_day_countersign, attendance_record
from training.tests.conftest import SIGNATURE


def _key(client, device: str = "") -> dict:
    response = client.get(reverse("training:offline_key"), {"device": device})
    assert response.status_code == 200, response.status_code
    return response.json()


def _sync(client, *, meeting, enrolment, key=None, status="present", signature=SIGNATURE, arrived_at="09:30"):
    body = {
        "idempotency_key": str(key or uuid.uuid4()),
        "meeting": meeting.pk,
        "recorded_at": "2026-12-01T10:00:00+01:00",
        "entries": [{"enrolment": enrolment.pk, "status": status, "arrived_at": arrived_at if status == "present"
                     else "", "left_at": "", "absence_reason": "", "signature": signature}],
    }
    return client.post(reverse("training:offline_sync"), json.dumps(body), content_type="application/json")


@pytest.mark.django_db
def test_offline_pages_ladder(client, client_for, running, instructor_a, counsellor_a, manager):
    for name in ("training:offline", "training:offline_key", "training:offline_sheets"):
        url = reverse(name)
        assert Client().get(url).status_code == 302
        assert client_for(counsellor_a).get(url).status_code == 403
        assert client_for(manager).get(url).status_code == 403  # no "every session" on one phone
    page = client_for(instructor_a).get(reverse("training:offline"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'rel="manifest"' in html and "js/offline.js" in html and "<script>" not in html


@pytest.mark.django_db
def test_key_is_issued_once_per_login_and_is_256_bits(client_for, running, instructor_a):
    client = client_for(instructor_a)
    first = _key(client)
    assert len(base64.b64decode(first["key"])) == 32
    again = _key(client, first["device"])  # the same login: the same device and key
    assert (again["device"], again["key"]) == (first["device"], first["key"])
    assert OfflineDevice.objects.filter(user=instructor_a).count() == 1
    assert AuditEntry.objects.filter(action="offline.device_issue", actor=instructor_a).count() == 1


@pytest.mark.django_db
def test_a_new_login_gets_a_new_key(running, instructor_a):
    first = _key(force_login_verified(Client(), instructor_a))
    second = _key(force_login_verified(Client(), instructor_a))
    assert first["device"] != second["device"] and first["key"] != second["key"]


@pytest.mark.django_db
def test_sheets_hold_own_meetings_only_without_signatures_and_are_audited(
    client_for, running, instructor_a, instructor_b, manager, site_b
):
    session, enrolment = running
    meeting = session.meetings.order_by("date").first()
    attendance_record(acting_user=instructor_a, meeting=meeting, today=meeting.date,
                      entries={enrolment.pk: offline_services.AttendanceEntry(status="present", signature=SIGNATURE)})
    client = client_for(instructor_a)
    assert client.get(reverse("training:offline_sheets")).status_code == 410  # no key asked for yet
    _key(client)
    answer = client.get(reverse("training:offline_sheets"))
    assert answer.status_code == 200 and answer["Cache-Control"] == "no-store"
    sheets = answer.json()["sheets"]
    assert {sheet["meeting"] for sheet in sheets} == set(session.meetings.values_list("pk", flat=True))
    first = next(sheet for sheet in sheets if sheet["meeting"] == meeting.pk)
    assert first["rows"][0]["enrolment"] == enrolment.pk and first["rows"][0]["status"] == "present"
    assert first["rows"][0]["signed"] is True
    assert SIGNATURE not in answer.content.decode()
    assert AuditEntry.objects.filter(action="offline.sheets_read", actor=instructor_a).exists()
    assert AuditEntry.objects.filter(action="participant.view", actor=instructor_a).exists() or \
        AuditEntry.objects.filter(action="participant.list", actor=instructor_a).exists()
    other = client_for(instructor_b)
    _key(other)
    assert other.get(reverse("training:offline_sheets")).json()["sheets"] == []


@pytest.mark.django_db
def test_sync_records_the_day_once_per_key(client_for, running, instructor_a, instructor_b):
    session, enrolment = running
    meeting = session.meetings.order_by("date").first()
    client = client_for(instructor_a)
    _key(client)
    key = uuid.uuid4()
    first = _sync(client, meeting=meeting, enrolment=enrolment, key=key)
    assert first.status_code == 201, first.content
    assert first.json()["outcome"] == "recorded" and first.json()["replayed"] is False
    attendance = Attendance.objects.get()
    assert attendance.signature == SIGNATURE and attendance.arrived_at.strftime("%H:%M") == "09:30"
    assert attendance.recorded_by == instructor_a
    again = _sync(client, meeting=meeting, enrolment=enrolment, key=key)
    assert again.status_code == 200 and again.json() == {**first.json(), "replayed": True}
    assert Attendance.objects.count() == 1 and OfflineSync.objects.count() == 1
    assert AuditEntry.objects.filter(action="offline.sync").count() == 1
    assert AuditEntry.objects.filter(action="attendance.record").count() == 1
    # the same key with other entries is refused, nothing changes
    reused = _sync(client, meeting=meeting, enrolment=enrolment, key=key, status="excused", signature="")
    assert reused.status_code == 409
    assert Attendance.objects.get().status == "present"
    # another instructor's meeting: 404, as on the day sheet
    other = client_for(instructor_b)
    _key(other)
    assert _sync(other, meeting=meeting, enrolment=enrolment).status_code == 404


@pytest.mark.django_db
def test_sync_refusals_keep_nothing(client_for, running, instructor_a):
    session, enrolment = running
    meetings = list(session.meetings.order_by("date"))
    client = client_for(instructor_a)
    _key(client)
    bad_signature = _sync(client, meeting=meetings[0], enrolment=enrolment, signature="<script>")
    assert bad_signature.status_code == 400
    assert str(offline_services.ERROR_SYNC_PAYLOAD) not in bad_signature.json()["error"]
    assert bad_signature.json()["rows"][str(enrolment.pk)]
    future = _sync(client, meeting=meetings[-1], enrolment=enrolment)
    assert future.status_code == 400 and "before the meeting took place" in future.json()["error"]
    unreadable = client.post(reverse("training:offline_sync"), "{]", content_type="application/json")
    assert unreadable.status_code == 400
    assert not Attendance.objects.exists() and not OfflineSync.objects.exists()


@pytest.mark.django_db
def test_sync_into_a_countersigned_day_becomes_a_proposal(client_for, running, instructor_a):
    session, enrolment = running
    meeting = session.meetings.order_by("date").first()
    attendance_record(acting_user=instructor_a, meeting=meeting, today=meeting.date,
                      statuses={enrolment.pk: "unexcused"})
    attendance_day_countersign(acting_user=instructor_a, meeting=meeting, signature=SIGNATURE)
    client = client_for(instructor_a)
    _key(client)
    answer = _sync(client, meeting=meeting, enrolment=enrolment)
    assert answer.status_code == 201 and answer.json()["outcome"] == "proposed"
    attendance = Attendance.objects.get()
    assert attendance.status == "unexcused" and attendance.signature == ""  # the record is untouched
    sync = OfflineSync.objects.get()
    assert json.loads(sync.proposal)[0]["signature"] == SIGNATURE
    # shown on the day sheet, with the way to apply it
    page = client.get(reverse("training:attendance", args=[meeting.pk])).content.decode()
    assert "Correction proposals from an offline device" in page
    assert reverse("training:attendance_correct", args=[attendance.pk]) in page


@pytest.mark.django_db
def test_revoked_device_and_deactivated_user_are_told_to_wipe(client, client_for, running, instructor_a, manager):
    session, enrolment = running
    instructor = client_for(instructor_a)
    token = _key(instructor)["device"]
    state = reverse("training:offline_device_state")
    assert client.get(state, {"device": token}).json() == {"wipe": False}
    device = OfflineDevice.objects.get(token=token)
    offline_services.offline_device_revoke(acting_user=manager, device=device)
    assert client.get(state, {"device": token}).status_code == 410  # asked while logged out too
    assert instructor.get(reverse("training:offline_key"), {"device": token}).status_code == 410
    assert instructor.get(reverse("training:offline_sheets")).status_code == 410
    meeting = session.meetings.order_by("date").first()
    assert _sync(instructor, meeting=meeting, enrolment=enrolment).status_code == 410
    assert not Attendance.objects.exists()
    assert AuditEntry.objects.filter(action="offline.device_revoke", actor=manager).count() == 1

    token = _key(force_login_verified(Client(), instructor_a))["device"]
    instructor_a.is_active = False
    instructor_a.save(update_fields=["is_active"])
    assert client.get(state, {"device": token}).status_code == 410
    assert client.get(state, {"device": "not-a-token"}).json() == {"wipe": False}


@pytest.mark.django_db
def test_logout_clears_the_browser_storage(client_for, instructor_a):
    response = client_for(instructor_a).post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'


@pytest.mark.django_db
def test_manifest_and_worker(client):
    manifest = client.get(reverse("training:offline_manifest"))
    assert manifest["Content-Type"] == "application/manifest+json"
    data = manifest.json()
    assert data["start_url"] == reverse("training:offline") and data["display"] == "standalone"
    sizes = {icon["sizes"] for icon in data["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in data["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/"))
    worker = client.get(reverse("training:offline_worker"))
    assert worker["Content-Type"].startswith("text/javascript")
    text = worker.content.decode()
    assert '"/static/js/offline.js"' in text and reverse("training:offline") in text
    assert reverse("training:offline_sync") not in text  # data never passes through the cache


def test_sync_entries_parse_refuses_what_is_not_a_day():
    for raw in (None, [], {"enrolment": 1}, [{"status": "present"}], [{"enrolment": "1", "status": "present"}],
                [{"enrolment": 1, "status": "present", "arrived_at": "9 o'clock"}],
                [{"enrolment": 1, "status": "present"}, {"enrolment": 1, "status": "excused"}],
                [{"enrolment": True, "status": "present"}], [{"enrolment": 1, "status": ["present"]}]):
        with pytest.raises(offline_services.ValidationError):
            offline_services.sync_entries_parse(raw)
    parsed = offline_services.sync_entries_parse([{"enrolment": 7, "status": "present", "arrived_at": "09:15"}])
    assert parsed[7].arrived_at is not None and parsed[7].arrived_at.hour == 9


@pytest.mark.django_db
def test_day_stays_locked_after_a_proposal(running, instructor_a):
    session, enrolment = running
    meeting = session.meetings.order_by("date").first()
    attendance_record(acting_user=instructor_a, meeting=meeting, today=meeting.date, statuses={enrolment.pk: "present"})
    attendance_day_countersign(acting_user=instructor_a, meeting=meeting, signature=SIGNATURE)
    result = offline_services.offline_sync_apply(
        acting_user=instructor_a, device=None, meeting=meeting, idempotency_key=uuid.uuid4(),
        entries={enrolment.pk: offline_services.AttendanceEntry(status="excused")}, recorded_offline_at=None,
        today=meeting.date,
    )
    assert result.sync.outcome == "proposed"
    assert AttendanceDay.objects.get(meeting=meeting).locked
    assert Attendance.objects.get().status == "present"


@pytest.mark.django_db
def test_the_manager_lists_devices_per_instructor_and_revokes_one_after_confirming(
    client_for, running, instructor_a, instructor_b, manager, counsellor_a
):
    session, enrolment = running
    instructor = client_for(instructor_a)
    token = _key(instructor)["device"]
    meeting = session.meetings.order_by("date").first()
    assert _sync(instructor, meeting=meeting, enrolment=enrolment).status_code == 201
    synced = OfflineDevice.objects.get(token=token)
    other = offline_services.offline_device_issue(user=instructor_b)  # never synced

    boss = force_login_verified(Client(), manager)
    assert reverse("training:offline_devices").encode() in boss.get(reverse("accounts:administration")).content
    page = boss.get(reverse("training:offline_devices"))
    assert page.status_code == 200
    rows = page.context["devices"]
    by_name = sorted([(instructor_a, synced), (instructor_b, other)], key=lambda pair: pair[0].last_name)
    assert [(d.user_id, d.pk) for d in rows] == [(user.pk, device.pk) for user, device in by_name]
    last = {d.pk: d.last_sync for d in rows}
    assert last[synced.pk] == OfflineSync.objects.get().received_at and last[other.pk] is None
    body = page.content.decode()
    assert instructor_a.get_full_name() in body and instructor_b.get_full_name() in body
    assert "Offline-Geräte" in body and "Sperren Sie ein verlorenes" in body  # German by default

    revoke = reverse("training:offline_device_revoke", args=[synced.pk])
    confirm = boss.get(revoke)
    assert confirm.status_code == 200 and 'method="post"' in confirm.content.decode()
    assert f"Das Gerät von {instructor_a.get_full_name()} sperren" in confirm.content.decode()
    synced.refresh_from_db()
    assert synced.revoked_at is None  # asking changes nothing
    done = boss.post(revoke)
    assert done.status_code == 302 and done["Location"] == reverse("training:offline_devices")
    synced.refresh_from_db()
    assert synced.revoked_by == manager and synced.revoked_at is not None
    entry = AuditEntry.objects.get(action="offline.device_revoke")
    assert entry.actor_id == manager.pk and entry.detail == {"user": instructor_a.pk}
    # the revoked device is told to wipe, its next sync refused; the other keeps working
    assert _sync(instructor, meeting=meeting, enrolment=enrolment).status_code == 410
    assert OfflineDevice.objects.get(pk=other.pk).revoked_at is None
    # revoking again writes nothing more
    boss.post(revoke)
    assert AuditEntry.objects.filter(action="offline.device_revoke").count() == 1
    listed = boss.get(reverse("training:offline_devices")).content.decode()
    assert revoke not in listed and reverse("training:offline_device_revoke", args=[other.pk]) in listed


@pytest.mark.django_db
def test_only_managers_see_and_revoke_devices(instructor_a, counsellor_a, instructor_b):
    device = offline_services.offline_device_issue(user=instructor_a)
    revoke = reverse("training:offline_device_revoke", args=[device.pk])
    for user in (instructor_a, instructor_b, counsellor_a):
        client = force_login_verified(Client(), user)
        assert client.get(reverse("training:offline_devices")).status_code == 403
        assert client.post(revoke).status_code == 403
    device.refresh_from_db()
    assert device.revoked_at is None
