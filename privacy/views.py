from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from accounts.audit import audit_chain_check, audit_checkpoint_export, audit_record
from accounts.models import AuditAction, Role
from accounts.policy import AuthenticatedRequest, allow
from participants.access import participant_get_for_user
from privacy import services
from privacy.access import participant_get_by_case_number
from privacy.forms import ERROR_UNKNOWN_CASE_NUMBER, AuditSearchForm, ErasureForm, ExportForm
from privacy.selectors import (
    AuditFilters,
    audit_entry_search,
    case_numbers_by_ref,
    participant_ref_by_case_number,
    retention_due_list,
)
from privacy.services import ERROR_ALREADY_ANONYMISED, ErasureReason

CASE_STAFF = (Role.MANAGER, Role.COUNSELLOR)
PRIVACY_OFFICERS = (Role.MANAGER, Role.DPO)

MESSAGE_ANONYMISED = _("Participant %(number)s anonymised.")
MESSAGE_EXPORT_FORMAT = _("Choose JSON or PDF for the export.")
MESSAGE_CASE_NUMBER_NEEDED = _("Enter the case number of a participant to export who accessed their data.")


@require_POST
@allow(*CASE_STAFF, scope="site")
def export(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Everything held about the person (Art. 15 and 20 GDPR), as a download."""
    participant = participant_get_for_user(user=request.user, pk=pk)
    form = ExportForm(request.POST)
    if not form.is_valid():
        messages.error(request, MESSAGE_EXPORT_FORMAT)
        return redirect("participants:case_file", pk=participant.pk)
    export_file = services.participant_export(
        acting_user=request.user, participant=participant, export_format=form.cleaned_data["format"]
    )
    return HttpResponse(
        export_file.content,
        content_type=export_file.content_type,
        headers={"Content-Disposition": content_disposition_header(as_attachment=True, filename=export_file.filename)},
    )


@allow(*PRIVACY_OFFICERS)
def erasure(request: AuthenticatedRequest) -> HttpResponse:
    """Anonymise one participant on request: name the case number and a reason, then confirm.

    Step one (no confirmation typed) shows the confirmation page; step two (the case
    number typed again and matching) anonymises.
    """
    if request.method != "POST":
        form = ErasureForm(initial={"case_number": request.GET.get("case_number", "")})
        return render(request, "privacy/erasure.html", {"form": form})
    form = ErasureForm(request.POST)
    form.is_valid()
    participant = None
    if "case_number" in form.cleaned_data and "reason" in form.cleaned_data:
        try:
            participant = participant_get_by_case_number(
                user=request.user, case_number=form.cleaned_data["case_number"]
            )
        except Http404:
            form.add_error("case_number", ERROR_UNKNOWN_CASE_NUMBER)
        else:
            if participant.anonymised_at is not None:
                form.add_error("case_number", ERROR_ALREADY_ANONYMISED)
                participant = None
    if participant is None:
        return render(request, "privacy/erasure.html", {"form": form}, status=400)
    if form.confirming and not form.errors:
        services.participant_anonymise(
            acting_user=request.user, participant=participant, reason=form.cleaned_data["reason"]
        )
        messages.success(request, MESSAGE_ANONYMISED % {"number": participant.case_number})
        return redirect("privacy:erasure")
    # asked on the confirmation page: shown (and announced) as required there
    form.fields["confirm_case_number"].required = True
    context = {
        "form": form,
        "participant": participant,
        "reason_label": dict(ErasureReason.choices)[form.cleaned_data["reason"]],
    }
    return render(request, "privacy/erasure_confirm.html", context, status=400 if form.errors else 200)


def _audit_filters(form: AuditSearchForm) -> AuditFilters | None:
    """The filters of a valid search form, or None when the case number is unknown."""
    participant_ref = None
    case_number = form.cleaned_data["case_number"]
    if case_number:
        participant_ref = participant_ref_by_case_number(case_number=case_number)
        if participant_ref is None:
            form.add_error("case_number", ERROR_UNKNOWN_CASE_NUMBER)
            return None
    return AuditFilters(
        participant_ref=participant_ref,
        actor_username=form.cleaned_data["actor"].strip(),
        action=form.cleaned_data["action"].strip(),
        date_from=form.cleaned_data["date_from"],
        date_to=form.cleaned_data["date_to"],
    )


@require_safe
@allow(*PRIVACY_OFFICERS)
def audit_search(request: AuthenticatedRequest) -> HttpResponse:
    """Search the audit trail; nothing is listed until at least one filter is given.

    The chain check walks every entry (about 13 s per million), so the page asks for it
    after loading (htmx, `?chain=1`); without JavaScript a link shows the page with it."""
    check_chain = request.GET.get("chain") == "1"
    if check_chain and request.htmx:
        return render(request, "privacy/_audit_chain.html", _chain_context())
    form = AuditSearchForm(request.GET or None)
    page = None
    filters = _audit_filters(form) if form.is_valid() and form.has_filters else None
    if filters is not None:
        page = Paginator(audit_entry_search(filters=filters), 50).get_page(request.GET.get("page"))
        case_numbers = case_numbers_by_ref(refs={e.participant_ref for e in page if e.participant_ref is not None})
        for entry in page:
            entry.case_number = case_numbers.get(entry.participant_ref or 0, "")  # type: ignore[attr-defined]
        if page.number == 1:
            used = sorted(name for name in form.fields if form.cleaned_data.get(name))
            audit_record(actor=request.user, action=AuditAction.AUDIT_SEARCH, participant_id=filters.participant_ref,
                         detail={"filters": used})
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("chain", None)
    context = {
        "form": form,
        "page": page,
        "participant_ref": filters.participant_ref if filters else None,
        "query": query.urlencode(),
        **(_chain_context() if check_chain else {}),
    }
    return render(request, "privacy/audit.html", context, status=400 if form.errors else 200)


def _chain_context() -> dict[str, object]:
    chain = audit_chain_check()
    return {
        "chain_checked": True,
        "chain_broken_at": chain.broken.sequence if chain.broken else None,
        "chain_break": chain.broken.message if chain.broken else "",
        "chain": chain,
    }


@require_safe
@allow(*PRIVACY_OFFICERS)
def audit_checkpoints(request: AuthenticatedRequest) -> HttpResponse:
    """Every signed checkpoint of the audit chain with the public key, as JSON: kept outside
    this system, it shows whether entries were later deleted (accounts/audit.py)."""
    audit_record(actor=request.user, action=AuditAction.AUDIT_CHECKPOINTS_EXPORT)
    return HttpResponse(
        json.dumps(audit_checkpoint_export(), indent=2),
        content_type="application/json",
        headers={
            "Content-Disposition": content_disposition_header(
                as_attachment=True, filename=f"audit-checkpoints-{timezone.localdate():%Y-%m-%d}.json"
            )
        },
    )


@require_safe
@allow(*PRIVACY_OFFICERS)
def audit_access_csv(request: AuthenticatedRequest) -> HttpResponse:
    """Who accessed or changed one participant's data, as CSV (the 72-hour breach answer)."""
    case_number = request.GET.get("case_number", "").strip().upper()
    participant_ref = participant_ref_by_case_number(case_number=case_number) if case_number else None
    if participant_ref is None:
        messages.error(request, MESSAGE_CASE_NUMBER_NEEDED)
        query = "?" + urlencode({"case_number": case_number}) if case_number else ""
        return redirect(reverse("privacy:audit") + query)
    content = services.audit_access_export(acting_user=request.user, participant_ref=participant_ref)
    return HttpResponse(
        content,
        content_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": content_disposition_header(
                as_attachment=True, filename=f"{case_number}-access-log.csv"
            )
        },
    )


@require_safe
@allow(*PRIVACY_OFFICERS)
def retention(request: AuthenticatedRequest) -> HttpResponse:
    """The retention dry run: who the next scheduled run would anonymise, and why (case numbers only)."""
    years = settings.REINTEGRA_RETENTION_YEARS
    due = retention_due_list(today=timezone.localdate(), years=years)
    audit_record(actor=request.user, action=AuditAction.RETENTION_DRY_RUN, detail={"due": len(due)})
    return render(request, "privacy/retention.html", {"due": due, "years": years})
