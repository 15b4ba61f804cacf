"""Property tests of the pure recommender, with an independent checker."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from plans.recommender import Demand, Market, ModuleInfo, Person, SessionInfo, masters, rank

TODAY = dt.date(2026, 3, 2)
TRADES = ("sewing", "metal", "cooking")
OCCUPATIONS = {"sewing": ("7531",), "metal": ("7212", "7213"), "cooking": ("5120",)}
SKILLS = [f"urn:reintegra:skill:s{i}" for i in range(6)]
LEVELS = ("high", "medium", "low")


@st.composite
def worlds(draw):
    count = draw(st.integers(1, 9))
    modules: list[ModuleInfo] = []
    for index in range(count):
        earlier = [m.code for m in modules]
        prerequisites = tuple(draw(st.lists(st.sampled_from(earlier), max_size=2, unique=True))) if earlier else ()
        skills = tuple(draw(st.dictionaries(st.sampled_from(SKILLS), st.integers(1, 3), max_size=2)).items())
        modules.append(ModuleInfo(
            code=f"M{index}", trade=draw(st.sampled_from(TRADES)), hours=float(draw(st.integers(8, 80))),
            prerequisites=prerequisites, skills=skills,
            languages=tuple(draw(st.lists(st.sampled_from(["de", "ar", "en"]), min_size=1, max_size=3, unique=True))),
        ))
    demand = {
        code: Demand(occupation=code, level=draw(st.sampled_from(LEVELS)),
                     score=draw(st.none() | st.floats(0, 100, allow_nan=False)), source="test", year=2025)
        for codes in OCCUPATIONS.values() for code in codes if draw(st.booleans())
    }
    target = draw(st.none() | st.sampled_from([c for codes in OCCUPATIONS.values() for c in codes]))
    weeks = draw(st.integers(0, 30))
    person = Person(
        today=TODAY, departure=TODAY + dt.timedelta(weeks=weeks), hours_per_week=float(draw(st.integers(4, 30))),
        instruction_language=draw(st.sampled_from(["de", "ar", "fa"])), languages=("ar",),
        skill_levels=draw(st.dictionaries(st.sampled_from(SKILLS), st.integers(1, 4), max_size=4)),
        reachable_sites=frozenset({"nue"}),
    )
    sessions = None
    if draw(st.booleans()):
        sessions = [
            SessionInfo(
                id=i, module=draw(st.sampled_from([m.code for m in modules])),
                site=draw(st.sampled_from(["nue", "aug"])),
                starts_on=TODAY + dt.timedelta(days=start), ends_on=TODAY + dt.timedelta(days=start + length),
                free_places=draw(st.integers(0, 3)),
            )
            for i, (start, length) in enumerate(draw(st.lists(st.tuples(st.integers(-5, 200), st.integers(0, 30)),
                                                              max_size=12)))
        ]
    market = Market(country="SN", demand=demand, trade_occupations=OCCUPATIONS, target=target)
    return modules, person, market, sessions


def _position(ranking, code):
    return next(i for i, r in enumerate(ranking.recommendations) if r.module == code)


def _raise(demand: Demand) -> Demand:
    better = {"low": "medium", "medium": "high", "high": "high"}[demand.level]
    score = None if demand.score is None else min(100.0, demand.score + 10)
    return Demand(demand.occupation, better, score, demand.source, demand.year)


@settings(max_examples=150, deadline=None)
@given(worlds(), st.data())
def test_more_demand_never_ranks_a_module_lower(world, data):
    modules, person, market, sessions = world
    before = rank(modules=modules, person=person, market=market, sessions=sessions)
    if not before.recommendations:
        return
    chosen = data.draw(st.sampled_from([r.module for r in before.recommendations]))
    trade = next(m.trade for m in modules if m.code == chosen)
    occupation = data.draw(st.sampled_from(OCCUPATIONS[trade]))
    demand = dict(market.demand)
    demand[occupation] = _raise(demand[occupation]) if occupation in demand else Demand(occupation, "high", None)
    after = rank(modules=modules, person=person,
                 market=Market(market.country, demand, market.trade_occupations, market.target), sessions=sessions)
    assert _position(after, chosen) <= _position(before, chosen)


def _needed(code, modules, person):
    """Independent: every prerequisite, transitively, that is neither mastered nor done."""
    by_code = {m.code: m for m in modules}
    needed, stack = set(), [code]
    while stack:
        for prerequisite in by_code[stack.pop()].prerequisites:
            if prerequisite in needed or prerequisite in person.done or masters(by_code[prerequisite],
                                                                                  person.skill_levels):
                continue
            needed.add(prerequisite)
            stack.append(prerequisite)
    return needed


@settings(max_examples=150, deadline=None)
@given(worlds())
def test_a_path_that_cannot_be_done_before_departure_is_never_feasible(world):
    modules, person, market, sessions = world
    by_code = {m.code: m for m in modules}
    ranking = rank(modules=modules, person=person, market=market, sessions=sessions)
    for recommendation in ranking.recommendations:
        needed = _needed(recommendation.module, modules, person)
        assert set(recommendation.path) == needed | {recommendation.module}
        if not recommendation.feasible:
            continue
        hours = sum(by_code[code].hours for code in recommendation.path)
        assert hours <= person.hours_available
        if sessions is None:
            continue
        chosen = {s.id: s for s in sessions}
        assert len(recommendation.sessions) == len(recommendation.path)
        ends: dict[str, dt.date] = {}
        for code, session_id in zip(recommendation.path, recommendation.sessions, strict=True):
            session = chosen[session_id]
            assert session.module == code and session.site in person.reachable_sites and session.free_places > 0
            assert session.starts_on >= TODAY and session.ends_on <= person.departure
            for prerequisite in by_code[code].prerequisites:
                if prerequisite in ends:
                    assert session.starts_on > ends[prerequisite]
            ends[code] = session.ends_on


def test_prerequisite_without_session_makes_the_module_infeasible_and_explains_why():
    modules = [ModuleInfo("SEW-101", "sewing", 36), ModuleInfo("SEW-102", "sewing", 36, ("SEW-101",))]
    person = Person(today=TODAY, departure=TODAY + dt.timedelta(weeks=20), hours_per_week=20)
    sessions = [SessionInfo(1, "SEW-102", "nue", TODAY + dt.timedelta(days=3), TODAY + dt.timedelta(days=9))]
    market = Market("SN", {"7531": Demand("7531", "high", None, "ILO", 2024)}, OCCUPATIONS)
    ranking = rank(modules=modules, person=person, market=market, sessions=sessions)
    second = next(r for r in ranking.recommendations if r.module == "SEW-102")
    assert not second.feasible and second.path == ("SEW-101", "SEW-102")
    assert ("no_session", {"module": "SEW-101"}) in [(c.kind, c.params) for c in second.components]


def test_mastered_prerequisite_is_skipped_and_explained():
    modules = [
        ModuleInfo("SEW-101", "sewing", 36, skills=(("urn:reintegra:skill:sewing-machine", 1),)),
        ModuleInfo("SEW-201", "sewing", 60, ("SEW-101",), skills=(("urn:reintegra:skill:garment-making", 2),)),
    ]
    person = Person(today=TODAY, departure=TODAY + dt.timedelta(weeks=9), hours_per_week=20,
                    skill_levels={"urn:reintegra:skill:sewing-machine": 2, "urn:reintegra:skill:garment-making": 1})
    market = Market("SN", {"7531": Demand("7531", "high", None, "ILO", 2024)}, OCCUPATIONS, target="7531")
    ranking = rank(modules=modules, person=person, market=market)
    assert [m.module for m in ranking.mastered] == ["SEW-101"]
    (only,) = ranking.recommendations
    kinds = [c.kind for c in only.components]
    assert only.path == ("SEW-201",) and only.feasible
    assert kinds[:2] == ["demand", "target"] and "skips" in kinds and "builds_on" in kinds and "fits" in kinds


def _leads_to_target(module, market):
    """Independent: the trade's occupations include the target."""
    return market.target is not None and market.target in market.trade_occupations.get(module.trade, ())


