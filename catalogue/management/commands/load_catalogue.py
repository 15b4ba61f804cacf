"""Load the trades and modules from catalogue/data/catalogue.json (or another file).

Idempotent: trades and modules are matched by code and updated in place, prerequisites
are set to exactly what the file says. All or nothing: one transaction, and the file is
checked completely before anything is written.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from catalogue.models import Module, Trade

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "data" / "catalogue.json"

TRADE_FIELDS = ["name_de", "name_en", "position"]


def _text(value: Any) -> str:
    """Learning outcomes are written as a list of lines in the file, stored as lines of text."""
    if isinstance(value, list):
        return "\n".join(str(line).strip() for line in value)
    return str(value or "").strip()


def catalogue_read(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Read and check the file: every reference must resolve, before the database is touched."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise CommandError(f"Catalogue file not found: {path}") from error
    except json.JSONDecodeError as error:
        raise CommandError(f"{path} is not valid JSON: {error}") from error
    trades = data.get("trades") or []
    modules = data.get("modules") or []
    trade_codes = [trade["code"] for trade in trades]
    module_codes = [module["code"] for module in modules]
    problems: list[str] = []
    for kind, codes in (("trade", trade_codes), ("module", module_codes)):
        duplicates = sorted({code for code in codes if codes.count(code) > 1})
        if duplicates:
            problems.append(f"duplicate {kind} codes: {', '.join(duplicates)}")
    for module in modules:
        code = module["code"]
        if module.get("trade") not in trade_codes:
            problems.append(f"{code}: unknown trade {module.get('trade')!r}")
        try:
            if Decimal(str(module.get("hours"))) <= 0:
                problems.append(f"{code}: hours must be positive")
        except InvalidOperation:
            problems.append(f"{code}: hours {module.get('hours')!r} is not a number")
        for prerequisite in module.get("prerequisites", []):
            if prerequisite not in module_codes:
                problems.append(f"{code}: unknown prerequisite {prerequisite!r}")
            if prerequisite == code:
                problems.append(f"{code}: a module cannot be its own prerequisite")
    if problems:
        raise CommandError("The catalogue file has errors:\n  " + "\n  ".join(problems))
    return {"trades": trades, "modules": modules}


class Command(BaseCommand):
    help = "Load (or update) the trades and modules of the catalogue from a JSON file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file", type=Path, default=DEFAULT_PATH, help=f"JSON file to load (default: {DEFAULT_PATH})"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        data = catalogue_read(options["file"])
        try:
            counts = self._load(data)
        except ValidationError as error:
            raise CommandError(f"The catalogue was not loaded (nothing was changed): {error}") from error
        self.stdout.write(
            self.style.SUCCESS(
                "Catalogue loaded: {trades} trades ({trades_new} new), {modules} modules ({modules_new} new), "
                "{links} prerequisite links.".format(**counts)
            )
        )

    @transaction.atomic
    def _load(self, data: dict[str, list[dict[str, Any]]]) -> dict[str, int]:
        counts = {"trades": 0, "trades_new": 0, "modules": 0, "modules_new": 0, "links": 0}
        trades: dict[str, Trade] = {}
        for row in data["trades"]:
            trade = Trade.objects.filter(code=row["code"]).first() or Trade(code=row["code"])
            counts["trades_new"] += trade.pk is None
            for field in TRADE_FIELDS:
                setattr(trade, field, row[field])
            trade.full_clean()
            trade.save()
            trades[trade.code] = trade
            counts["trades"] += 1
        modules: dict[str, Module] = {}
        for row in data["modules"]:
            module = Module.objects.filter(code=row["code"]).first() or Module(code=row["code"])
            counts["modules_new"] += module.pk is None
            module.trade = trades[row["trade"]]
            module.title_de = row["title_de"].strip()
            module.title_en = row["title_en"].strip()
            module.hours = Decimal(str(row["hours"]))
            module.learning_outcomes_de = _text(row.get("learning_outcomes_de"))
            module.learning_outcomes_en = _text(row.get("learning_outcomes_en"))
            module.full_clean()
            module.save()
            modules[module.code] = module
            counts["modules"] += 1
        for row in data["modules"]:
            prerequisites = [modules[code] for code in row.get("prerequisites", [])]
            modules[row["code"]].prerequisites.set(prerequisites)
            counts["links"] += len(prerequisites)
        return counts
