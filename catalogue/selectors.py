from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from catalogue.models import Module, Trade


def trade_list_with_modules() -> QuerySet[Trade]:
    return Trade.objects.prefetch_related(
        Prefetch("modules", queryset=Module.objects.prefetch_related("prerequisites").order_by("code"))
    )
