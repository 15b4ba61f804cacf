"""Reads about funding lines."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from accounts.models import User
from funding.access import can_see_every_line, sees_own_lines_only
from funding.models import FundingLine


def funding_line_list() -> QuerySet[FundingLine]:
    return FundingLine.objects.select_related("funder", "project").order_by("funder__name", "project_number")


def lines_visible_to(user: User) -> QuerySet[FundingLine]:
    """The funding lines whose figures `user` may see: managers and the DPO all, a funder
    account only its own funder's lines (none without a funder), everyone else none.

    Reporting and exports filter their records with `funding_line__in=lines_visible_to(user)`.
    """
    lines = funding_line_list()
    if can_see_every_line(user):
        return lines
    if sees_own_lines_only(user) and user.funder_id is not None:
        return lines.filter(funder_id=user.funder_id)
    return lines.none()


def _records_of_line(relation: str) -> Coalesce:
    """How many records of the reverse `relation` a line pays for, as a correlated subquery:
    three counts joined in one GROUP BY would multiply the rows (participants × sessions × …)."""
    model = FundingLine._meta.get_field(relation).related_model
    counted = (
        model._default_manager.filter(funding_line=OuterRef("pk"))  # type: ignore[union-attr]
        .order_by().values("funding_line").annotate(n=Count("pk")).values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def funding_line_list_with_counts(*, user: User) -> QuerySet[FundingLine]:
    """Visible lines with how many participants, sessions and certificates each pays for (one query)."""
    return lines_visible_to(user).annotate(
        participant_count=_records_of_line("participants"),
        session_count=_records_of_line("sessions"),
        certificate_count=_records_of_line("certificates"),
    )
