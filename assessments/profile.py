"""The competence profile: per skill, the strongest evidence wins; the others stay visible.

Plain Python: takes evidence records, gives profile entries. Strength order:
practical try-out > counsellor's judgement > self-assessment; within one source the
newest record counts. The profile level is the level of the winning evidence, even if
a weaker source claimed more (a try-out showing "basic" beats a self-assessed "expert").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

STRENGTH = {"self": 1, "counsellor": 2, "tryout": 3}


@dataclass(frozen=True)
class Evidence:
    key: str  # skill URI, or "text:<free text>" for uncoded skills
    label: str
    level: int
    source: str  # self / counsellor / tryout
    on: dt.date
    by: str = ""


@dataclass(frozen=True)
class ProfileEntry:
    key: str
    label: str
    level: int
    source: str
    evidence: tuple[Evidence, ...]  # all of it, strongest first

    @property
    def others(self) -> tuple[Evidence, ...]:
        return self.evidence[1:]


def profile_build(evidence: Iterable[Evidence]) -> list[ProfileEntry]:
    by_key: dict[str, list[Evidence]] = {}
    for item in evidence:
        by_key.setdefault(item.key, []).append(item)
    entries = []
    for key, items in by_key.items():
        items.sort(key=lambda e: (STRENGTH[e.source], e.on), reverse=True)
        best = items[0]
        entries.append(ProfileEntry(key=key, label=best.label, level=best.level, source=best.source,
                                    evidence=tuple(items)))
    entries.sort(key=lambda e: (-e.level, e.label.casefold()))
    return entries


def profile_levels(entries: Iterable[ProfileEntry]) -> dict[str, int]:
    """Skill URI → profile level, for the recommender (uncoded free-text skills left out)."""
    return {entry.key: entry.level for entry in entries if not entry.key.startswith("text:")}
