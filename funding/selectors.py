"""Reads about funding lines."""

from __future__ import annotations

from django.db.models import QuerySet

from funding.models import FundingLine


def funding_line_list() -> QuerySet[FundingLine]:
    return FundingLine.objects.select_related("funder", "project").order_by("funder__name", "project_number")
