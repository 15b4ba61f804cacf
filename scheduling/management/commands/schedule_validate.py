"""`manage.py schedule_validate --instance i.json --solution s.json`: check a solution.

Both files in the neutral format (docs/scheduler-json.md). The validator (solver/validate.py)
checks every hard rule and that the claimed completed plans and hours are what the
assignments give; a solution without `completed` is scored first. Exit status 1 if any rule
is broken, so scripts can rely on it."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from scheduling.solver import validate
from scheduling.solver.jsonio import instance_from_json, solution_from_json
from scheduling.solver.prepare import Index, score


class Command(BaseCommand):
    help = "Check a scheduler solution against an instance (neutral JSON format) with the validator."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--instance", required=True)
        parser.add_argument("--solution", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with open(options["instance"], encoding="utf-8") as handle:
                instance = instance_from_json(json.load(handle))
            with open(options["solution"], encoding="utf-8") as handle:
                raw = json.load(handle)
                solution = solution_from_json(raw)
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise CommandError(f"Cannot read the files: {error}") from error
        if "completed" not in raw:
            solution = score(Index(instance), solution.assignments, solution.method)
        problems = validate(instance, solution)
        for problem in problems[:50]:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"invalid: {len(problems)} rule(s) broken")
        self.stdout.write(
            f"valid: {len(solution.assignments)} assignments, {solution.completed_count} completed plans, "
            f"{solution.hours:g} module hours"
        )
