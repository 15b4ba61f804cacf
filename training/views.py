from __future__ import annotations

import datetime as dt
import mimetypes
from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.audit import audit_record
from accounts.forms import form_add_service_errors
from accounts.models import AuditAction, Role
from accounts.policy import AuthenticatedRequest, allow
from scheduling.access import can_record_attendance, session_get_for_instructor
from scheduling.models import Meeting
from training import services
from training.forms import CorrectionForm, CountersignForm, ProofForm, ScanForm, day_sheet_entries
from training.models import AttendanceStatus, Outcome
from training.offline_selectors import offline_proposals_for_sheet
from training.pdf import attendance_week_pdf
from training.selectors import (
    DaySheet,
    attendance_day_sheet,
    attendance_get_for_user,
    attendance_rates,
    attendance_threshold,
    attendance_week_list,
    meeting_get_for_user,
    session_get_for_attendance,
    session_weeks,
)
from training.texts import signing_prompt
from vault.uploads import stored_open

SITE_STAFF = (Role.MANAGER, Role.INSTRUCTOR, Role.COUNSELLOR)


@allow(Role.MANAGER, Role.INSTRUCTOR, scope="own")
def attendance(request: AuthenticatedRequest, meeting_pk: int) -> HttpResponse:
    """The day sheet: status, times, reason and the participant's signature per row; the
    instructor's countersignature below locks the day. Rates so far beside every name.

    A day still to come is shown read-only with the reason; a refused save shows the page
    again with everything typed and drawn, so nothing has to be entered twice."""
    meeting = meeting_get_for_user(user=request.user, pk=meeting_pk, record=True)
    today = timezone.localdate()
    sheet = attendance_day_sheet(meeting=meeting, today=today)
    enrolment_ids = [row.enrolment.pk for row in sheet.rows]
    error: str | None = None
    row_errors: dict[int, list[str]] = {}
    typed: dict[int, dict[str, str]] = {}
    if request.method == "POST" and sheet.locked:
        error = str(services.ERROR_DAY_LOCKED)
    elif request.method == "POST" and meeting.date > today:
        _entries, _errors, typed = day_sheet_entries(request.POST, enrolment_ids)
        error = str(services.ERROR_MEETING_IN_FUTURE)
    elif request.method == "POST":
        entries, row_errors, typed = day_sheet_entries(request.POST, enrolment_ids)
        if not row_errors:
            try:
                services.attendance_record(acting_user=request.user, meeting=meeting, entries=entries, today=today)
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for key, errors in exc.message_dict.items():
                        row_errors.setdefault(int(key), []).extend(errors)
                else:
                    error = " ".join(exc.messages)
            else:
                messages.success(request, _("Attendance saved."))
                return redirect("training:attendance", meeting_pk=meeting.pk)
        if row_errors and error is None:
            error = _("Please correct the marked rows.")
    return _day_sheet_page(request, meeting=meeting, sheet=sheet, today=today, error=error,
                           row_errors=row_errors, typed=typed)


def _day_sheet_page(
    request: AuthenticatedRequest,
    *,
    meeting: Meeting,
    sheet: DaySheet,
    today: dt.date,
    error: str | None = None,
    row_errors: dict[int, list[str]] | None = None,
    typed: dict[int, dict[str, str]] | None = None,
    countersignature: str = "",
    countersign_form: CountersignForm | None = None,
) -> HttpResponse:
    rows = []
    for row in sheet.rows:
        current = row.attendance
        values = (typed or {}).get(row.enrolment.pk) or {
            "status": current.status if current else "",
            "arrived_at": current.arrived_at.strftime("%H:%M") if current and current.arrived_at else "",
            "left_at": current.left_at.strftime("%H:%M") if current and current.left_at else "",
            "absence_reason": current.absence_reason if current else "",
            "signature": "", "typed_signature": "", "typed_confirm": "",
        }
        rows.append({"row": row, "values": values, "errors": (row_errors or {}).get(row.enrolment.pk, []),
                     "prompt": signing_prompt(row.enrolment.participant.languages)})
    context = {
        "meeting": meeting,
        "session": meeting.session,
        "sheet": sheet,
        "rows": rows,
        "statuses": AttendanceStatus.choices,
        "error": error,
        "countersign_form": countersign_form or CountersignForm(),
        "countersignature": countersignature,
        "proof_form": ProofForm(),
        "scan_form": ScanForm(),
        "is_future": meeting.date > today,
        "future_reason": services.ERROR_MEETING_IN_FUTURE,
        "has_absences": any(r.attendance and r.attendance.status != AttendanceStatus.PRESENT for r in sheet.rows),
        "offline_proposals": offline_proposals_for_sheet(sheet=sheet),
    }
    return render(request, "training/attendance.html", context, status=400 if error else 200)


