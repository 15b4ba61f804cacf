from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.audit import AuditItem, audit_record, audit_record_many
from accounts.models import Role
from accounts.policy import AuthenticatedRequest, allow, public
from certificates.access import (
    certificate_batch_issued,
    certificate_documents_available,
    certificate_get_for_user,
    session_get_for_user,
)
from certificates.archive import credential_file, print_run_entries, zip_stream
from certificates.forms import (
    BatchStartForm,
    BirthDateForm,
    CertificateIssueForm,
    CertificateRevokeForm,
    CredentialCheckForm,
)
from certificates.keys import issuer_key_document, status_list_credential
from certificates.labels import is_rtl, labels_for
from certificates.models import CertificateKind, CertificateStatus
from certificates.pdf import certificate_pdf
from certificates.selectors import (
    certificate_batch_latest,
    certificate_batch_progress,
    certificate_document,
    certificate_evidence,
    certificate_find_public,
    credential_verdict,
    session_certificate_candidates,
)
from certificates.services import (
    certificate_batch_start,
    certificate_batch_step,
    certificate_birth_date_confirm,
    certificate_express_issue,
    certificate_issue,
    certificate_revoke,
)
from certificates.tasks import certificate_batch_run_task, print_run_task
from certificates.verdicts import verdict_lines
from jobs.models import JobKind
from jobs.services import job_start, jobs_in_background
from participants.access import participant_get_for_user

CASE_STAFF = (Role.MANAGER, Role.COUNSELLOR)

MESSAGE_ISSUED = _("Certificate %(number)s issued.")
MESSAGE_NOT_ISSUED = _("No certificate issued: %(reasons)s")
MESSAGE_REVOKED = _("Certificate %(number)s revoked.")
MESSAGE_NOT_REVOKED = _("Not revoked: %(reasons)s")
MESSAGE_BATCH_STARTED = _("Issuing %(count)s certificates.")
MESSAGE_HOLDER_ERASED = _(
    "The holder's data were erased: this certificate's documents are no longer produced. Its number, "
    "status and dates stay on record, and the copy the person holds still verifies."
)
MESSAGE_BATCH_NOT_STARTED = _("Nothing issued: %(reasons)s")


def _holder_erased(request: AuthenticatedRequest) -> HttpResponse:
    """410 Gone, said in words: the certificate exists, its holder's documents do not any more."""
    return render(request, "certificates/holder_erased.html", {"message": MESSAGE_HOLDER_ERASED}, status=410)


def _attachment(content: bytes | str, *, content_type: str, filename: str) -> HttpResponse:
    return HttpResponse(
        content,
        content_type=content_type,
        headers={"Content-Disposition": content_disposition_header(as_attachment=True, filename=filename)},
    )


