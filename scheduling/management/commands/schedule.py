"""`manage.py schedule`: run the optimiser here, with a progress bar, and keep its proposal.

The proposal is stored as a schedule run like one started from the web; a manager reviews
and applies it there (or pass --apply with --user to apply it at once).

With `--instance file.json` it touches no database: it solves an instance in the neutral
format (docs/scheduler-json.md), prints the greedies, the answer and the bound, checks the
answer with the validator and writes it with `--out`."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from accounts.models import Role, User
from scheduling import services
from scheduling.models import ScheduleRun
from scheduling.solver import Options, Progress, greedy_edf, greedy_fcfs, greedy_whole_edf, solve, validate
from scheduling.solver.bound import class_bound
from scheduling.solver.jsonio import instance_from_json, solution_to_json
from scheduling.solver.prepare import Index


class Command(BaseCommand):
    help = "Run the deadline-aware optimiser with a progress bar and store its proposal."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--time-limit", type=int, default=20, help="seconds (default 20)")
        parser.add_argument("--user", help="username of the manager the run is recorded for")
        parser.add_argument("--apply", action="store_true", help="apply the proposal at once (needs --user)")
        parser.add_argument("--instance", help="solve this JSON instance instead of the database (no run is stored)")
        parser.add_argument("--out", help="with --instance: write the solution here as JSON")
        parser.add_argument("--workers", type=int, default=1, help="CP-SAT workers (default 1)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["instance"]:
            self._solve_file(options)
            return
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

    def _solve_file(self, options: dict[str, Any]) -> None:
        try:
            with open(options["instance"], encoding="utf-8") as handle:
                instance = instance_from_json(json.load(handle))
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise CommandError(f"Cannot read the instance: {error}") from error
        index = Index(instance)
        greedies = [greedy_fcfs(instance, index), greedy_edf(instance, index), greedy_whole_edf(instance, index)]
        bound = class_bound(instance, index)
        best = solve(instance, Options(time_limit=options["time_limit"], num_workers=options["workers"]))
        problems = validate(instance, best)
        figures = ", ".join(f"{g.method} {g.completed_count}" for g in greedies)
        self.stdout.write(
            f"{len(instance.participants)} participants, {len(instance.sessions)} sessions: {figures}; "
            f"optimiser {best.completed_count} ({best.seconds:.1f} s); bound {bound}; "
            f"valid: {'yes' if not problems else 'NO'}"
        )
        for problem in problems[:20]:
            self.stderr.write(problem)
        if options["out"]:
            with open(options["out"], "w", encoding="utf-8") as handle:
                json.dump(solution_to_json(best, bound=bound), handle)
        if problems:
            raise CommandError(f"{len(problems)} rule(s) broken")