@require_POST
@allow(Role.MANAGER, Role.INSTRUCTOR, scope="own")
def attendance_countersign(request: AuthenticatedRequest, meeting_pk: int) -> HttpResponse:
    meeting = meeting_get_for_user(user=request.user, pk=meeting_pk, record=True)
    form = CountersignForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([error for errors in form.errors.values() for error in errors])
        signature, kind = form.signature_and_kind()
        services.attendance_day_countersign(
            acting_user=request.user, meeting=meeting, signature=signature, signature_kind=kind
        )
    except ValidationError as exc:
        # Shown on the day sheet again with the drawn (or typed) countersignature kept.
        today = timezone.localdate()
        return _day_sheet_page(request, meeting=meeting, sheet=attendance_day_sheet(meeting=meeting, today=today),
                               today=today, error=" ".join(exc.messages),
                               countersignature=form.cleaned_data.get("signature", ""), countersign_form=form)
    messages.success(request, _("Day countersigned and locked."))
    return redirect("training:attendance", meeting_pk=meeting.pk)


@allow(Role.MANAGER, Role.INSTRUCTOR, scope="own")
def attendance_correct(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Correct one row of a locked day, with a reason; the original stays on record."""
    record = attendance_get_for_user(user=request.user, pk=pk, record=True)
    initial = {
        "status": record.status, "arrived_at": record.arrived_at, "left_at": record.left_at,
        "absence_reason": record.absence_reason,
    }
    form = CorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_correct(
                acting_user=request.user, attendance=record, entry=form.entry(), reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("Correction saved; the original entry is kept."))
            return redirect("training:attendance", meeting_pk=record.meeting_id)
    return render(
        request,
        "training/attendance_correct.html",
        {"attendance": record, "meeting": record.meeting, "form": form,
         "corrections": list(record.corrections.select_related("corrected_by"))},
        status=400 if form.errors else 200,
    )


def _store_upload(
    request: AuthenticatedRequest, form: forms.Form, field: str, attach: Callable[[str, bytes], object], *,
    success: str,
) -> None:
    """Hand a checked upload to its service; the outcome goes to the day sheet as a message."""
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return
    upload = form.cleaned_data[field]
    try:
        attach(upload.name or "", upload.read())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)


@require_POST
@allow(Role.MANAGER, Role.INSTRUCTOR, scope="own")
def attendance_proof_upload(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    record = attendance_get_for_user(user=request.user, pk=pk, record=True)
    _store_upload(
        request, ProofForm(request.POST, request.FILES), "proof",
        lambda name, content: services.attendance_proof_attach(
            acting_user=request.user, attendance=record, name=name, content=content
        ),
        success=_("Proof of absence stored."),
    )
    return redirect("training:attendance", meeting_pk=record.meeting_id)


def _download(stored_name: str, display_name: str) -> FileResponse:
    try:
        handle = stored_open(stored_name)
    except FileNotFoundError as exc:
        raise Http404 from exc
    content_type = mimetypes.guess_type(stored_name)[0] or "application/octet-stream"
    response = FileResponse(handle, as_attachment=True, filename=display_name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@allow(*SITE_STAFF, scope="site")
def attendance_proof(request: AuthenticatedRequest, pk: int) -> HttpResponseBase:
    """The proof of an absence, for the staff of the session's site only."""
    record = attendance_get_for_user(user=request.user, pk=pk)
    if not record.proof_path:
        raise Http404
    audit_record(actor=request.user, action=AuditAction.ATTENDANCE_PROOF_DOWNLOAD, target=record,
                 participant_id=record.enrolment.participant_id)
    return _download(record.proof_path, record.proof_name)


@require_POST
@allow(Role.MANAGER, Role.INSTRUCTOR, scope="own")
def attendance_scan_upload(request: AuthenticatedRequest, meeting_pk: int) -> HttpResponse:
    meeting = meeting_get_for_user(user=request.user, pk=meeting_pk, record=True)
    _store_upload(
        request, ScanForm(request.POST, request.FILES), "scan",
        lambda name, content: services.attendance_scan_attach(
            acting_user=request.user, meeting=meeting, name=name, content=content
        ),
        success=_("Signed list stored."),
    )
    return redirect("training:attendance", meeting_pk=meeting.pk)


@require_GET
@allow(*SITE_STAFF, scope="site")
def attendance_scan(request: AuthenticatedRequest, meeting_pk: int) -> HttpResponseBase:
    meeting = meeting_get_for_user(user=request.user, pk=meeting_pk)
    day = getattr(meeting, "attendance_day", None)
    if day is None or not day.scan_path:
        raise Http404
    audit_record(actor=request.user, action=AuditAction.ATTENDANCE_SCAN_DOWNLOAD, target=meeting)
    return _download(day.scan_path, day.scan_name)


@require_GET
@allow(*SITE_STAFF, scope="site")
def session_attendance(request: AuthenticatedRequest, session_pk: int) -> HttpResponse:
    """The session at a glance: each day's state, everyone's rate, the weekly lists to print."""
    session = session_get_for_attendance(user=request.user, pk=session_pk)
    today = timezone.localdate()
    enrolments = list(session.enrolments.select_related("participant").order_by("participant__last_name"))
    rates = attendance_rates(enrolment_ids=[e.pk for e in enrolments], until=today)
    meetings = list(session.meetings.select_related("attendance_day").order_by("date", "starts_at"))
    can_record = can_record_attendance(request.user, session)
    return render(request, "training/session_attendance.html", {
        "session": session,
        "rows": [{"enrolment": e, "rate": rates[e.pk]} for e in enrolments],
        "meetings": meetings,
        "weeks": session_weeks(session=session),
        "threshold": attendance_threshold(),
        "today": today,
        "can_record": can_record,
    })


@require_GET
@allow(*SITE_STAFF, scope="site")
def attendance_week(request: AuthenticatedRequest, session_pk: int, year: int, week: int) -> HttpResponse:
    """The printable attendance list of one week (PDF), for days or places without a tablet."""
    session = session_get_for_attendance(user=request.user, pk=session_pk)
    try:
        week_list = attendance_week_list(session=session, year=year, week=week)
    except ValueError as exc:
        raise Http404 from exc
    pdf = attendance_week_pdf(week_list=week_list)
    audit_record(actor=request.user, action=AuditAction.ATTENDANCE_WEEK_PDF, target=session,
                 detail={"week": f"{year}-W{week}"})
    filename = f"attendance-{session.module.code}-{year}-W{week:02d}.pdf"
    return HttpResponse(pdf, content_type="application/pdf",
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@allow(Role.MANAGER, Role.INSTRUCTOR, scope="own")
def results(request: AuthenticatedRequest, session_pk: int) -> HttpResponse:
    session = session_get_for_instructor(user=request.user, pk=session_pk)
    enrolments = list(session.enrolments.select_related("participant", "result").order_by("participant__last_name"))
    if request.method == "POST":
        outcomes = {
            e.pk: request.POST[f"outcome-{e.pk}"]
            for e in enrolments
            if request.POST.get(f"outcome-{e.pk}") in Outcome.values
        }
        services.result_record(
            acting_user=request.user, session=session, outcomes=outcomes, recorded_on=timezone.localdate()
        )
        messages.success(request, _("Results saved."))
        return redirect("scheduling:session_detail", pk=session.pk)
    rows = [{"enrolment": e, "outcome": getattr(getattr(e, "result", None), "outcome", "")} for e in enrolments]
    return render(request, "training/results.html", {"session": session, "rows": rows, "outcomes": Outcome.choices})
