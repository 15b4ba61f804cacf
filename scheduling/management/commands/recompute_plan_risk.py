"""`manage.py recompute_plan_risk`: rebuild every stored "plan at risk" verdict, with a progress bar.

The services keep the verdicts right as things change (scheduling/risk.py); run this nightly
(days passing close sessions to newcomers) and after a bulk import that bypassed the services."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand
from tqdm import tqdm

from scheduling.models import PlanRisk
from scheduling.risk import CHUNK, plan_risk_rebuild


class Command(BaseCommand):
    help = "Recompute the stored plan-at-risk verdict of every participant with an agreed plan."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--chunk", type=int, default=CHUNK, help=f"participants per transaction (default {CHUNK})")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        bar = tqdm(total=0, unit="people", desc="plans at risk", file=self.stderr._out)

        def show(done: int, total: int) -> None:
            bar.total = total
            bar.n = done
            bar.refresh()

        total = plan_risk_rebuild(chunk=options["chunk"], on_progress=show)
        bar.total = bar.n = total
        bar.refresh()
        bar.close()
        at_risk = PlanRisk.objects.filter(at_risk=True).count()
        self.stdout.write(
            f"{total} participants judged, {at_risk} plans at risk, {time.perf_counter() - started:.1f} s"
        )
