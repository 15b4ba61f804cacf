"""Fetch-and-authorise for certificates: 404 for both "missing" and "not yours"."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from accounts.audit import audit_read
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


def certificate_documents_available(certificate: Certificate) -> bool:
    """Whether the certificate's documents (PDF, stored credential, evidence) may still be
    produced: not once its holder was erased. The number, status and dates stay on record,
    and the copy the person holds still verifies on the public page."""
    return certificate.participant.anonymised_at is None


def _sessions_for_user(*, user: User) -> QuerySet[Session]:
    """Sessions whose certificates the user may issue: managers all, counsellors their site's."""
    sessions = Session.objects.select_related("module", "site")
    if user.role == Role.MANAGER:
        return sessions
    if user.role == Role.COUNSELLOR and user.site_id is not None:
        return sessions.filter(site_id=user.site_id)
    return sessions.none()


def can_issue_session_certificates(user: User, session: Session) -> bool:
    """Whether the session page may offer "Issue certificates for this session" (the same
    rule session_get_for_user enforces, asked without a query)."""
    if user.role == Role.MANAGER:
        return True
    return user.role == Role.COUNSELLOR and user.site_id is not None and session.site_id == user.site_id


def session_get_for_user(*, user: User, pk: int) -> Session:
    """A session whose certificates the user may issue: managers all, counsellors their site's."""
    try:
        session = _sessions_for_user(user=user).get(pk=pk)
    except Session.DoesNotExist as exc:
        raise Http404 from exc
    # the page lists who is due a certificate: one audited read naming them
    audit_read(actor=user, participant_ids=session.enrolments.values_list("participant_id", flat=True), target=session)
    return session


def certificate_batch_issued(*, batch: CertificateBatch, user: User) -> list[Certificate]:
    """The certificates a bulk issue produced, in its order, as far as the user may see
    their participants (a counsellor moved to another site sees none of the old site's);
    an erased person's certificate is never printed again."""
    visible = participant_queryset_for_user(user=user)
    items = (
        batch.items.filter(certificate__isnull=False, participant__in=visible, participant__anonymised_at__isnull=True)
        .select_related("certificate__participant", "certificate__plan")
        .order_by("position")
    )
    return [item.certificate for item in items if item.certificate is not None]


def can_issue_certificates(user: User) -> bool:
    """Issue certificates (one person, or a session's in bulk): managers and counsellors."""
    return user.role in (Role.MANAGER, Role.COUNSELLOR)
