"""Seeded random instances for tests and the benchmark: trades, regions of sites, tightness.

Each trade has a chain of modules (each needs the previous); sites sit in regions and people
reach their home site or, sometimes, another one in their region. `tightness` scales demand
against seats: 1.0 means about as many seats as plan modules asked for, above that is scarce.
"""

from __future__ import annotations

import datetime as dt
import math
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


# --- Instance families -------------------------------------------------------------------
#
# `generate` above is "today": sites in separate regions, sessions staggered to demand. The
# other families were written to look like the programme's reality, where it hurts:
#   peaks  - about 70 % of people leave around three charter dates (±1.5 weeks) in a half-year;
#            sites shared region-wide; sessions in random weeks on weekly time slots;
#   chains - long prerequisite chains; plans start at the entry module, whose seats are scarce;
#   narrow - many sites, each person reaches one (rarely two neighbouring) sites.
# All use plans of consecutive modules of one trade, capacities 8-16 and seats about 10 %
# short of demand (load 1.1) unless said otherwise.

FAMILIES = ("today", "peaks", "chains", "narrow")
SIZES = (500, 5_000, 50_000)
#: weekly time slots: (weekdays, start, end); sessions clash only if they share a slot and a week
SLOTS = (
    ((0, 1, 2, 3, 4), 8 * 60, 12 * 60),
    ((0, 1, 2, 3, 4), 13 * 60, 17 * 60),
    ((0, 1, 2, 3), 8 * 60, 12 * 60),
    ((1, 2, 3, 4), 13 * 60, 17 * 60),
)
HALF_YEAR = 26  # weeks


def family(name: str, *, participants: int, seed: int = 1) -> Instance:
    """One seeded instance of a named family (see FAMILIES)."""
    if name == "today":
        return generate(participants=participants, seed=seed, pins=0.1)
    rng = random.Random(f"{name}:{participants}:{seed}")  # noqa: S311 -- reproducible test data
    scale = max(0.0, _log10(participants / 500))
    if name == "peaks":
        return _build(rng, participants, sites=min(8, 2 + round(3 * scale)), reach=(1, 3), modules=(5, 8),
                      plan=(1, 4), from_entry=False, peaks=0.7, load=1.1, entry_load=1.1)
    if name == "chains":
        return _build(rng, participants, sites=min(6, 2 + round(2 * scale)), reach=(1, 2), modules=(7, 9),
                      plan=(3, 6), from_entry=True, peaks=0.3, load=1.1, entry_load=1.5, horizon=40)
    if name == "narrow":
        return _build(rng, participants, sites=max(4, participants // 250), reach=(1, 1), modules=(5, 8),
                      plan=(1, 4), from_entry=False, peaks=0.0, load=1.1, entry_load=1.1, neighbour=0.15)
    raise ValueError(f"unknown family {name!r}; choose from {', '.join(FAMILIES)}")


def _log10(x: float) -> float:
    return math.log10(x) if x > 0 else 0.0


def _build(
    rng: random.Random,
    participants: int,
    *,
    sites: int,
    reach: tuple[int, int],
    modules: tuple[int, int],
    plan: tuple[int, int],
    from_entry: bool,
    peaks: float,
    load: float,
    entry_load: float,
    neighbour: float = 0.0,
    horizon: int = HALF_YEAR,
    trades: int = 5,
) -> Instance:
    chains: list[list[Module]] = []
    all_modules: list[Module] = []
    for t in range(trades):
        chain: list[Module] = []
        for k in range(rng.randint(*modules)):
            prerequisites = (chain[-1].id,) if chain else ()
            module = Module(t * 100 + k + 1, f"T{t}-{k + 1:02d}", float(rng.choice([40, 60, 80, 120])), prerequisites)
            chain.append(module)
            all_modules.append(module)
        chains.append(chain)
    charters = [START + 7 * w for w in (horizon * 3 // 10, horizon * 55 // 100, horizon * 85 // 100)]
    people: list[Participant] = []
    demand: dict[tuple[int, int], float] = {}
    for pid in range(1, participants + 1):
        trade = rng.randrange(trades)
        chain = chains[trade]
        length = min(len(chain), rng.randint(*plan))
        first = 0 if from_entry else rng.randrange(0, len(chain) - length + 1)
        modules_of = tuple(m.id for m in chain[first : first + length])
        earliest = START + rng.randrange(0, 28)
        if rng.random() < peaks:
            departure = rng.choice(charters) + rng.randint(-10, 10)
        else:
            departure = START + rng.randrange(6 * 7, horizon * 7)
        # nobody is given a departure that leaves no time at all
        departure = max(departure, earliest + 7 * (2 * length + 1))
        home = rng.randrange(sites)
        if reach == (1, 1):
            chosen = {home}
            if rng.random() < neighbour:
                chosen.add((home + 1) % sites)
        else:
            chosen = set(rng.sample(range(sites), min(sites, rng.randint(*reach))))
        people.append(Participant(pid, modules_of, departure, frozenset(chosen)))
        for m in modules_of:
            for site in chosen:
                demand[(m, site)] = demand.get((m, site), 0.0) + 1.0 / len(chosen)
    sessions: list[Session] = []
    sid = 0
    entries = {chain[0].id for chain in chains}
    hours = {m.id: m.hours for m in all_modules}
    for (mid, site), asked in sorted(demand.items()):
        seats_wanted = asked / (entry_load if mid in entries else load)
        while seats_wanted > 0.5:
            capacity = rng.randint(8, 16)
            seats_wanted -= capacity
            sid += 1
            weekdays, start, end = rng.choice(SLOTS)
            days_needed = max(1, int(hours[mid] // 8))  # one to three weeks
            week = rng.randrange(0, horizon - 2)
            days: list[int] = []
            day = START + 7 * week
            while len(days) < days_needed:
                if (day - 1) % 7 in weekdays:
                    days.append(day)
                day += 1
            sessions.append(Session(sid, mid, site, tuple(Meeting(d, start, end) for d in days), capacity))
    return Instance(tuple(all_modules), tuple(sessions), tuple(people))
