"""Reads about funding lines."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from accounts.models import Role, User
from funding.models import FundingLine


def funding_line_list() -> QuerySet[FundingLine]:
    return FundingLine.objects.select_related("funder", "project").order_by("funder__name", "project_number")


def lines_visible_to(user: User) -> QuerySet[FundingLine]:
    """The funding lines whose figures `user` may see: managers and the DPO all, a funder
    account only its own funder's lines (none without a funder), everyone else none.

    Reporting and exports filter their records with `funding_line__in=lines_visible_to(user)`.
    """
    lines = funding_line_list()
    if user.role in (Role.MANAGER, Role.DPO):
        return lines
    if user.role == Role.FUNDER and user.funder_id is not None:
        return lines.filter(funder_id=user.funder_id)
    return lines.none()


def funding_line_list_with_counts(*, user: User) -> QuerySet[FundingLine]:
    """Visible lines with how many participants, sessions and certificates each pays for (one query)."""
    return lines_visible_to(user).annotate(
        participant_count=Count("participants", distinct=True),
        session_count=Count("sessions", distinct=True),
        certificate_count=Count("certificates", distinct=True),
    )
