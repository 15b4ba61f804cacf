"""Seeded random instances for tests and the benchmark: trades, regions of sites, tightness.

Each trade has a chain of modules (each needs the previous); sites sit in regions and people
reach their home site or, sometimes, another one in their region. `tightness` scales demand
against seats: 1.0 means about as many seats as plan modules asked for, above that is scarce.
"""

from __future__ import annotations

import datetime as dt
import random

from scheduling.solver.model import ALL_WEEKDAYS, Instance, Meeting, Module, Participant, Session

START = dt.date(2027, 1, 4).toordinal()  # a Monday


def generate(
    *,
    participants: int,
    seed: int = 1,
    trades: int = 5,
    sites: int | None = None,
    region_size: int = 3,
    modules_per_trade: int = 4,
    weeks: int = 40,
    capacity: int = 10,
    tightness: float = 1.3,
    pins: float = 0.0,
) -> Instance:
    rng = random.Random(seed)  # noqa: S311 -- reproducible test data, not cryptography
    sites = sites if sites is not None else max(2, participants // 400)
    modules: list[Module] = []
    chains: list[list[Module]] = []
    for t in range(trades):
        chain: list[Module] = []
        for k in range(modules_per_trade):
            mid = t * 100 + k + 1
            prerequisites = (chain[-1].id,) if chain and rng.random() < 0.8 else ()
            module = Module(mid, f"T{t}-{k + 1:02d}", float(rng.choice([40, 60, 80, 120])), prerequisites)
            chain.append(module)
            modules.append(module)
        chains.append(chain)
    # Demand per (trade, site) decides how many sessions run: about demand / (capacity * tightness).
    people: list[Participant] = []
    demand: dict[tuple[int, int], int] = {}
    for pid in range(1, participants + 1):
        trade = rng.randrange(trades)
        home = rng.randrange(sites)
        region = home // region_size
        neighbours = [s for s in range(region * region_size, min(sites, (region + 1) * region_size)) if s != home]
        reach = {home}
        if neighbours and rng.random() < 0.35:
            reach.add(rng.choice(neighbours))
        count = rng.randint(2, modules_per_trade)
        plan = tuple(m.id for m in chains[trade][:count])
        earliest = START + 7 * rng.randrange(0, weeks // 3)
        departure = earliest + 7 * rng.randint(count * 2 + 2, count * 5 + 6)
        weekdays = ALL_WEEKDAYS if rng.random() < 0.85 else frozenset({0, 1, 2, 3})
        people.append(Participant(pid, plan, departure, frozenset(reach), earliest, weekdays))
        for site in reach:
            demand[(trade, site)] = demand.get((trade, site), 0) + count
    sessions: list[Session] = []
    sid = 0
    for (trade, site), asked in sorted(demand.items()):
        per_module = asked / modules_per_trade / (1.0 + 0.35) / tightness
        runs = max(1, round(per_module / capacity))
        for position, module in enumerate(chains[trade]):
            for run in range(runs):
                sid += 1
                length = int(module.hours // 20)  # days, four hours a day... roughly
                # staggered: later modules of a chain run a few weeks after earlier ones
                week = (run * weeks // runs + 3 * position + rng.randrange(0, 4)) % weeks
                first = START + 7 * week
                days: list[int] = []
                day = first
                pattern = (0, 1, 2, 3, 4) if rng.random() < 0.8 else (0, 1, 2, 3)
                while len(days) < length:
                    if (day - 1) % 7 in pattern:
                        days.append(day)
                    day += 1
                morning = rng.random() < 0.7
                start, end = (8 * 60, 12 * 60) if morning else (13 * 60, 17 * 60)
                meetings = tuple(Meeting(d, start, end) for d in days)
                sessions.append(Session(sid, module.id, site, meetings, capacity))
    if pins:
        by_module: dict[tuple[int, int], list[Session]] = {}
        for s in sessions:
            by_module.setdefault((s.module, s.site), []).append(s)
        seats = {s.id: s.capacity for s in sessions}
        pinned: list[Participant] = []
        for p in people:
            first = p.modules[0]
            options = [
                s for site in sorted(p.sites) for s in by_module.get((first, site), [])
                if seats[s.id] > 0 and s.first_day >= p.earliest_start and s.last_day <= p.departure
            ]
            if options and rng.random() < pins:
                choice = rng.choice(options)
                seats[choice.id] -= 1
                p = Participant(p.id, p.modules, p.departure, p.sites, p.earliest_start, ALL_WEEKDAYS, (choice.id,))
            pinned.append(p)
        people = pinned
    return Instance(tuple(modules), tuple(sessions), tuple(people))
