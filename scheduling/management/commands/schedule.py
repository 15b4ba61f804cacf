"""`manage.py schedule`: run the optimiser here, with a progress bar, and keep its proposal.

The proposal is stored as a schedule run like one started from the web; a manager reviews
and applies it there (or pass --apply with --user to apply it at once)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from accounts.models import Role, User
from scheduling import services
from scheduling.models import ScheduleRun
from scheduling.solver import Progress


class Command(BaseCommand):
    help = "Run the deadline-aware optimiser with a progress bar and store its proposal."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--time-limit", type=int, default=20, help="seconds (default 20)")
        parser.add_argument("--user", help="username of the manager the run is recorded for")
        parser.add_argument("--apply", action="store_true", help="apply the proposal at once (needs --user)")

    def handle(self, *args: Any, **options: Any) -> None:
        user = None
        if options["user"]:
            user = User.objects.filter(username=options["user"], role=Role.MANAGER).first()
            if user is None:
                raise CommandError("No manager with that username.")
        if options["apply"] and user is None:
            raise CommandError("--apply needs --user.")
        run = ScheduleRun.objects.create(created_by=user, time_limit=options["time_limit"])
        bar = tqdm(total=100, unit="%", desc="optimiser", file=self.stdout._out)

        def show(progress: Progress) -> None:
            bar.n = round(progress.fraction * 100)
            bar.set_postfix(best=progress.best_completed, bound=progress.bound if progress.bound is not None else "?")
            bar.refresh()

        run = services.schedule_run_execute(run_id=run.pk, on_progress=show)
        bar.n = 100
        bar.refresh()
        bar.close()
        self.stdout.write(
            f"run #{run.pk}: {run.participants} participants; completed plans now {run.completed_before}, "
            f"first come first served {run.greedy_completed}, proposal {run.best_completed}, bound {run.bound}; "
            f"{run.moves.count()} enrolments proposed, {run.risks.count()} plans still at risk"
        )
        if options["apply"] and user is not None:
            count = services.schedule_run_apply(acting_user=user, run=run)
            self.stdout.write(f"applied: {count} enrolments")
