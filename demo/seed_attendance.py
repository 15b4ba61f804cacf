"""Demo: the paper trail of attendance (issue #8). Every meeting day before the current
week gets the signatures of those present and the instructor's countersignature, which
locks it; this week's days stay open, so an instructor trying the demo can record and
countersign them (README, issue 18); one
day is then corrected with a reason, keeping the original. Deterministic: the drawn
signatures come from a seeded random generator, days are walked in a fixed order."""

from __future__ import annotations

import datetime as dt
import math
import random

from certificates.models import CertificateKind
from certificates.selectors import certificate_eligibility
from participants.models import Participant
from scheduling.models import Meeting
from training.models import Attendance, AttendanceStatus
from training.services import AttendanceEntry, attendance_correct, attendance_day_countersign, attendance_record

CORRECTION_REASON = "Ankunft laut Pförtnerbuch 30 Minuten später als eingetragen."
ABSENCE_REASONS = ("Arzttermin", "Krankheit", "Termin bei der Ausländerbehörde", "Kind krank")


def _signature(rng: random.Random) -> str:
    """A plausible scribble in the 600×200 box: a few strokes of a wavy line."""
    parts: list[str] = []
    x = 40 + rng.random() * 40
    for _stroke in range(rng.randint(2, 3)):
        amplitude = 25 + rng.random() * 45
        frequency = 0.03 + rng.random() * 0.05
        phase = rng.random() * math.tau
        length = 120 + rng.random() * 120
        start = x
        command = "M"
        while x < min(start + length, 570):
            y = 100 + amplitude * math.sin(frequency * x + phase) + rng.uniform(-6, 6)
            parts.append(f"{command}{x:.1f} {max(5.0, min(195.0, y)):.1f}")
            command = "L"
            x += 8 + rng.random() * 6
        x += 15
    return " ".join(parts)


def open_week_start(anchor: dt.date) -> dt.date:
    """The Monday of the anchor's week: from it on the demo leaves days open."""
    return anchor - dt.timedelta(days=anchor.weekday())


def seed_attendance_evidence(*, anchor: dt.date, seed: int) -> None:
    """Sign and lock every recorded day before the anchor's week; correct one of them."""
    rng = random.Random(seed)  # noqa: S311 - a reproducible demo, not a secret
    meetings = (
        Meeting.objects.filter(date__lt=open_week_start(anchor), attendances__isnull=False)
        .distinct()
        .select_related("session__instructor")
        .order_by("date", "starts_at", "pk")
    )
    corrected = False
    for meeting in meetings:
        instructor = meeting.session.instructor
        rows = list(Attendance.objects.filter(meeting=meeting).order_by("pk"))
        entries = {
            row.enrolment_id: AttendanceEntry(
                status=row.status,
                absence_reason=rng.choice(ABSENCE_REASONS) if row.status == AttendanceStatus.EXCUSED else "",
                signature=_signature(rng) if row.status == AttendanceStatus.PRESENT else "",
            )
            for row in rows
        }
        attendance_record(acting_user=instructor, meeting=meeting, entries=entries, today=meeting.date)
        attendance_day_countersign(acting_user=instructor, meeting=meeting, signature=_signature(rng))
        present = [row for row in rows if row.status == AttendanceStatus.PRESENT]
        if not corrected and present and meeting.date >= anchor - dt.timedelta(days=21):
            row = present[0]
            late = (dt.datetime.combine(meeting.date, meeting.starts_at) + dt.timedelta(minutes=30)).time()
            attendance_correct(
                acting_user=instructor, attendance=row,
                entry=AttendanceEntry(status=AttendanceStatus.PRESENT, arrived_at=late),
                reason=CORRECTION_REASON,
            )
            corrected = True


def certificate_kind_earned(*, participant: Participant) -> str:
    """What the demo issues where its timeline plans a certificate: what the rule allows."""
    eligible = certificate_eligibility(participant=participant).eligible
    return CertificateKind.CERTIFICATE if eligible else CertificateKind.ATTENDANCE
