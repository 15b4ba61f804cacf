"""Re-plan one person after their departure moved: which sessions to take, which to give up,
and whom to move to make room — small enough to answer while the counsellor waits.

Only this person's plan is searched: their modules in order, each in a session that starts on
or after their earliest start (and after the prerequisite's session ends), ends by the
departure, sits at a reachable site on free weekdays and clashes with nothing they keep. A
session with a free seat is taken first. A full one is taken only by *moving* someone who
holds a seat there (an enrolment or a pin, both promises) to another session of the same
module that has a free seat and fits that person just as well (their departure, earliest
start, sites, weekdays, the order of their own plan, no clash); every such move is returned
as a `Move`, so nobody's promised seat is taken without the proposal saying so. People whose
seat has started, or who cannot be moved, are never touched. Sessions the person holds that
end after the new departure are given up (`release`), which frees their seats.

Depth-first over the modules with a node budget; the first complete answer with the fewest
moves found within it wins, else the one covering the most modules.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from scheduling.solver.model import Module, Participant, Session, weekday_of
from scheduling.solver.reasons import _overlap


@dataclass(frozen=True)
class Holder:
    """Someone who holds a seat in a session: could they be moved to make room?"""

    person: Participant  # with `pins`: every session they hold
    movable: bool = True  # False: started, attended, or out of the programme


@dataclass(frozen=True)
class Move:
    participant: int
    from_session: int
    to_session: int


@dataclass(frozen=True)
class Replan:
    keep: tuple[int, ...]  # sessions held that still fit
    release: tuple[int, ...]  # sessions held that end after the departure: given up
    take: tuple[int, ...]  # new sessions for the person
    moves: tuple[Move, ...]  # others moved to make room (promised seats, said so)
    missing: tuple[int, ...]  # plan modules no session can hold
    nodes: int = 0
    stats: dict[str, int] = field(default_factory=dict, compare=False)

    @property
    def completes(self) -> bool:
        return not self.missing


def _fits(person: Participant, session: Session) -> bool:
    return (
        bool(session.meetings)
        and session.site in person.sites
        and session.first_day >= person.earliest_start
        and session.last_day <= person.departure
        and all(weekday_of(m.day) in person.weekdays for m in session.meetings)
    )


def _order_ok(person: Participant, module_of: Mapping[int, Module], chosen: Mapping[int, Session],
              module: int, session: Session) -> bool:
    """Prerequisites of `module` end before `session` starts; modules needing it start after it ends."""
    for q in module_of[module].prerequisites if module in module_of else ():
        if q in chosen and q in person.modules and chosen[q].last_day >= session.first_day:
            return False
    for other, held in chosen.items():
        needs = module_of[other].prerequisites if other in module_of else ()
        if other != module and module in needs and held.first_day <= session.last_day:
            return False
    return True


def replan(
    person: Participant,
    sessions: Iterable[Session],
    modules: Iterable[Module],
    taken: Mapping[int, int],
    holders: Mapping[int, list[Holder]] | None = None,
    *,
    budget: int = 20000,
) -> Replan:
    """`sessions`: those of the person's plan modules that can take people, those the person and
    the holders hold; `taken[s]`: seats held in s by anyone; `holders[s]`: who holds a seat in
    s (asked only for full sessions the person could use)."""
    by_id = {s.id: s for s in sessions if s.meetings}
    module_of = {m.id: m for m in modules}
    holders = holders or {}
    held = [by_id[s] for s in person.pins if s in by_id]
    keep = {s.module: s for s in held if s.last_day <= person.departure and s.module in person.modules}
    release = tuple(sorted(s.id for s in held if s.module not in keep or keep[s.module].id != s.id))
    free = {sid: s.capacity - taken.get(sid, 0) for sid, s in by_id.items()}
    for sid in release:
        free[sid] += 1
    todo = [m for m in person.modules if m not in keep]
    by_module: dict[int, list[Session]] = {}
    for s in sorted(by_id.values(), key=lambda s: (s.last_day, s.first_day, s.id)):
        by_module.setdefault(s.module, []).append(s)

    def alternatives(other: Participant, leaving: Session, seats: dict[int, int]) -> Session | None:
        """Another session of the same module with a free seat that fits `other` as well."""
        theirs = {by_id[s].module: by_id[s] for s in other.pins if s in by_id and s != leaving.id}
        for s in by_module.get(leaving.module, ()):
            if s.id == leaving.id or seats.get(s.id, 0) <= 0 or not _fits(other, s):
                continue
            if any(_overlap(s, t) for t in theirs.values()):
                continue
            if _order_ok(other, module_of, theirs, leaving.module, s):
                return s
        return None

    best: tuple[tuple[int, int], dict[int, Session], list[Move]] | None = None
    nodes = 0

    def search(index: int, chosen: dict[int, Session], moves: list[Move], seats: dict[int, int],
               moved: set[int]) -> None:
        nonlocal best, nodes
        nodes += 1
        covered = len(chosen) - len(keep)
        score = (covered, -len(moves))
        if best is None or score > best[0]:
            best = (score, dict(chosen), list(moves))
        if index == len(todo) or nodes > budget or (best[0][0] == len(todo) and best[0][1] == 0):
            return
        module = todo[index]
        options = [
            s for s in by_module.get(module, ())
            if _fits(person, s) and not any(_overlap(s, t) for t in chosen.values())
            and _order_ok(person, module_of, chosen, module, s)
        ]
        for s in options:  # a free seat first
            if seats.get(s.id, 0) > 0:
                seats[s.id] -= 1
                chosen[module] = s
                search(index + 1, chosen, moves, seats, moved)
                del chosen[module]
                seats[s.id] += 1
                if best[0] == (len(todo), 0) or nodes > budget:
                    return
        for s in options:  # then a full one, moving someone who can go elsewhere
            if seats.get(s.id, 0) > 0:
                continue
            for holder in holders.get(s.id, ()):
                other = holder.person
                if not holder.movable or other.id == person.id or other.id in moved:
                    continue
                target = alternatives(other, s, seats)
                if target is None:
                    continue
                seats[target.id] -= 1
                moves.append(Move(other.id, s.id, target.id))
                moved.add(other.id)
                chosen[module] = s
                search(index + 1, chosen, moves, seats, moved)
                del chosen[module]
                moved.discard(other.id)
                moves.pop()
                seats[target.id] += 1
                break  # one holder per session is enough to try
            if nodes > budget:
                return
        # leave this module out and go on (a partial answer still helps the counsellor)
        search(index + 1, chosen, moves, seats, moved)

    search(0, dict(keep), [], dict(free), set())
    assert best is not None  # noqa: S101  # search records the root at least
    _score, chosen, moves = best
    take = tuple(sorted(s.id for m, s in chosen.items() if m not in keep))
    missing = tuple(m for m in person.modules if m not in chosen)
    return Replan(
        keep=tuple(sorted(s.id for s in keep.values())), release=release, take=take,
        moves=tuple(moves), missing=missing, nodes=nodes,
    )
