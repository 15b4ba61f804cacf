"""Which modules, and which module paths, to suggest for one person. Plain Python, no Django.

A *path* is a module plus the prerequisites the person still needs (those they neither
master nor have planned or passed), prerequisites first. Each path gets a score made of
additive components, so every component can be shown and explained:

- demand   up to 40 points: demand in the origin country for the occupation the module's
           trade leads to (the target occupation if the trade leads there, else the
           trade's best-demanded occupation). High = 34, medium = 20, low = 8, or the
           score 0–100 scaled to 0–40 when the source gives one.
- target   20 points when the module's trade leads to the target occupation; and, once
           a target is chosen, every module that leads there is listed before every
           module that does not (feasible ones first in both groups): the counsellor's
           and participant's choice outweighs demand and fit, which then order within
           each group. Modules that do not lead there say so ("off_target", 0 points).
- fit      up to 20 points: builds on what the person can do (skills of the module they
           have below its level: 15 × share; any other skill of the trade: 5).
- language 10 points when the module can be taught in the person's language of
           instruction, 5 when in another language the person speaks, else 0.
- timing   minus up to 10 points: the share of the time left before departure the
           path needs ("fits"), or minus 10 when it does not fit ("too_long").

Feasible paths come first: the hours fit in the time left (weeks × hours per week),
and, when sessions are given, each module of the path has a session at a reachable
site, with places, inside [today, departure], after the sessions of its prerequisites.
Modules whose skills the person masters (profile level ≥ the module's level for each of
its skills) are not suggested; they are listed as mastered instead, and paths skip them.

Demand enters only through the demand component, so more demand never ranks a module
lower when all else is equal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

DEMAND_POINTS = {"high": 34.0, "medium": 20.0, "low": 8.0}
DEMAND_MAX = 40.0
TARGET_POINTS = 20.0
FIT_PARTIAL_POINTS = 15.0
FIT_TRADE_POINTS = 5.0
LANGUAGE_POINTS = 10.0
LANGUAGE_SPOKEN_POINTS = 5.0
LENGTH_MAX_PENALTY = 10.0


@dataclass(frozen=True)
class ModuleInfo:
    code: str
    trade: str
    hours: float
    prerequisites: tuple[str, ...] = ()
    skills: tuple[tuple[str, int], ...] = ()  # (skill URI, level the module reaches)
    languages: tuple[str, ...] = ("de",)


@dataclass(frozen=True)
class SessionInfo:
    id: int
    module: str
    site: str
    starts_on: dt.date
    ends_on: dt.date
    free_places: int = 1


@dataclass(frozen=True)
class Demand:
    occupation: str  # ISCO-08 code (or ESCO URI) the figure is about
    level: str  # high / medium / low
    score: float | None = None
    source: str = ""
    year: int | None = None
    illustrative: bool = False


@dataclass(frozen=True)
class Person:
    today: dt.date
    departure: dt.date
    hours_per_week: float
    instruction_language: str = "de"
    languages: tuple[str, ...] = ()
    skill_levels: Mapping[str, int] = field(default_factory=dict)
    #: site codes the person can reach; None = any site
    reachable_sites: frozenset[str] | None = None
    #: modules already planned or passed: never suggested, never needed again in a path
    done: frozenset[str] = frozenset()

    @property
    def weeks_left(self) -> float:
        return max(0.0, (self.departure - self.today).days / 7)

    @property
    def hours_available(self) -> float:
        return self.weeks_left * self.hours_per_week


@dataclass(frozen=True)
class Market:
    country: str
    #: occupation key (ISCO-08 code) → demand figure
    demand: Mapping[str, Demand]
    #: trade code → occupations (ISCO-08 codes) the trade leads to, best match first
    trade_occupations: Mapping[str, tuple[str, ...]]
    #: the occupation the person aims at (ISCO-08 code), if recorded
    target: str | None = None


class Component(NamedTuple):
    """One part of the score, with what is needed to explain it in words."""

    kind: str
    points: float
    params: Mapping[str, object] = {}


class Recommendation(NamedTuple):
    module: str
    path: tuple[str, ...]  # prerequisites still needed first, the module last
    hours: float
    score: float
    feasible: bool
    components: tuple[Component, ...]
    sessions: tuple[int, ...] = ()  # one session per path module, when feasible and sessions were given
    on_target: bool = False  # the module's trade leads to the chosen target occupation


class Mastered(NamedTuple):
    module: str
    skills: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Ranking:
    recommendations: tuple[Recommendation, ...]
    mastered: tuple[Mastered, ...]


def demand_points(demand: Demand | None) -> float:
    if demand is None:
        return 0.0
    if demand.score is not None:
        return max(0.0, min(100.0, demand.score)) * DEMAND_MAX / 100
    return DEMAND_POINTS.get(demand.level, 0.0)


def masters(module: ModuleInfo, skill_levels: Mapping[str, int]) -> bool:
    return bool(module.skills) and all(skill_levels.get(uri, 0) >= level for uri, level in module.skills)


def _trade_demand(market: Market, trade: str) -> tuple[Demand | None, bool]:
    """The demand figure behind a trade's modules, and whether it is the target occupation's."""
    occupations = market.trade_occupations.get(trade, ())
    if market.target is not None and market.target in occupations:
        return market.demand.get(market.target), True
    best: Demand | None = None
    for occupation in occupations:
        candidate = market.demand.get(occupation)
        if candidate is not None and (best is None or demand_points(candidate) > demand_points(best)):
            best = candidate
    return best, False


class _Planner:
    def __init__(self, modules: Iterable[ModuleInfo], person: Person, sessions: Iterable[SessionInfo] | None):
        self.modules = {module.code: module for module in modules}
        self.person = person
        self.mastered = {code for code, m in self.modules.items() if masters(m, person.skill_levels)}
        self._needed: dict[str, tuple[str, ...]] = {}
        self._end: dict[str, dt.date | None] = {}
        self._session: dict[str, int] = {}
        self._missing: dict[str, str] = {}
        self._languages: dict[str, frozenset[str]] = {}
        self._hours: dict[str, float] = {}
        self.sessions: dict[str, list[SessionInfo]] | None = None
        if sessions is not None:
            self.sessions = {}
            for session in sessions:
                if (
                    session.free_places > 0
                    and session.starts_on >= person.today
                    and session.ends_on <= person.departure
                    and (person.reachable_sites is None or session.site in person.reachable_sites)
                ):
                    self.sessions.setdefault(session.module, []).append(session)
            for candidates in self.sessions.values():
                candidates.sort(key=lambda s: (s.ends_on, s.starts_on, s.id))

    def hours(self, code: str) -> float:
        if code not in self._hours:
            self._hours[code] = sum(self.modules[step].hours for step in self.path(code))
        return self._hours[code]

    def skipped(self, code: str) -> bool:
        return code in self.mastered or code in self.person.done

    def path(self, code: str) -> tuple[str, ...]:
        """`code` after every prerequisite still needed, prerequisites first (depth-first order)."""
        if code in self._needed:
            return self._needed[code]
        self._needed[code] = (code,)  # guards against a cycle in bad data
        ordered: list[str] = []
        for prerequisite in self.modules[code].prerequisites:
            if prerequisite not in self.modules or self.skipped(prerequisite):
                continue
            for step in self.path(prerequisite):
                if step not in ordered:
                    ordered.append(step)
        ordered.append(code)
        self._needed[code] = tuple(ordered)
        return self._needed[code]

    def earliest_end(self, code: str) -> dt.date | None:
        """When the module can be finished at the earliest, after its needed prerequisites
        (earliest-ending session that starts after they end); None if it cannot be done.
        Greedy earliest end is optimal here: a later module only ever needs earlier ends."""
        if code in self._end:
            return self._end[code]
        self._end[code] = None  # guards against a cycle in bad data
        after: dt.date | None = None
        for prerequisite in self.modules[code].prerequisites:
            if prerequisite not in self.modules or self.skipped(prerequisite):
                continue
            end = self.earliest_end(prerequisite)
            if end is None:
                self._missing[code] = self._missing.get(prerequisite, prerequisite)
                return None
            after = end if after is None or end > after else after
        assert self.sessions is not None  # noqa: S101  # only called with sessions
        for session in self.sessions.get(code, ()):
            if after is None or session.starts_on > after:
                self._end[code] = session.ends_on
                self._session[code] = session.id
                return session.ends_on
        self._missing[code] = code
        return None

    def schedule(self, path: tuple[str, ...]) -> tuple[tuple[int, ...], str | None]:
        """The session chosen for each module of the path; or the first module that cannot be done."""
        if self.sessions is None:
            return (), None
        code = path[-1]
        if self.earliest_end(code) is None:
            return (), self._missing.get(code, code)
        return tuple(self._session[step] for step in path), None

    def languages(self, code: str) -> frozenset[str]:
        """Languages every module of the path can be taught in."""
        if code not in self._languages:
            common = frozenset(self.modules[code].languages)
            self._languages[code] = common
            for prerequisite in self.modules[code].prerequisites:
                if prerequisite in self.modules and not self.skipped(prerequisite):
                    common = common & self.languages(prerequisite)
            self._languages[code] = common
        return self._languages[code]


def _language_component(common: frozenset[str], person: Person) -> Component:
    if person.instruction_language in common:
        return Component("language", LANGUAGE_POINTS, {"language": person.instruction_language})
    spoken = sorted(common.intersection(person.languages))
    if spoken:
        return Component("language_spoken", LANGUAGE_SPOKEN_POINTS,
                         {"language": spoken[0], "wanted": person.instruction_language})
    return Component("language_support", 0.0,
                     {"languages": tuple(sorted(common)), "wanted": person.instruction_language})


def rank(
    *,
    modules: Iterable[ModuleInfo],
    person: Person,
    market: Market,
    sessions: Iterable[SessionInfo] | None = None,
) -> Ranking:
    planner = _Planner(modules, person, sessions)
    # Per trade, once: the demand component, and the skills the person has among those it teaches.
    trade_parts: dict[str, tuple[Component, ...]] = {}
    trade_on_target: dict[str, bool] = {}
    trade_skills: dict[str, set[str]] = {}
    for module in planner.modules.values():
        trade_skills.setdefault(module.trade, set()).update(
            uri for uri, _level in module.skills if person.skill_levels.get(uri, 0) > 0
        )
        if module.trade not in trade_parts:
            demand, on_target = _trade_demand(market, module.trade)
            parts = [
                Component("demand", demand_points(demand), {
                    "level": demand.level, "score": demand.score, "occupation": demand.occupation,
                    "country": market.country, "source": demand.source, "year": demand.year,
                    "illustrative": demand.illustrative,
                }) if demand is not None
                else Component("no_demand", 0.0, {"country": market.country, "trade": module.trade})
            ]
            if on_target:
                parts.append(Component("target", TARGET_POINTS, {"occupation": market.target}))
            elif market.target is not None:
                parts.append(Component("off_target", 0.0, {"occupation": market.target}))
            trade_parts[module.trade] = tuple(parts)
            trade_on_target[module.trade] = on_target
    language_parts: dict[frozenset[str], Component] = {}
    available = person.hours_available
    weeks_left = person.weeks_left
    levels = person.skill_levels
    recommendations: list[Recommendation] = []
    mastered: list[Mastered] = []
    for code in sorted(planner.modules):
        module = planner.modules[code]
        if code in person.done:
            continue
        if code in planner.mastered:
            mastered.append(Mastered(code, module.skills))
            continue
        path = planner.path(code)
        hours = planner.hours(code)
        components = list(trade_parts[module.trade])
        partial = tuple(
            (uri, levels[uri]) for uri, level in module.skills if 0 < levels.get(uri, 0) < level
        )
        had = trade_skills[module.trade]
        related = tuple(sorted(had.difference(uri for uri, _l in module.skills))) if had else ()
        if partial or related:
            fit = (FIT_PARTIAL_POINTS * len(partial) / len(module.skills) if partial else 0.0) + (
                FIT_TRADE_POINTS if related else 0.0
            )
            components.append(Component("builds_on", fit, {"skills": partial, "related": related}))
        for prerequisite in module.prerequisites:
            if prerequisite in planner.mastered and prerequisite not in person.done:
                components.append(Component("skips", 0.0, {
                    "module": prerequisite, "skills": planner.modules[prerequisite].skills,
                }))
        if len(path) > 1:
            components.append(Component("path", 0.0, {"modules": path[:-1]}))
        common = planner.languages(code)
        if common not in language_parts:
            language_parts[common] = _language_component(common, person)
        components.append(language_parts[common])
        feasible = hours <= available
        timing = {"hours": hours, "weeks_left": weeks_left, "hours_available": available}
        if feasible:
            penalty = -LENGTH_MAX_PENALTY * (hours / available if available > 0 else 1.0)
            components.append(Component("fits", penalty, timing))
        else:
            components.append(Component("too_long", -LENGTH_MAX_PENALTY, timing))
        chosen, missing = planner.schedule(path)
        if missing is not None:
            feasible = False
            components.append(Component("no_session", 0.0, {"module": missing}))
        score = round(sum(c.points for c in components), 3)
        recommendations.append(Recommendation(
            code, path, hours, score, feasible, tuple(components), chosen if feasible else (),
            trade_on_target[module.trade],
        ))
    recommendations.sort(key=lambda r: (not r.feasible, not r.on_target, -r.score, r.module))
    return Ranking(recommendations=tuple(recommendations), mastered=tuple(mastered))