@require_POST
@allow(*CASE_STAFF, scope="site")
def issue(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = participant_get_for_user(user=request.user, pk=pk)
    form = CertificateIssueForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([error for errors in form.errors.values() for error in errors])
        certificate = certificate_issue(
            acting_user=request.user,
            participant=participant,
            kind=form.cleaned_data["kind"] or CertificateKind.CERTIFICATE,
            language=form.cleaned_data["language"] or None,
        )
    except ValidationError as error:
        messages.error(request, MESSAGE_NOT_ISSUED % {"reasons": "; ".join(error.messages)})
    else:
        messages.success(request, MESSAGE_ISSUED % {"number": certificate.number})
    return redirect("participants:case_file", pk=participant.pk)


@require_POST
@allow(*CASE_STAFF, scope="site")
def express_issue(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Express issue after the departure moved earlier: the documents the rule allows now."""
    participant = participant_get_for_user(user=request.user, pk=pk)
    form = CertificateIssueForm(request.POST)
    language = form.cleaned_data.get("language") if form.is_valid() else None
    try:
        certificate = certificate_express_issue(
            acting_user=request.user, participant=participant, language=language or None
        )
    except ValidationError as error:
        messages.error(request, MESSAGE_NOT_ISSUED % {"reasons": "; ".join(error.messages)})
    else:
        messages.success(request, MESSAGE_ISSUED % {"number": certificate.number})
    return redirect("participants:case_file", pk=participant.pk)


@require_GET
@allow(*CASE_STAFF, scope="site")
def evidence(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Why was this issued: attendance days with signatures and locks, the practical check,
    who issued it and the funding line, on one page."""
    certificate = certificate_get_for_user(user=request.user, pk=pk)
    if not certificate_documents_available(certificate):
        return _holder_erased(request)
    audit_record(actor=request.user, action="certificate.evidence_view", target=certificate,
                 participant_id=certificate.participant_id)
    return render(request, "certificates/evidence.html", {"evidence": certificate_evidence(certificate=certificate)})


@require_GET
@allow(*CASE_STAFF, scope="site")
def download(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    certificate = certificate_get_for_user(user=request.user, pk=pk)
    if not certificate_documents_available(certificate):
        return _holder_erased(request)
    pdf = certificate_pdf(certificate=certificate)
    audit_record(
        actor=request.user,
        action="certificate.download",
        target=certificate,
        participant_id=certificate.participant_id,
    )
    return _attachment(pdf, content_type="application/pdf", filename=f"{certificate.number}.pdf")


@require_GET
@allow(*CASE_STAFF, scope="site")
def credential(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The signed credential as issued (README: "The credential"), beside the PDF."""
    certificate = certificate_get_for_user(user=request.user, pk=pk)
    if not certificate_documents_available(certificate):
        return _holder_erased(request)
    audit_record(
        actor=request.user,
        action="certificate.download_credential",
        target=certificate,
        participant_id=certificate.participant_id,
    )
    return _attachment(
        credential_file(certificate), content_type="application/ld+json; charset=utf-8",
        filename=f"{certificate.number}.json",
    )


@require_POST
@allow(*CASE_STAFF, scope="site")
def revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    certificate = certificate_get_for_user(user=request.user, pk=pk)
    form = CertificateRevokeForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([error for errors in form.errors.values() for error in errors])
        certificate_revoke(acting_user=request.user, certificate=certificate, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, MESSAGE_NOT_REVOKED % {"reasons": "; ".join(error.messages)})
    else:
        messages.success(request, MESSAGE_REVOKED % {"number": certificate.number})
    return redirect("participants:case_file", pk=certificate.participant_id)


# Bulk issue per session -----------------------------------------------------------


@require_http_methods(["GET", "POST"])
@allow(*CASE_STAFF, scope="site")
def session_issue(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The session's participants and what each can be issued; POST starts a bulk issue."""
    session = session_get_for_user(user=request.user, pk=pk)
    if request.method == "POST":
        form = BatchStartForm(request.POST)
        form.is_valid()  # a checkbox: always valid
        try:
            started = certificate_batch_start(
                acting_user=request.user,
                session=session,
                include_attendance=form.cleaned_data.get("include_attendance", False),
            )
        except ValidationError as error:
            messages.error(request, MESSAGE_BATCH_NOT_STARTED % {"reasons": "; ".join(error.messages)})
        else:
            messages.success(request, MESSAGE_BATCH_STARTED % {"count": started.items.count()})
            if jobs_in_background():  # on the worker: it finishes when the page is closed (jobs/)
                job_start(kind=JobKind.CERTIFICATE_ISSUE, owner=request.user, task=certificate_batch_run_task,
                          params={"session": session.pk, "batch": started.pk})
        return redirect("certificates:session_issue", pk=session.pk)
    batch = certificate_batch_latest(session=session, user=request.user)
    return render(
        request,
        "certificates/session_issue.html",
        {
            "session": session,
            "candidates": session_certificate_candidates(session=session, user=request.user),
            "progress": certificate_batch_progress(batch=batch) if batch is not None else None,
            "form": BatchStartForm(),
        },
    )


@require_http_methods(["GET", "POST"])
@allow(*CASE_STAFF, scope="site")
def session_issue_progress(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The progress bar. With jobs in the background (jobs/) a worker issues and this only
    reads; otherwise each POST (htmx polls it) issues the next few certificates. GET only reads."""
    session = session_get_for_user(user=request.user, pk=pk)
    batch = certificate_batch_latest(session=session, user=request.user)
    if request.method == "POST" and batch is not None and batch.finished_at is None and not jobs_in_background():
        certificate_batch_step(batch=batch)
    if request.method == "POST" and not request.htmx:
        return redirect("certificates:session_issue", pk=session.pk)
    return render(
        request,
        "certificates/_batch_progress.html",
        {"session": session, "progress": certificate_batch_progress(batch=batch) if batch is not None else None},
    )


@require_GET
@allow(*CASE_STAFF, scope="site")
def session_issue_download(request: AuthenticatedRequest, pk: int) -> StreamingHttpResponse:
    """The PDFs of the user's latest bulk issue for the session, each with its signed
    credential, as one ZIP for printing and handing out (certificates/archive.py).

    Streamed while they are made (certificates.pdf.certificate_pdfs lays out each shared
    background once: ~55 ms per certificate). Every certificate handed out is audited."""
    session = session_get_for_user(user=request.user, pk=pk)
    batch = certificate_batch_latest(session=session, user=request.user)
    certificates = certificate_batch_issued(batch=batch, user=request.user) if batch is not None else []
    if not certificates:
        raise Http404
    audit_record_many(actor=request.user, action="certificate.download", items=[
        AuditItem(target=certificate, participant_id=certificate.participant_id,
                  detail={"batch": batch.pk if batch else None})
        for certificate in certificates
    ])
    entries = ((name, content) for _certificate, name, content in print_run_entries(certificates))
    return StreamingHttpResponse(
        zip_stream(entries),
        content_type="application/zip",
        headers={
            "Content-Disposition": content_disposition_header(
                as_attachment=True, filename=f"certificates-session-{session.pk}.zip"
            ),
            "Cache-Control": "no-store",
        },
    )


@require_POST
@allow(*CASE_STAFF, scope="site")
def session_issue_print(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Start a print run of the user's latest bulk issue as a job: the ZIP is written to
    private storage and downloaded from the job's page."""
    session = session_get_for_user(user=request.user, pk=pk)
    batch = certificate_batch_latest(session=session, user=request.user)
    if batch is None or batch.finished_at is None:
        raise Http404
    job = job_start(kind=JobKind.PRINT_RUN, owner=request.user, task=print_run_task,
                    params={"session": session.pk, "batch": batch.pk})
    return redirect("jobs:detail", pk=job.pk)


# Public: verification, issuer keys, status list -----------------------------------------


def _public_headers(response: HttpResponse) -> HttpResponse:
    # Personal data for whoever holds the number: not cached, not indexed, no referrer to
    # other sites ("same-origin", not "no-referrer": browsers then send `Origin: null` with
    # the page's own forms, which CSRF protection refuses).
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    return response


@require_http_methods(["GET", "POST"])
@public
def verify(request: HttpRequest, number: str) -> HttpResponse:
    """Is this certificate genuine? valid / revoked / superseded, or "unknown" (404).

    Shows what is needed to match the paper (number, kind, title, issue date, issuer, status)
    and the holder's name; the date of birth only as an answer to a date typed in (POST),
    never displayed. For a holder whose data were erased nothing identifying is shown, but
    the document's validity still is. Nothing for unknown numbers."""
    certificate = certificate_find_public(number=number)
    if certificate is None:
        response = render(request, "certificates/verify.html", {"status": "unknown", "number": ""}, status=404)
        return _public_headers(response)
    birth_date_form = BirthDateForm(request.POST if request.method == "POST" else None)
    answer = None
    if request.method == "POST" and birth_date_form.is_valid():
        answer = certificate_birth_date_confirm(
            certificate=certificate, birth_date=birth_date_form.cleaned_data["birth_date"]
        )
        birth_date_form = BirthDateForm()  # answered: the date typed is not shown back either
    document = certificate_document(certificate=certificate)
    labels = labels_for(certificate.language)
    participant = document.participant
    context = {
        "status": certificate.status,
        "status_local": labels[f"status_{certificate.status}"],
        "status_language": certificate.language,
        "status_rtl": is_rtl(certificate.language),
        "certificate": certificate,
        "trades": document.trades,
        "erased": participant.anonymised_at is not None,
        "holder_name": participant.full_name if participant.anonymised_at is None else "",
        "revoked": certificate.status == CertificateStatus.REVOKED,
        "provider_name": settings.REINTEGRA_PROVIDER_NAME,
        "birth_date_form": birth_date_form,
        "birth_date_answer": answer,
        "check_form": CredentialCheckForm(),
    }
    return _public_headers(render(request, "certificates/verify.html", context))


@require_http_methods(["GET", "POST"])
@public
def verify_credential(request: HttpRequest) -> HttpResponse:
    """Anyone may paste or upload a credential JSON and get the verdict with its reason
    (signature, issuer key, revocation, validity period) in German, English and the
    certificate's third language. The credential is checked, not stored, and nothing from
    it about the person is echoed."""
    form = CredentialCheckForm(request.POST or None, request.FILES or None)
    verdict = None
    if request.method == "POST" and form.is_valid():
        verdict = credential_verdict(document=form.cleaned_data["document"], now=timezone.now())
        form = CredentialCheckForm()  # checked: nothing of it is shown back
    third = verdict.certificate.language if verdict and verdict.certificate else None
    context = {
        "check_form": form,
        "verdict": verdict,
        "verdict_lines": [
            {"language": language, "text": text, "rtl": is_rtl(language)}
            for language, text in verdict_lines(verdict.code if verdict else "valid", third_language=third)
        ] if verdict else [],
    }
    return _public_headers(render(request, "certificates/verify_credential.html", context))


@require_GET
@public
def issuer(request: HttpRequest) -> HttpResponse:
    """The issuer key document: every public key credentials were ever signed with."""
    return JsonResponse(issuer_key_document(), json_dumps_params={"ensure_ascii": False, "indent": 2})


@require_GET
@public
def status_list(request: HttpRequest) -> HttpResponse:
    """The signed revocation status list (a bitstring: says which indexes, never which numbers)."""
    response = JsonResponse(status_list_credential(), json_dumps_params={"indent": 2})
    response["Cache-Control"] = "max-age=300"
    return response
