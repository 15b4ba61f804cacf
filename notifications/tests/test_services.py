"""Messages through a real SMTP server: language and direction, nothing personal beyond what
the recipient may see, working links, once only, and nothing without consent."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone, translation
from django.utils.translation import pgettext

from accounts.models import AuditEntry
from notifications import services
from notifications.models import AtRiskNotice, Delivery, DeliveryStatus, NotificationKind
from notifications.tests.conftest import evening
from participants.tests.factories import ConsentFactory
from returns.models import FollowUpKind
from returns.services import follow_up_schedule
from scheduling.services import meeting_cancel, meeting_move

pytestmark = pytest.mark.django_db


def _path(url: str) -> str:
    assert url.startswith("https://reintegra.example/"), url
    return url.removeprefix("https://reintegra.example")


def _link(text: str, label_prefix: str = "https://reintegra.example/notifications/unsubscribe/") -> str:
    found = re.search(re.escape(label_prefix) + r"\S+", text)
    assert found, text
    return found.group(0)


def _no_personal_data(received, *participants) -> None:
    whole = received.message.as_string()
    for person in participants:
        for value in (person.first_name, person.last_name, person.case_number,
                      person.date_of_birth.strftime("%d.%m.%Y")):
            assert value not in whole


def test_reminders_arrive_in_each_language_once(world, smtp):
    sent = services.session_reminders_send(now=evening(world["today"]))
    assert sent == 2  # the third participant gave no consent to messages
    arabic = smtp.to("layla@example.org")[0]
    german = smtp.to("jonas@example.org")[0]
    with translation.override("ar"):
        assert arabic.subject == pgettext("participant", "Reminder: your course tomorrow")
    assert arabic.subject != "Reminder: your course tomorrow"
    assert '<html lang="ar" dir="rtl">' in arabic.html
    assert arabic.message["Content-Language"] == "ar"
    assert german.subject == "Erinnerung: Ihr Kurs morgen"
    assert '<html lang="de" dir="ltr">' in german.html
    assert "Grundlagen Schweißen" in german.text and "09:00" in german.text
    assert "Nürnberg Werkstatt" in german.html
    # each sees their own message only, with no names, case numbers or birth dates
    assert arabic.to == ["layla@example.org"] and german.to == ["jonas@example.org"]
    _no_personal_data(arabic, world["arabic"], world["german"], world["silent"])
    _no_personal_data(german, world["arabic"], world["german"], world["silent"])
    assert german.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # beat running again (or the command beside it) sends nothing twice
    assert services.session_reminders_send(now=evening(world["today"], 19)) == 0
    assert len(smtp.received) == 2
    rows = Delivery.objects.filter(kind=NotificationKind.SESSION_REMINDER)
    assert {(d.participant_id, d.language, d.status) for d in rows} == {
        (world["arabic"].pk, "ar", DeliveryStatus.SENT), (world["german"].pk, "de", DeliveryStatus.SENT),
    }


def test_no_reminders_before_the_reminder_hour(world, smtp, settings):
    settings.REINTEGRA_REMINDER_HOUR = 16
    assert services.session_reminders_send(now=evening(world["today"], 9)) == 0
    assert smtp.received == []


def test_the_unsubscribe_link_works_without_login_and_stops_the_messages(world, smtp, client):
    services.session_reminders_send(now=evening(world["today"]))
    german = smtp.to("jonas@example.org")[0]
    url = _link(german.text)
    assert "jonas" not in url.lower()
    page = client.get(_path(url))
    assert page.status_code == 200 and page["Content-Language"] == "de"
    world["german_consent"].refresh_from_db()
    assert world["german_consent"].is_active  # a GET (a link scanner) changes nothing
    done = client.post(_path(url))
    assert done.status_code == 200
    world["german_consent"].refresh_from_db()
    assert not world["german_consent"].is_active
    entry = AuditEntry.objects.filter(action="notification_consent.withdraw").get()
    assert entry.actor_id is None and entry.participant_ref == world["german"].pk
    # the next message (a moved meeting) reaches only the one still consenting
    smtp.received.clear()
    meeting = world["session"].meetings.order_by("date").last()
    services.meeting_changed_notify(
        session_id=world["session"].pk, meeting_id=meeting.pk, change="moved",
        before=(meeting.date, meeting.starts_at, meeting.ends_at),
        after=(meeting.date + dt.timedelta(days=7), meeting.starts_at, meeting.ends_at),
        participant_ids=[world["arabic"].pk, world["german"].pk, world["silent"].pk], today=world["today"],
    )
    assert [r.to for r in smtp.received] == [["layla@example.org"]]
    # a forged token is refused
    assert client.get(_path(url.rstrip("/")[:-3] + "abc/")).status_code == 404


def test_a_moved_and_a_cancelled_meeting_are_announced(world, smtp, manager, django_capture_on_commit_callbacks):
    first, second = list(world["session"].meetings.order_by("date")[:2])
    new_day = first.date + dt.timedelta(days=10)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_move(acting_user=manager, meeting=first, date=new_day, starts_at=dt.time(10), ends_at=dt.time(14))
    german = smtp.to("jonas@example.org")
    assert len(german) == 1 and german[0].subject == "Ein Kurstermin hat sich geändert"
    assert "10:00" in german[0].text and "09:00" in german[0].text
    with django_capture_on_commit_callbacks(execute=True):
        meeting_cancel(acting_user=manager, meeting=second)
    cancelled = smtp.to("layla@example.org")[-1]
    assert '<html lang="ar" dir="rtl">' in cancelled.html
    with translation.override("ar"):
        assert cancelled.subject == pgettext("participant", "A course date is cancelled")
    assert len(smtp.received) == 4


def test_a_follow_up_invitation_arrives_with_a_working_survey_link(world, smtp, counsellor_a, client):
    person = world["arabic"]
    ConsentFactory(participant=person, purpose="follow_up", recorded_by=counsellor_a)
    follow_ups = follow_up_schedule(acting_user=counsellor_a, participant=person,
                                    returned_on=world["today"] - dt.timedelta(days=91))
    assert any(f.kind == FollowUpKind.MONTH_3 and f.due_on == world["today"] for f in follow_ups)
    sent = services.follow_ups_due_send(today=world["today"], now=timezone.now())
    assert sent == 1
    invitation = smtp.to("layla@example.org")[0]
    assert '<html lang="ar" dir="rtl">' in invitation.html
    survey = _link(invitation.text, "https://reintegra.example/returns/survey/")
    assert client.get(_path(survey)).status_code == 200
    assert services.follow_ups_due_send(today=world["today"], now=timezone.now()) == 0


def test_follow_up_needs_both_consents(world, smtp, counsellor_a):
    person = world["german"]
    consent = ConsentFactory(participant=person, purpose="follow_up", recorded_by=counsellor_a)
    follow_up_schedule(acting_user=counsellor_a, participant=person, returned_on=world["today"] - dt.timedelta(days=91))
    services.channel_consent_withdraw(acting_user=counsellor_a, consent=world["german_consent"])
    assert services.follow_ups_due_send(today=world["today"], now=timezone.now()) == 0
    assert consent.is_active and smtp.received == []


def test_a_refused_address_is_recorded_as_bounced(world, smtp):
    smtp.refuse.add("jonas@example.org")
    services.session_reminders_send(now=evening(world["today"]))
    bounced = Delivery.objects.get(participant=world["german"])
    assert bounced.status == DeliveryStatus.BOUNCED and bounced.error == "smtp 550"
    assert "jonas" not in bounced.error and bounced.sent_at is None


def test_the_counsellor_digest_lists_case_numbers_in_the_counsellor_s_language(world, smtp, counsellor_a):
    counsellor_a.email = "berater@example.org"
    counsellor_a.save()
    assert services.counsellor_digests_send(today=world["today"]) == 1
    digest = smtp.to("berater@example.org")[0]
    assert '<html lang="de" dir="ltr">' in digest.html
    assert "Förderfähigkeit noch nicht geprüft" in digest.text
    for person in (world["arabic"], world["german"], world["silent"]):
        assert person.case_number in digest.text  # the counsellor's own caseload
        assert person.first_name not in digest.message.as_string()
    assert f"https://reintegra.example/participants/{world['german'].pk}/" in digest.text
    assert services.counsellor_digests_send(today=world["today"]) == 0
    services.staff_language_set(user=counsellor_a, language="en")
    assert services.counsellor_digests_send(today=world["today"] + dt.timedelta(days=1)) == 1
    english = smtp.received[-1]
    assert '<html lang="en" dir="ltr">' in english.html and "Eligibility not yet checked" in english.text


def test_the_counsellor_digest_marks_plans_that_became_at_risk(world, counsellor_a, monkeypatch):
    from notifications import selectors

    monkeypatch.setattr(selectors, "counsellor_at_risk", lambda *, user, today: [world["arabic"]])
    services._at_risk_notices_update(user=counsellor_a, participant_ids=[world["arabic"].pk], today=world["today"])
    later = world["today"] + dt.timedelta(days=1)
    new = services._at_risk_notices_update(
        user=counsellor_a, participant_ids=[world["arabic"].pk, world["german"].pk], today=later
    )
    assert new == {world["german"].pk}
    services._at_risk_notices_update(user=counsellor_a, participant_ids=[world["german"].pk], today=later)
    assert set(AtRiskNotice.objects.values_list("participant_id", flat=True)) == {world["german"].pk}


def test_the_instructor_digest_lists_tomorrow(world, smtp, instructor_a):
    instructor_a.email = "ausbilder@example.org"
    instructor_a.save()
    assert services.instructor_digests_send(today=world["today"]) == 1
    digest = smtp.to("ausbilder@example.org")[0]
    assert "Grundlagen Schweißen" in digest.text and "3 Teilnehmende" in digest.text
    for person in (world["arabic"], world["german"]):
        assert person.first_name not in digest.message.as_string()
        assert person.case_number not in digest.message.as_string()


def test_the_management_command_sends_what_is_due(world, smtp, monkeypatch):
    from django.core.management import call_command

    monkeypatch.setattr(timezone, "now", lambda: evening(world["today"]))
    call_command("send_notifications", "--digests")
    call_command("send_notifications", "--digests")
    assert sorted(r.to[0] for r in smtp.received) == ["jonas@example.org", "layla@example.org"]
