"""Fetch-and-authorise for the portal: a participant reaches only their own records.

Both "missing" and "not yours" are a 404, as everywhere else.
"""

from __future__ import annotations

from django.http import Http404

from accounts.models import Role, User
from certificates.models import Certificate, CertificateStatus
from portal.models import PortalAccount


def portal_account_for_user(*, user: User) -> PortalAccount:
    """The logged-in participant's own account (a participant login without one sees nothing,
    and neither does the login of a person who was erased)."""
    if user.role != Role.PARTICIPANT or not user.is_active:
        raise Http404
    try:
        return PortalAccount.objects.select_related(
            "user", "participant", "participant__site", "participant__counsellor"
        ).get(user=user, participant__anonymised_at__isnull=True)
    except PortalAccount.DoesNotExist as exc:
        raise Http404 from exc


def portal_certificate_get(*, account: PortalAccount, pk: int) -> Certificate:
    """One of the participant's own valid certificates (none once the person was erased)."""
    try:
        return Certificate.objects.select_related("participant", "plan").get(
            pk=pk, participant_id=account.participant_id, status=CertificateStatus.VALID,
            participant__anonymised_at__isnull=True,
        )
    except Certificate.DoesNotExist as exc:
        raise Http404 from exc
