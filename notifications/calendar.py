"""iCalendar feeds (RFC 5545, through `icalendar`): a participant's timetable in their
language, an instructor's sessions. Each meeting keeps one UID for its life, so a phone's
calendar moves the event when the meeting moves and drops it when it is cancelled."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from scheduling.models import Meeting

#: how often a calendar app should fetch the feed again (RFC 7986 REFRESH-INTERVAL)
REFRESH = dt.timedelta(hours=3)


def _local(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _calendar(name: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Reintegra//Calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH)
    return calendar


def _event(meeting: Meeting, *, summary: str, description: str, stamp: dt.datetime) -> icalendar.Event:
    event = icalendar.Event()
    host = settings.REINTEGRA_PUBLIC_URL.split("://", 1)[-1].split("/", 1)[0]
    event.add("uid", f"meeting-{meeting.pk}@{host}")
    event.add("dtstamp", stamp)
    event.add("dtstart", _local(meeting.date, meeting.starts_at))
    event.add("dtend", _local(meeting.date, meeting.ends_at))
    event.add("summary", summary)
    site = meeting.session.site
    event.add("location", ", ".join(part for part in (site.name, site.address, site.city) if part))
    if description:
        event.add("description", description)
    return event


def _finish(calendar: icalendar.Calendar) -> bytes:
    calendar.add_missing_timezones()
    return calendar.to_ical()


def participant_calendar(meetings: Iterable[Meeting], *, language: str) -> bytes:
    stamp = timezone.now()
    with translation.override(language):
        calendar = _calendar(pgettext("participant", "Reintegra: my course dates"))
        for meeting in meetings:
            module = meeting.session.module
            calendar.add_component(_event(meeting, summary=str(module.title_in(language)), description="", stamp=stamp))
        return _finish(calendar)


def instructor_calendar(meetings: Iterable[Meeting], *, language: str) -> bytes:
    stamp = timezone.now()
    with translation.override(language):
        calendar = _calendar(_("Reintegra: my sessions"))
        for meeting in meetings:
            module = meeting.session.module
            enrolled = getattr(meeting, "enrolled", None)
            description = _("%(count)s enrolled") % {"count": enrolled} if enrolled is not None else ""
            calendar.add_component(_event(meeting, summary=f"{module.code} {module.title_in(language)}",
                                          description=description, stamp=stamp))
        return _finish(calendar)