@settings(max_examples=200, deadline=None)
@given(worlds())
def test_a_chosen_target_lists_its_modules_first(world):
    """Issue 18: choosing "Schneider/in" must change the ranking, and the reasons say how."""
    modules, person, market, sessions = world
    ranking = rank(modules=modules, person=person, market=market, sessions=sessions)
    by_code = {m.code: m for m in modules}
    for feasible in (True, False):
        group = [r for r in ranking.recommendations if r.feasible is feasible]
        flags = [_leads_to_target(by_code[r.module], market) for r in group]
        assert flags == sorted(flags, reverse=True), [(r.module, f) for r, f in zip(group, flags, strict=True)]
    for r in ranking.recommendations:
        kinds = {c.kind for c in r.components}
        if market.target is None:
            assert not kinds & {"target", "off_target"}
        elif _leads_to_target(by_code[r.module], market):
            assert "target" in kinds and "off_target" not in kinds
        else:
            assert "off_target" in kinds and "target" not in kinds


def test_the_tailor_target_moves_sewing_above_better_demanded_electrics():
    modules = [ModuleInfo("ELE-101", "electrical", 40.0), ModuleInfo("SEW-101", "sewing", 40.0)]
    person = Person(today=TODAY, departure=TODAY + dt.timedelta(weeks=20), hours_per_week=20.0,
                    instruction_language="de", languages=("de",), skill_levels={}, reachable_sites=frozenset({"nue"}))
    occupations = {"electrical": ("7411",), "sewing": ("7531",)}
    demand = {"7411": Demand("7411", "high", 95.0), "7531": Demand("7531", "low", 10.0)}
    without = rank(modules=modules, person=person, market=Market("XK", demand, occupations))
    assert [r.module for r in without.recommendations] == ["ELE-101", "SEW-101"]
    tailor = rank(modules=modules, person=person, market=Market("XK", demand, occupations, target="7531"))
    assert [r.module for r in tailor.recommendations] == ["SEW-101", "ELE-101"]
