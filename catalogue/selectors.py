from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from catalogue.models import Module, Trade


def trade_list_with_modules() -> QuerySet[Trade]:
    return Trade.objects.prefetch_related(
        Prefetch("modules", queryset=Module.objects.prefetch_related("prerequisites", "translations").order_by("code"))
    )


def module_for_editing(*, pk: int) -> Module:
    """One module with its trade, translations and skills (404 if unknown)."""
    return get_object_or_404(
        Module.objects.select_related("trade").prefetch_related("translations", "skills"), pk=pk
    )
