"""Benchmark: rank every module for one participant, 500-module catalogue, 50 countries.

Standalone (no Django): `python bench/bench_recommender.py`. Prints figures, then ONE
final JSON line. Budget: the median ranking must take at most 20 ms.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from plans.recommender import Demand, Market, ModuleInfo, Person, SessionInfo, rank  # noqa: E402

BUDGET_MS = 20.0
MODULES = 500
COUNTRIES = 50
TRADES = 10
RUNS = 50


def build(seed: int = 7) -> tuple[list[ModuleInfo], dict[str, Market], Person, list[SessionInfo]]:
    rng = random.Random(seed)
    today = dt.date(2026, 1, 5)
    trades = [f"trade{t}" for t in range(TRADES)]
    modules: list[ModuleInfo] = []
    by_trade: dict[str, list[str]] = {t: [] for t in trades}
    for index in range(MODULES):
        trade = trades[index % TRADES]
        earlier = by_trade[trade]
        prerequisites = tuple(rng.sample(earlier, k=min(len(earlier), rng.randint(0, 2))))
        skills = tuple((f"urn:skill:{trade}:{rng.randint(0, 30)}", rng.randint(1, 3)) for _ in range(rng.randint(1, 3)))
        code = f"M{index:03d}"
        modules.append(ModuleInfo(code=code, trade=trade, hours=float(rng.choice([24, 36, 48, 60, 72])),
                                  prerequisites=prerequisites, skills=tuple(dict(skills).items()),
                                  languages=tuple(rng.sample(["de", "en", "ar", "fa"], k=rng.randint(1, 3)))))
        earlier.append(code)
    occupations = {t: tuple(f"{7000 + 10 * i + j}" for j in range(4)) for i, t in enumerate(trades)}
    markets = {}
    for c in range(COUNTRIES):
        demand = {
            code: Demand(occupation=code, level=rng.choice(["high", "medium", "low"]),
                         score=round(rng.uniform(0, 100), 1) if rng.random() < 0.5 else None,
                         source="bench", year=2025)
            for codes in occupations.values() for code in codes
        }
        markets[f"C{c:02d}"] = Market(country=f"C{c:02d}", demand=demand, trade_occupations=occupations,
                                      target=occupations[trades[c % TRADES]][0])
    sessions = [
        SessionInfo(id=i, module=m.code, site=rng.choice(["nue", "aug", "muc"]),
                    starts_on=today + dt.timedelta(days=rng.randint(0, 150)),
                    ends_on=today + dt.timedelta(days=rng.randint(151, 200)), free_places=rng.randint(0, 8))
        for i, m in enumerate(modules * 3)
    ]
    person = Person(
        today=today, departure=today + dt.timedelta(days=210), hours_per_week=20, instruction_language="ar",
        languages=("ar", "de"), skill_levels={f"urn:skill:trade{t}:{s}": rng.randint(1, 3)
                                              for t in range(TRADES) for s in range(0, 30, 4)},
        reachable_sites=frozenset({"nue", "aug"}),
    )
    return modules, markets, person, sessions


def main() -> None:
    modules, markets, person, sessions = build()
    market = markets["C17"]
    timings = []
    result = None
    for _ in range(RUNS):
        start = time.perf_counter()
        result = rank(modules=modules, person=person, market=market, sessions=sessions)
        timings.append((time.perf_counter() - start) * 1000)
    assert result is not None
    median = statistics.median(timings)
    p95 = sorted(timings)[int(0.95 * len(timings)) - 1]
    feasible = sum(r.feasible for r in result.recommendations)
    print(f"modules: {len(modules)}, countries: {len(markets)}, sessions: {len(sessions)}, runs: {RUNS}")
    print(f"ranked: {len(result.recommendations)} (feasible {feasible}), mastered: {len(result.mastered)}")
    print(f"median: {median:.2f} ms, p95: {p95:.2f} ms, min: {min(timings):.2f} ms, budget: {BUDGET_MS} ms")
    print(json.dumps({
        "benchmark": "recommender_rank", "modules": len(modules), "countries": len(markets),
        "median_ms": round(median, 3), "p95_ms": round(p95, 3), "budget_ms": BUDGET_MS,
        "ok": median <= BUDGET_MS,
    }))


if __name__ == "__main__":
    main()
