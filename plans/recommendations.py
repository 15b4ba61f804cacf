"""The recommendation on the plan page: gathers plain data for `plans.recommender` from the
database and puts each score component into plain, translated words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Prefetch
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from assessments.models import EscoOccupation, EscoSkill, SkillLevel
from assessments.profile import profile_levels
from assessments.selectors import availability_get, competence_profile
from catalogue.models import Module
from languages.codes import country_name, language_name
from markets.models import MarketProfileVersion
from markets.selectors import market_version_current
from participants.models import Participant
from plans.models import Plan, PlanItem
from plans.recommender import Component, Demand, Market, ModuleInfo, Person, Ranking, SessionInfo, rank

#: The sessions the recommender may place a module in, for (today, departure). Scheduling owns
#: sessions and sits above plans, so it hands its offer in at start-up (`scheduling/apps.py`,
#: `scheduling.selectors.session_offer`): plans never imports scheduling.
SessionOffer = Callable[[dt.date, dt.date], list[SessionInfo]]
_registered_offer: list[SessionOffer] = []


def session_offer_register(offer: SessionOffer) -> None:
    _registered_offer[:] = [offer]


def _session_offer(today: dt.date, departure: dt.date) -> list[SessionInfo]:
    if not _registered_offer:
        raise ImproperlyConfigured("No session offer registered for the plan recommender (scheduling not installed?)")
    return _registered_offer[0](today, departure)


DEFAULT_WEEKDAYS = 5
DEFAULT_HOURS_PER_DAY = 4.0
SHOWN = 8


@dataclass
class ShownRecommendation:
    module: Module
    path: list[Module]
    hours: float
    score: float
    feasible: bool
    reasons: list[tuple[str, float]]


@dataclass
class RecommendationResult:
    version: MarketProfileVersion | None
    target: EscoOccupation | None
    country: str
    items: list[ShownRecommendation]
    mastered: list[str]
    weeks_left: float
    hours_available: float


class _Labels:
    def __init__(self, modules: dict[str, Module], occupations: dict[str, str]):
        self.modules = modules
        self.occupations = occupations
        self.skills = {s.uri: s.label for s in EscoSkill.objects.all().only("uri", "label_en", "label_de")}
        self.levels = dict(SkillLevel.choices)

    def skill(self, uri: str, level: int | None = None) -> str:
        label = self.skills.get(uri, uri)
        return f"{label} ({self.levels[level]})" if level in self.levels else label

    def occupation(self, key: object) -> str:
        return self.occupations.get(str(key), _("ISCO-08 group %(code)s") % {"code": key})


def _hours(value: object) -> str:
    return number_format(round(float(value), 1), decimal_pos=0 if float(value).is_integer() else 1)  # type: ignore[arg-type]


def explain(component: Component, labels: _Labels) -> str:
    p: dict[str, Any] = dict(component.params)
    kind = component.kind
    if kind == "demand":
        level = {"high": _("high demand"), "medium": _("medium demand"), "low": _("low demand")}[str(p["level"])]
        text = _("%(level)s for %(occupation)s in %(country)s (%(source)s, %(year)s)") % {
            "level": level, "occupation": labels.occupation(p["occupation"]),
            "country": country_name(str(p["country"])),
            "source": p["source"], "year": p["year"] or "—",
        }
        if p["score"] is not None:
            text += " · " + _("score %(score)s of 100") % {"score": number_format(p["score"])}
        if p["illustrative"]:
            text += " · " + _("illustrative figures, not real statistics")
        return text
    if kind == "no_demand":
        return _("no labour-market figures for this trade in %(country)s") % {
            "country": country_name(str(p["country"]))}
    if kind == "target":
        return _("leads to the target occupation %(occupation)s") % {"occupation": labels.occupation(p["occupation"])}
    if kind == "builds_on":
        parts = [labels.skill(uri, level) for uri, level in p["skills"]]
        parts += [labels.skill(uri) for uri in p["related"]]
        return _("builds on what they can do: %(skills)s") % {"skills": ", ".join(parts)}
    if kind == "skips":
        module = labels.modules.get(str(p["module"]))
        return _("already masters %(skills)s: skips %(module)s") % {
            "skills": ", ".join(labels.skill(uri, level) for uri, level in p["skills"]),
            "module": module.code if module else p["module"],
        }
    if kind == "path":
        return _("needs %(modules)s first") % {"modules": ", ".join(str(code) for code in p["modules"])}
    if kind == "language":
        return _("can be taught in %(language)s, the language of instruction") % {
            "language": language_name(str(p["language"]))}
    if kind == "language_spoken":
        return _("not offered in %(wanted)s, but in %(language)s, which they speak") % {
            "wanted": language_name(str(p["wanted"])), "language": language_name(str(p["language"]))}
    if kind == "language_support":
        return _("not offered in %(wanted)s: needs language support (taught in %(languages)s)") % {
            "wanted": language_name(str(p["wanted"])),
            "languages": ", ".join(language_name(str(code)) for code in p["languages"]) or "—"}
    if kind == "length":
        return _("takes %(hours)s h of the %(available)s h left before departure") % {
            "hours": _hours(p["hours"]), "available": _hours(p["hours_available"])}
    if kind == "fits":
        return _("fits: %(hours)s h, %(weeks)s weeks left") % {
            "hours": _hours(p["hours"]), "weeks": _hours(int(float(str(p["weeks_left"]))))}
    if kind == "too_long":
        return _("does not fit: %(hours)s h needed, %(available)s h available in %(weeks)s weeks") % {
            "hours": _hours(p["hours"]), "available": _hours(p["hours_available"]),
            "weeks": _hours(int(float(str(p["weeks_left"]))))}
    if kind == "no_session":
        return _("no session of %(module)s at a reachable site before departure") % {"module": p["module"]}
    return kind


def _done_modules(participant: Participant, plan: Plan | None) -> frozenset[str]:
    codes: set[str] = set()
    if plan is not None:
        codes.update(plan.items.values_list("module__code", flat=True))
    codes.update(
        participant.enrolments.filter(result__outcome="passed").values_list("session__module__code", flat=True)
    )
    return frozenset(codes)


def plan_recommend(
    *, participant: Participant, plan: Plan | None, today: dt.date, target: EscoOccupation | None = None
) -> RecommendationResult:
    target = target if target is not None else (plan.target_occupation if plan is not None else None)
    version = market_version_current(country=participant.origin_country)
    modules = {
        m.code: m
        for m in Module.objects.select_related("trade").prefetch_related("prerequisites", "skills")
    }
    infos = [
        ModuleInfo(
            code=m.code, trade=m.trade.code, hours=float(m.hours),
            prerequisites=tuple(p.code for p in m.prerequisites.all()),
            skills=tuple((s.skill_uri, s.level) for s in m.skills.all()),
            languages=tuple(m.instruction_languages or ["de"]),
        )
        for m in modules.values()
    ]
    occupation_labels: dict[str, str] = {}
    trade_occupations: dict[str, list[str]] = {}
    for occupation in EscoOccupation.objects.filter(in_programme=True).exclude(group="").order_by("label_en"):
        trade_occupations.setdefault(occupation.group, [])
        if occupation.isco_code not in trade_occupations[occupation.group]:
            trade_occupations[occupation.group].append(occupation.isco_code)
        occupation_labels.setdefault(occupation.isco_code, occupation.label)
    demand: dict[str, Demand] = {}
    if version is not None:
        for row in version.demands.all():
            key = row.isco_code
            figure = Demand(
                occupation=key, level=row.level, score=float(row.score) if row.score is not None else None,
                source=row.source, year=row.source_date.year, illustrative=version.illustrative,
            )
            # Several rows per ISCO group (e.g. one per ESCO occupation): keep the strongest.
            if key not in demand or (figure.score or 0, figure.level) > (demand[key].score or 0, demand[key].level):
                demand[key] = figure
            if row.occupation and not row.esco_uri:
                occupation_labels[key] = row.occupation
    if target is not None:
        occupation_labels[target.isco_code] = target.label
    availability = availability_get(participant=participant)
    if availability is not None and availability.weekdays:
        hours_per_week = availability.hours_per_week
        reachable = frozenset(site.code for site in availability.sites.all()) or frozenset({participant.site.code})
    else:
        hours_per_week = DEFAULT_WEEKDAYS * DEFAULT_HOURS_PER_DAY
        reachable = frozenset({participant.site.code})
    person = Person(
        today=today, departure=participant.planned_departure, hours_per_week=hours_per_week,
        instruction_language=participant.instruction_language, languages=tuple(participant.languages or ()),
        skill_levels=profile_levels(competence_profile(participant=participant)),
        reachable_sites=reachable, done=_done_modules(participant, plan),
    )
    sessions = _session_offer(today, participant.planned_departure)
    market = Market(
        country=participant.origin_country, demand=demand,
        trade_occupations={trade: tuple(codes) for trade, codes in trade_occupations.items()},
        target=target.isco_code if target is not None else None,
    )
    ranking: Ranking = rank(modules=infos, person=person, market=market, sessions=sessions)
    labels = _Labels(modules, occupation_labels)
    items = [
        ShownRecommendation(
            module=modules[r.module], path=[modules[code] for code in r.path], hours=r.hours, score=r.score,
            feasible=r.feasible, reasons=[(explain(c, labels), c.points) for c in r.components],
        )
        for r in ranking.recommendations[:SHOWN]
    ]
    mastered = [
        _("already masters %(skills)s: skips %(module)s") % {
            "skills": ", ".join(labels.skill(uri, level) for uri, level in m.skills), "module": m.module}
        for m in ranking.mastered
    ]
    return RecommendationResult(
        version=version, target=target, country=participant.origin_country, items=items, mastered=mastered,
        weeks_left=person.weeks_left, hours_available=person.hours_available,
    )


def plan_versions(*, participant: Participant) -> list[Plan]:
    return list(
        participant.plans.select_related("market_version__profile", "target_occupation", "created_by")
        .prefetch_related(Prefetch("items", queryset=PlanItem.objects.select_related("module").order_by("position")))
        .order_by("version")
    )

