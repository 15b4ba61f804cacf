"""What the training app holds about a person: attendance (signatures, absence reasons, proofs,
corrections), results, and the signed paper lists of their days (see vault/registry.py).

The enrolments section is written here, not in scheduling, because each enrolment carries its
attendance and result and training is the floor that knows both."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.db.models import Prefetch, Q

from accounts.models import AuditEntry
from participants.models import Participant
from scheduling.models import Enrolment, Meeting
from training.models import (
    Attendance,
    AttendanceCorrection,
    AttendanceDay,
    AttendanceStatus,
    OfflineSync,
    OfflineSyncOutcome,
    Outcome,
    Result,
)
from training.services import PROOF_FOLDER
from vault.registry import ANONYMISED_NAME, Contribution, Erasure, Holding, bilingual, day, moment, register
from vault.uploads import stored_list

#: a proof file younger than this may belong to an upload whose row is not committed yet
ORPHAN_MIN_AGE = dt.timedelta(hours=1)


def _time(value: dt.time | None) -> str | None:
    return value.isoformat(timespec="minutes") if value is not None else None


def export(participant: Participant) -> dict[str, Any]:
    enrolments = (
        Enrolment.objects.filter(participant=participant)
        .select_related("session__module", "session__site")
        .order_by("session__starts_on", "pk")
    )
    results = {result.enrolment_id: result for result in Result.objects.filter(enrolment__participant=participant)}
    attendance = (
        Attendance.objects.filter(enrolment__participant=participant)
        .select_related("meeting")
        .prefetch_related(Prefetch("corrections", queryset=AttendanceCorrection.objects.order_by("corrected_at", "pk")))
        .order_by("meeting__date", "meeting__starts_at", "pk")
    )
    attendance_by_enrolment: dict[int, list[dict[str, Any]]] = {}
    for row in attendance:
        attendance_by_enrolment.setdefault(row.enrolment_id, []).append(
            {
                "date": day(row.meeting.date),
                "status": row.status,
                "arrived_at": _time(row.arrived_at),
                "left_at": _time(row.left_at),
                "minutes_attended": row.minutes_attended,
                "absence_reason": row.absence_reason,
                "proof": row.proof_name,
                "signed_at": moment(row.signed_at),
                "corrections": [
                    {
                        "corrected_at": moment(c.corrected_at),
                        "before": c.before,
                        "after": c.after,
                        "absence_reason_before": c.absence_reason_before,
                        "absence_reason_after": c.absence_reason_after,
                        "reason": c.reason,
                    }
                    for c in row.corrections.all()
                ],
            }
        )
    return {
        "enrolments": [
            {
                "module": e.session.module.code,
                "title": e.session.module.title_de,
                "site": e.session.site.name,
                "starts_on": day(e.session.starts_on),
                "ends_on": day(e.session.ends_on),
                "enrolled_at": moment(e.enrolled_at),
                "attendance": attendance_by_enrolment.get(e.pk, []),
                "result": (
                    {"outcome": results[e.pk].outcome, "recorded_on": day(results[e.pk].recorded_on)}
                    if e.pk in results
                    else None
                ),
            }
            for e in enrolments
        ],
    }


def _earlier_scans(meeting_ids: list[int]) -> list[str]:
    """Scans a newer one replaced: their files stay on disk by design and only the audit
    trail (`attendance.scan_attach`, detail "previous") still names them."""
    entries = AuditEntry.objects.filter(
        action="attendance.scan_attach", object_type=Meeting._meta.label_lower,
        object_id__in=[str(pk) for pk in meeting_ids],
    ).values_list("detail", flat=True)
    return [str(detail["previous"]) for detail in entries if isinstance(detail, dict) and detail.get("previous")]


def orphaned_proofs(*, older_than: dt.timedelta = ORPHAN_MIN_AGE) -> list[str]:
    """Proof files no attendance row names (replaced before replacing deleted the old file),
    as storage names. Files younger than `older_than` are left: their row may not be
    committed yet."""
    stored = stored_list(folder=PROOF_FOLDER, older_than=older_than)
    if not stored:
        return []
    referenced = set(Attendance.objects.exclude(proof_path="").values_list("proof_path", flat=True))
    return [name for name in stored if name not in referenced]


def erase(erasure: Erasure) -> None:
    """Signatures, absence reasons, proofs and the signed lists of the person's days identify or
    describe them; the day's status and minutes stay, so attendance rates and hours add up.

    A signed list (scan) names everyone of that day: it goes as a whole, the countersigned
    attendance rows remain the record of the day."""
    attendances = Attendance.objects.filter(enrolment__participant=erasure.participant)
    # Locked before reading: a proof upload under way finishes first, and its file is listed.
    locked = list(attendances.select_for_update(of=("self",)).values_list("meeting_id", "proof_path"))
    erasure.files.extend(path for _meeting, path in locked if path)
    meeting_ids = [meeting for meeting, _path in locked]
    days = AttendanceDay.objects.filter(meeting_id__in=meeting_ids)
    erasure.files.extend(days.exclude(scan_path="").values_list("scan_path", flat=True))
    erasure.files.extend(_earlier_scans(meeting_ids))
    days.update(scan_path="", scan_name="")
    attendances.update(signature="", absence_reason="", proof_path="", proof_name="")
    corrections = AttendanceCorrection.objects.filter(attendance__in=attendances)
    corrections.update(absence_reason_before="", absence_reason_after="", reason=ANONYMISED_NAME)
    # A correction to "absent" keeps the signature of that day in its "before" snapshot.
    signed = list(corrections.filter(Q(before__has_key="signature") | Q(after__has_key="signature")))
    for correction in signed:
        correction.before.pop("signature", None)
        correction.after.pop("signature", None)
    AttendanceCorrection.objects.bulk_update(signed, ["before", "after"])
    _erase_from_proposals(erasure.participant)


def _erase_from_proposals(participant: Participant) -> None:
    """An offline sync that reached a countersigned day keeps its entries as a proposal
    (signatures, absence reasons): the person's entries leave every proposal."""
    enrolments = dict(Enrolment.objects.filter(participant=participant).values_list("pk", "session_id"))
    enrolment_ids = set(enrolments)
    syncs = OfflineSync.objects.select_for_update().filter(
        outcome=OfflineSyncOutcome.PROPOSED, meeting__session_id__in=set(enrolments.values())
    )
    for sync in syncs:
        entries = json.loads(sync.proposal) if sync.proposal else []
        kept = [entry for entry in entries if entry.get("enrolment") not in enrolment_ids]
        if len(kept) != len(entries):
            sync.proposal = json.dumps(kept)
            sync.save(update_fields=["proposal"])


def pdf_labels(view: dict[str, Any]) -> None:
    for enrolment in view["enrolments"]:
        for row in enrolment["attendance"]:
            row["status_label"] = bilingual(AttendanceStatus, row["status"])
        if enrolment["result"]:
            enrolment["result"]["outcome_label"] = bilingual(Outcome, enrolment["result"]["outcome"])


CONTRIBUTION = register(
    Contribution(
        app_label="training",
        order=50,
        holdings=(
            Holding(Attendance, exported_in="enrolments",
                    erasure="signature, absence reason and proof (file too) removed; status and minutes kept"),
            Holding(AttendanceCorrection, exported_in="enrolments",
                    erasure="absence reasons and the kept signature removed, reason replaced by '—'; "
                    "before/after codes kept"),
            Holding(Result, exported_in="enrolments", erasure="kept: the outcome (counted)"),
        ),
        export=export,
        erase=erase,
        pdf_template="training/personal_data_pdf.html",
        pdf_labels=pdf_labels,
        last_activity=((Result, "enrolment__participant", "recorded_on"),),
        orphans=orphaned_proofs,
    )
)
