"""Load the trades and modules from catalogue/data/catalogue.json (or another file), and
the skills each module teaches from catalogue/data/module_skills.json (`--skills`).

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

from catalogue.languages import TRANSLATED_LANGUAGES
from catalogue.models import Module, ModuleSkill, ModuleTranslation, Trade, TradeTranslation

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "data" / "catalogue.json"
SKILLS_PATH = Path(__file__).resolve().parents[2] / "data" / "module_skills.json"
TRANSLATIONS_PATH = Path(__file__).resolve().parents[2] / "data" / "translations.json"
SKILL_URI_PREFIXES = ("http://data.europa.eu/esco/skill/", "urn:reintegra:skill:")

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


def module_skills_read(path: Path, module_codes: list[str]) -> dict[str, dict[str, Any]]:
    """Skills and languages per module code, checked before anything is written."""
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8")).get("modules") or {}
    except json.JSONDecodeError as error:
        raise CommandError(f"{path} is not valid JSON: {error}") from error
    problems: list[str] = []
    for code, entry in data.items():
        if code not in module_codes:
            problems.append(f"{code}: not a module of the catalogue")
        for skill in entry.get("skills", []):
            if not str(skill.get("skill", "")).startswith(SKILL_URI_PREFIXES):
                problems.append(f"{code}: {skill.get('skill')!r} is neither an ESCO skill URI nor urn:reintegra:skill:")
            if skill.get("level") not in (1, 2, 3, 4):
                problems.append(f"{code}: level {skill.get('level')!r} is not 1-4")
        languages = entry.get("instruction_languages", ["de"])
        if not isinstance(languages, list) or not all(isinstance(x, str) and 2 <= len(x) <= 3 for x in languages):
            problems.append(f"{code}: instruction_languages must be a list of ISO 639 codes")
    if problems:
        raise CommandError(f"{path} has errors:\n  " + "\n  ".join(problems))
    return dict(data)


def translations_read(path: Path, trade_codes: list[str], module_codes: list[str]) -> dict[str, Any]:
    """Draft names and titles per participant language, checked before anything is written."""
    if not path.exists():
        return {"trades": {}, "modules": {}}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise CommandError(f"{path} is not valid JSON: {error}") from error
    problems: list[str] = []
    for kind, known in (("trades", trade_codes), ("modules", module_codes)):
        for code, texts in (data.get(kind) or {}).items():
            if code not in known:
                problems.append(f"{code}: not a {kind[:-1]} of the catalogue")
            problems += [f"{code}: {language!r} is not a participant language" for language in texts
                         if language not in TRANSLATED_LANGUAGES]
    if problems:
        raise CommandError(f"{path} has errors:\n  " + "\n  ".join(problems))
    return {"trades": data.get("trades") or {}, "modules": data.get("modules") or {}}


class Command(BaseCommand):
    help = "Load (or update) the trades and modules of the catalogue from a JSON file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file", type=Path, default=DEFAULT_PATH, help=f"JSON file to load (default: {DEFAULT_PATH})"
        )
        parser.add_argument(
            "--skills", type=Path, default=SKILLS_PATH, help=f"module skills JSON (default: {SKILLS_PATH})"
        )
        parser.add_argument(
            "--translations", type=Path, default=TRANSLATIONS_PATH,
            help=f"draft titles per participant language (default: {TRANSLATIONS_PATH})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        data = catalogue_read(options["file"])
        skills = module_skills_read(options["skills"], [module["code"] for module in data["modules"]])
        translations = translations_read(
            options["translations"], [trade["code"] for trade in data["trades"]],
            [module["code"] for module in data["modules"]],
        )
        try:
            with transaction.atomic():  # all or nothing, translations included
                counts = self._load(data, skills)
                counts["translations_new"] = self._load_translations(translations)
        except ValidationError as error:
            raise CommandError(f"The catalogue was not loaded (nothing was changed): {error}") from error
        self.stdout.write(
            self.style.SUCCESS(
                "Catalogue loaded: {trades} trades ({trades_new} new), {modules} modules ({modules_new} new), "
                "{links} prerequisite links, {skills} module skills, "
                "{translations_new} new draft translations.".format(**counts)
            )
        )

    @transaction.atomic
    def _load(self, data: dict[str, list[dict[str, Any]]], skills: dict[str, dict[str, Any]]) -> dict[str, int]:
        counts = {"trades": 0, "trades_new": 0, "modules": 0, "modules_new": 0, "links": 0, "skills": 0}
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
            if row["code"] in skills:
                module.instruction_languages = skills[row["code"]].get("instruction_languages", ["de"])
            module.full_clean()
            module.save()
            modules[module.code] = module
            counts["modules"] += 1
        for row in data["modules"]:
            prerequisites = [modules[code] for code in row.get("prerequisites", [])]
            modules[row["code"]].prerequisites.set(prerequisites)
            counts["links"] += len(prerequisites)
        for code, entry in skills.items():
            modules[code].skills.all().delete()
            for skill in entry.get("skills", []):
                module_skill = ModuleSkill(module=modules[code], skill_uri=skill["skill"], level=skill["level"])
                module_skill.full_clean()
                module_skill.save()
                counts["skills"] += 1
        return counts

    @transaction.atomic
    def _load_translations(self, translations: dict[str, Any]) -> int:
        """Add the drafts a record lacks, unreviewed; never overwrite what a manager wrote or checked."""
        created = 0
        trades = {trade.code: trade for trade in Trade.objects.all()}
        modules = {module.code: module for module in Module.objects.all()}
        for code, texts in translations["trades"].items():
            for language, name in texts.items():
                _row, new = TradeTranslation.objects.get_or_create(
                    trade=trades[code], language=language,
                    defaults={"name": name.strip(), "reviewed_by_native_speaker": False},
                )
                created += new
        for code, texts in translations["modules"].items():
            for language, title in texts.items():
                _module_row, new = ModuleTranslation.objects.get_or_create(
                    module=modules[code], language=language,
                    defaults={"title": title.strip(), "reviewed_by_native_speaker": False},
                )
                created += new
        return created
