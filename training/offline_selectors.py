"""Reads for offline attendance: the instructor's day sheets to take along, the device of
this login, and the proposals a day's late syncs left."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db.models import Max, QuerySet

from accounts.audit import audit_record
from accounts.models import AuditAction, User
from scheduling.access import session_participants_audit
from scheduling.models import Enrolment, Meeting
from training.access import can_take_sheets_offline
from training.models import Attendance, AttendanceDay, AttendanceStatus, OfflineDevice, OfflineSync, OfflineSyncOutcome
from training.offline_services import sync_proposal_entries
from training.selectors import DaySheet
from training.texts import signing_prompt

#: the day sheets a device takes along: from a few days back (days not yet sent) to a week ahead
DAYS_BACK = 3
DAYS_AHEAD = 7


def offline_device_for_token(*, token: str) -> OfflineDevice | None:
    """The device a browser names itself by (None for a token that is no device's)."""
    try:
        value = uuid.UUID(token)
    except ValueError:
        return None
    return OfflineDevice.objects.select_related("user").filter(token=value).first()


def offline_devices_of(*, user: User) -> QuerySet[OfflineDevice]:
    return OfflineDevice.objects.filter(user=user).select_related("revoked_by")


def offline_device_list() -> QuerySet[OfflineDevice]:
    """Every device ever issued, by instructor (name), newest first, with its last sync
    (`last_sync`, None if it never sent a day) — the manager's page to revoke them."""
    return (
        OfflineDevice.objects.select_related("user", "revoked_by")
        .annotate(last_sync=Max("syncs__received_at"))
        .order_by("user__last_name", "user__first_name", "user_id", "-issued_at", "-pk")
    )


def _hhmm(value: dt.time | None) -> str:
    return value.strftime("%H:%M") if value else ""


def offline_day_sheets(*, user: User, today: dt.date) -> list[dict[str, Any]]:
    """The instructor's own meetings from DAYS_BACK before to DAYS_AHEAD after today, with
    everyone enrolled and what is recorded so far (no signatures: the device does not need
    them), as plain data for the device. Audited: a participant list per session and one
    `offline.sheets_read` entry. Only instructors take sheets offline (a manager's "all
    sessions" would put every participant on one phone)."""
    if not can_take_sheets_offline(user):
        return []
    meetings = list(
        Meeting.objects.filter(
            session__instructor=user,
            date__range=(today - dt.timedelta(days=DAYS_BACK), today + dt.timedelta(days=DAYS_AHEAD)),
        )
        .select_related("session__module", "session__site")
        .order_by("date", "starts_at", "pk")
    )
    session_ids = {m.session_id for m in meetings}
    enrolments: dict[int, list[Enrolment]] = {}
    for enrolment in (
        Enrolment.objects.filter(session_id__in=session_ids)
        .select_related("participant")
        .order_by("participant__last_name", "participant__first_name", "pk")
    ):
        enrolments.setdefault(enrolment.session_id, []).append(enrolment)
    attendances = {
        (a.meeting_id, a.enrolment_id): a for a in Attendance.objects.filter(meeting__in=meetings)
    }
    locked = set(
        AttendanceDay.objects.filter(meeting__in=meetings, countersigned_at__isnull=False).values_list(
            "meeting_id", flat=True
        )
    )
    sessions = {m.session_id: m.session for m in meetings}
    for session in sessions.values():
        session_participants_audit(user=user, session=session)
    audit_record(actor=user, action=AuditAction.OFFLINE_SHEETS_READ, target=None,
                 detail={"meetings": [m.pk for m in meetings]})
    prompts: dict[tuple[str, ...], dict[str, str]] = {}

    def prompt(languages: list[str]) -> dict[str, str]:
        key = tuple(languages)
        if key not in prompts:
            found = signing_prompt(languages)
            prompts[key] = {"text": found.text, "lang": found.language, "dir": found.direction}
        return prompts[key]

    sheets = []
    for meeting in meetings:
        rows = []
        for enrolment in enrolments.get(meeting.session_id, []):
            current = attendances.get((meeting.pk, enrolment.pk))
            rows.append({
                "enrolment": enrolment.pk,
                "name": f"{enrolment.participant.last_name}, {enrolment.participant.first_name}",
                "prompt": prompt(enrolment.participant.languages),
                "status": current.status if current else "",
                "arrived_at": _hhmm(current.arrived_at) if current else "",
                "left_at": _hhmm(current.left_at) if current else "",
                "absence_reason": current.absence_reason if current else "",
                "signed": bool(current and current.signature),
            })
        sheets.append({
            "meeting": meeting.pk,
            "date": meeting.date.isoformat(),
            "starts_at": _hhmm(meeting.starts_at),
            "ends_at": _hhmm(meeting.ends_at),
            "module": meeting.session.module.code,
            "title": str(meeting.session.module),
            "site": meeting.session.site.name,
            "locked": meeting.pk in locked,
            "rows": rows,
        })
    return sheets


def offline_proposals_for_sheet(*, sheet: DaySheet) -> list[dict[str, Any]]:
    """Syncs that reached the day after its countersignature, with what they proposed per
    person beside what is on record (the caller has authorised the meeting: names come from
    its day sheet)."""
    syncs = list(
        OfflineSync.objects.filter(meeting=sheet.meeting, outcome=OfflineSyncOutcome.PROPOSED)
        .select_related("user")
        .order_by("received_at", "pk")
    )
    if not syncs:
        return []
    rows = {row.enrolment.pk: row for row in sheet.rows}
    labels = dict(AttendanceStatus.choices)
    proposals = []
    for sync in syncs:
        entries = []
        for entry in sync_proposal_entries(sync):
            row = rows.get(int(str(entry["enrolment"])))
            if row is None:
                continue
            entries.append({
                "name": row.enrolment.participant.full_name,
                "status": labels.get(str(entry["status"]), entry["status"]),
                "arrived_at": entry["arrived_at"] or "",
                "left_at": entry["left_at"] or "",
                "signed": bool(entry["signature"]),
                "attendance": row.attendance,
            })
        proposals.append({"sync": sync, "entries": entries})
    return proposals
