"""The pages and the feeds: the ladder (anonymous → wrong role or site → right one), the
participant's and the instructor's calendar through icalendar's own parser, a moved meeting
showing after the move, and a revoked link answering 404."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import pgettext

from accounts.models import Role
from accounts.tests.factories import UserFactory
from notifications import services
from notifications.models import CalendarFeed, ChannelConsent
from portal.services import portal_invite, portal_pin_set
from scheduling.services import meeting_cancel, meeting_move

pytestmark = pytest.mark.django_db


def _events(body: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(body)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def _portal_client(participant, counsellor) -> Client:
    account, _code = portal_invite(participant=participant, acting_user=counsellor)
    portal_pin_set(account=account, pin="294716")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(account.user)
    return client


def test_the_participant_makes_a_calendar_link_in_the_portal_and_it_follows_a_move(
    world, counsellor_a, manager, settings
):
    settings.REINTEGRA_PUBLIC_URL = "https://reintegra.example"
    client = _portal_client(world["arabic"], counsellor_a)
    timetable = client.get(reverse("portal:timetable"))
    assert reverse("notifications:portal_calendar").encode() in timetable.content
    page = client.post(reverse("notifications:portal_calendar"), {"action": "create"})
    assert page.status_code == 200 and 'dir="rtl"' in page.content.decode()
    feed_url = page.context["feed_url"]
    assert feed_url.startswith("https://reintegra.example/notifications/calendar/")
    assert "layla" not in feed_url.lower() and str(world["arabic"].case_number) not in feed_url
    path = feed_url.removeprefix("https://reintegra.example")

    anonymous = Client()
    response = anonymous.get(path)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    with translation.override("ar"):
        assert str(calendar["X-WR-CALNAME"]) == pgettext("participant", "Reintegra: my course dates")
    events = _events(response.content)
    meetings = list(world["session"].meetings.order_by("date"))
    assert len(events) == len(meetings) == 3
    assert not any(w in response.content.decode() for w in ("Layla", "Nachname", world["arabic"].case_number))

    first = meetings[0]
    moved_to = first.date + dt.timedelta(days=14)
    meeting_move(acting_user=manager, meeting=first, date=moved_to, starts_at=dt.time(13), ends_at=dt.time(16))
    meeting_cancel(acting_user=manager, meeting=meetings[1])
    after = _events(anonymous.get(path).content)
    uid = next(uid for uid in after if uid.startswith(f"meeting-{first.pk}@"))
    start = after[uid]["DTSTART"].dt
    assert (start.date(), start.hour) == (moved_to, 13)
    assert str(start.tzinfo) == "Europe/Berlin"
    assert len(after) == 2  # the cancelled meeting is gone

    # a new link ends the old one; stopping it ends the new one
    renewed = client.post(reverse("notifications:portal_calendar"), {"action": "create"}).context["feed_url"]
    assert anonymous.get(path).status_code == 404
    new_path = renewed.removeprefix("https://reintegra.example")
    assert anonymous.get(new_path).status_code == 200
    client.post(reverse("notifications:portal_calendar"), {"action": "revoke"})
    assert anonymous.get(new_path).status_code == 404


def test_the_instructor_makes_a_calendar_of_their_sessions(world, instructor_a, instructor_b, client_for):
    sessions = client_for(instructor_a).get(reverse("scheduling:session_list"))
    assert reverse("notifications:my_settings").encode() in sessions.content
    page = client_for(instructor_a).post(reverse("notifications:my_settings"), {"action": "calendar"})
    path = page.context["feed_url"].split("://", 1)[1].split("/", 1)[1]
    body = Client().get("/" + path).content
    events = _events(body)
    assert len(events) == 3
    assert all("WLD-101" in str(event["SUMMARY"]) for event in events.values())
    assert all(str(event["DESCRIPTION"]) == "3 angemeldet" for event in events.values())  # German by default
    # another instructor's calendar holds none of these sessions
    other = client_for(instructor_b).post(reverse("notifications:my_settings"), {"action": "calendar"})
    other_path = other.context["feed_url"].split("://", 1)[1].split("/", 1)[1]
    assert _events(Client().get("/" + other_path).content) == {}
    client_for(instructor_a).post(reverse("notifications:my_settings"), {"action": "revoke"})
    assert Client().get("/" + path).status_code == 404
    assert CalendarFeed.objects.filter(user=instructor_a, revoked_at__isnull=True).count() == 0


def test_a_deactivated_instructor_s_calendar_is_gone(world, instructor_a):
    _feed, token = services.calendar_feed_create(acting_user=instructor_a, user=instructor_a)
    url = reverse("notifications:feed", kwargs={"token": token})
    assert Client().get(url).status_code == 200
    instructor_a.is_active = False
    instructor_a.save()
    assert Client().get(url).status_code == 404


def test_the_channels_page_climbs_the_ladder(world, counsellor_a, counsellor_b, instructor_a, client_for):
    person = world["silent"]
    url = reverse("notifications:participant_channels", kwargs={"pk": person.pk})
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and reverse("accounts:login") in anonymous["Location"]
    assert client_for(instructor_a).get(url).status_code == 403
    assert client_for(counsellor_b).get(url).status_code == 404
    page = client_for(counsellor_a).get(url)
    assert page.status_code == 200 and person.case_number in page.content.decode()
    done = client_for(counsellor_a).post(url, {"channel": "email", "address": "omid@example.org",
                                               "given_on": world["today"].isoformat()})
    assert done.status_code == 302
    consent = ChannelConsent.objects.get(participant=person)
    assert consent.address == "omid@example.org" and consent.recorded_by == counsellor_a
    twice = client_for(counsellor_a).post(url, {"channel": "email", "address": "other@example.org",
                                                "given_on": world["today"].isoformat()})
    assert twice.status_code == 200 and ChannelConsent.objects.filter(participant=person).count() == 1
    withdraw = reverse("notifications:channel_withdraw", kwargs={"pk": person.pk, "consent_pk": consent.pk})
    assert client_for(counsellor_b).post(withdraw).status_code == 404
    client_for(counsellor_a).post(withdraw)
    consent.refresh_from_db()
    assert not consent.is_active


def test_the_staff_choose_the_language_of_their_messages(world, counsellor_a, client_for):
    url = reverse("notifications:my_settings")
    assert client_for(UserFactory(role=Role.FUNDER, site=None)).get(url).status_code == 403
    client_for(counsellor_a).post(url, {"action": "language", "language": "en"})
    from notifications.selectors import staff_language

    assert staff_language(counsellor_a) == "en"
    page = client_for(counsellor_a).get(url)
    assert b'value="calendar"' not in page.content  # counsellors have no session calendar


def test_the_manager_moves_a_meeting_from_the_session_page_and_people_are_told(
    world, manager, counsellor_a, instructor_a, client_for, smtp
):
    session = world["session"]
    meeting = session.meetings.order_by("date").first()
    url = reverse("scheduling:meeting_change", kwargs={"pk": session.pk, "meeting_pk": meeting.pk})
    detail = client_for(manager).get(reverse("scheduling:session_detail", kwargs={"pk": session.pk}))
    assert url.encode() in detail.content
    assert client_for(instructor_a).get(url).status_code == 403
    assert client_for(counsellor_a).get(url).status_code == 403
    new_day = meeting.date + dt.timedelta(days=21)
    with django_capture_on_commit():
        response = client_for(manager).post(url, {"action": "move", "date": new_day.isoformat(),
                                                  "starts_at": "12:00", "ends_at": "15:00"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.date, meeting.starts_at) == (new_day, dt.time(12))
    assert sorted(r.to[0] for r in smtp.received) == ["jonas@example.org", "layla@example.org"]


def django_capture_on_commit():
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)
