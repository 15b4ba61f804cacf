"""Which participants the privacy views may act on.

Export: the people on the user's caseload (managers all, counsellors their site), via
participants.access. Erasure and the audit search: managers and the data protection
officer, by case number, for every participant; the DPO acts on requests and checks
the trail but is never shown the case file itself.
"""

from __future__ import annotations

from django.http import Http404

from accounts.models import Role, User
from participants.models import Participant

ERASURE_ROLES = (Role.MANAGER, Role.DPO)


def participant_get_by_case_number(*, user: User, case_number: str) -> Participant:
    """The participant with this case number, for a manager or the DPO; 404 otherwise."""
    if user.role not in ERASURE_ROLES:
        raise Http404
    try:
        return Participant.objects.select_related("site").get(case_number=case_number)
    except Participant.DoesNotExist as exc:
        raise Http404 from exc


def can_erase(user: User) -> bool:
    return user.role in ERASURE_ROLES
