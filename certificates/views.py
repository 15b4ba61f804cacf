from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from accounts.audit import audit_record
from accounts.models import Role
from accounts.policy import AuthenticatedRequest, allow
from certificates.access import certificate_get_for_user
from certificates.pdf import certificate_pdf
from certificates.services import certificate_issue
from participants.access import participant_get_for_user

CASE_STAFF = (Role.MANAGER, Role.COUNSELLOR)

MESSAGE_ISSUED = _("Certificate %(number)s issued.")
MESSAGE_NOT_ISSUED = _("No certificate issued: %(reasons)s")


@require_POST
@allow(*CASE_STAFF, scope="site")
def issue(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = participant_get_for_user(user=request.user, pk=pk)
    try:
        certificate = certificate_issue(acting_user=request.user, participant=participant)
    except ValidationError as error:
        messages.error(request, MESSAGE_NOT_ISSUED % {"reasons": "; ".join(error.messages)})
    else:
        messages.success(request, MESSAGE_ISSUED % {"number": certificate.number})
    return redirect("participants:case_file", pk=participant.pk)


@require_GET
@allow(*CASE_STAFF, scope="site")
def download(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    certificate = certificate_get_for_user(user=request.user, pk=pk)
    pdf = certificate_pdf(certificate=certificate)
    audit_record(
        actor=request.user,
        action="certificate.download",
        target=certificate,
        participant_id=certificate.participant_id,
    )
    return HttpResponse(
        pdf,
        content_type="application/pdf",
        headers={
            "Content-Disposition": content_disposition_header(
                as_attachment=True, filename=f"{certificate.number}.pdf"
            )
        },
    )
