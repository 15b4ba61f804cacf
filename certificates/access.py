"""Fetch-and-authorise for certificates: 404 for both "missing" and "not yours"."""

from __future__ import annotations

from django.http import Http404

from accounts.models import Role, User
from certificates.models import Certificate, CertificateBatch
from participants.access import participant_queryset_for_user
from scheduling.models import Session


def certificate_get_for_user(*, user: User, pk: int) -> Certificate:
    """A certificate whose participant the user may see (managers all, counsellors own site)."""
    visible = participant_queryset_for_user(user=user)
    try:
        return Certificate.objects.select_related("participant", "plan").get(pk=pk, participant__in=visible)
    except Certificate.DoesNotExist as exc:
        raise Http404 from exc


def session_get_for_user(*, user: User, pk: int) -> Session:
    """A session whose certificates the user may issue: managers all, counsellors their site's."""
    sessions = Session.objects.select_related("module", "site")
    if user.role == Role.MANAGER:
        visible = sessions
    elif user.role == Role.COUNSELLOR and user.site_id is not None:
        visible = sessions.filter(site_id=user.site_id)
    else:
        visible = sessions.none()
    try:
        return visible.get(pk=pk)
    except Session.DoesNotExist as exc:
        raise Http404 from exc


def certificate_batch_issued(*, batch: CertificateBatch, user: User) -> list[Certificate]:
    """The certificates a bulk issue produced, in its order, as far as the user may see
    their participants (a counsellor moved to another site sees none of the old site's)."""
    visible = participant_queryset_for_user(user=user)
    items = (
        batch.items.filter(certificate__isnull=False, participant__in=visible)
        .select_related("certificate__participant", "certificate__plan")
        .order_by("position")
    )
    return [item.certificate for item in items if item.certificate is not None]


def can_issue_certificates(user: User) -> bool:
    """Issue certificates (one person, or a session's in bulk): managers and counsellors."""
    return user.role in (Role.MANAGER, Role.COUNSELLOR)
