"""What each app holds about a person, declared next to its models; privacy only collects.

Each app with personal data has a `personal_data.py` that calls `register()` with one
`Contribution`: the part of the person's data export it fills (JSON section, PDF partial and
its labels), what its erasure removes, and one `Holding` per model linked to a participant
saying where that model's rows go in the export and what erasure does with them — or why the
model holds nothing about the person. `PrivacyConfig.ready()` imports every app's module
(`autodiscover_modules("personal_data")`), so privacy imports no app statically and a model
nobody declared fails `privacy/tests/test_registry.py`.

This module imports no app: it sits on the ground floor, below the apps that register here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import timezone, translation

#: what replaces a removed name or a free text that must not stay empty
ANONYMISED_NAME = "—"


@dataclass
class Erasure:
    """One erasure in progress, handed to every contribution's `erase` in turn.

    `participant` is the person's row, locked for the transaction. Contributions add the
    paths (relative to MEDIA_ROOT) of files that hold something about the person to
    `files`; privacy deletes them once the transaction has committed, so a rolled-back
    erasure keeps its evidence.
    """

    participant: Any
    acting_user: Any
    reason: str
    erased_at: dt.datetime = field(default_factory=timezone.now)
    files: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Holding:
    """One model linked to a participant, and what happens to its rows.

    `exported_in`: the export section that carries its rows ("" = not exported).
    `erasure`: what erasure does with its rows, in words (shown in the README's table).
    `nothing_personal`: set instead of both when the model holds nothing about the person
    beyond the link itself; say why.
    """

    model: type[models.Model]
    exported_in: str = ""
    erasure: str = ""
    nothing_personal: str = ""

    def __post_init__(self) -> None:
        if self.nothing_personal and (self.exported_in or self.erasure):
            raise ValueError(f"{self.model._meta.label}: 'nothing personal' excludes export and erasure")
        if not (self.nothing_personal or self.exported_in or self.erasure):
            raise ValueError(f"{self.model._meta.label}: say where it is exported, how it is erased, or why neither")


ExportFunction = Callable[[Any], dict[str, Any]]
EraseFunction = Callable[[Erasure], None]
LabelFunction = Callable[[dict[str, Any]], None]


@dataclass(frozen=True)
class Contribution:
    """One app's part of the export and of the erasure.

    `order`: position of its sections in the export and the PDF (stage order, low first).
    `export(participant)`: its sections as JSON-ready data, a fixed number of queries.
    `erase(erasure)`: removes what identifies the person, keeps what the figures count.
    `pdf_template`: a partial rendered with `export` (the whole labelled export) in the PDF.
    `pdf_labels(view)`: adds readable `*_label` keys to its sections of the PDF's copy.
    `last_activity`: (model, path to the participant, date field) whose latest value counts
    as activity for the retention rule.
    `orphans()`: stored files of the app that no row names any more (relative to MEDIA_ROOT);
    erasure deletes them too, as nobody can tell whose they were.
    """

    app_label: str
    order: int
    holdings: tuple[Holding, ...]
    export: ExportFunction | None = None
    erase: EraseFunction | None = None
    pdf_template: str = ""
    pdf_labels: LabelFunction | None = None
    last_activity: tuple[tuple[type[models.Model], str, str], ...] = ()
    orphans: Callable[[], list[str]] | None = None


_CONTRIBUTIONS: dict[str, Contribution] = {}


def register(contribution: Contribution) -> Contribution:
    """Record an app's contribution (called once, when its personal_data module is imported)."""
    known = _CONTRIBUTIONS.get(contribution.app_label)
    if known is not None and known is not contribution:
        raise ValueError(f"{contribution.app_label} registered its personal data twice")
    _CONTRIBUTIONS[contribution.app_label] = contribution
    return contribution


def contributions() -> list[Contribution]:
    """Every registered contribution, in stage order."""
    return sorted(_CONTRIBUTIONS.values(), key=lambda contribution: (contribution.order, contribution.app_label))


def holdings() -> dict[type[models.Model], Holding]:
    """Every declared model and its holding (a model declared twice is an error)."""
    found: dict[type[models.Model], Holding] = {}
    for contribution in contributions():
        for holding in contribution.holdings:
            if holding.model in found:
                raise ValueError(f"{holding.model._meta.label} is declared twice")
            found[holding.model] = holding
    return found


# --- helpers the contributions share, so every section writes dates and labels alike ------------


def day(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def moment(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def bilingual(choices: type[models.Choices], value: Any) -> str:
    """A code's label as "German / English" (one of them when both read the same) for the PDF."""
    if value is None or value == "":
        return "–"
    try:
        member = choices(value)
    except ValueError:
        return str(value)
    with translation.override("de"):
        german = str(member.label)
    with translation.override("en"):
        english = str(member.label)
    return german if german == english else f"{german} / {english}"
