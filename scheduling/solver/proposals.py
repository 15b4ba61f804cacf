"""Which extra sessions would complete the most additional plans.

Candidates come from free instructor/room slots (module × site × start week, with their
meetings). Greedy over candidates: each round adds the candidate whose addition lets the
optimiser complete the most additional plans, until no candidate helps or `limit` is reached.

Each trial solves only the *residual* instance: the people whose plan is not complete yet,
with the seats the completed plans use taken off. So a trial is small and fast, and what it
claims is sound: the plans completed before and the newly completed ones fit together (the
combined schedule is kept as the base of the next round). Only the `max_trials` candidates
that could serve the most people still waiting (right module, reachable site, free weekdays,
between earliest start and departure) are tried in each round.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from scheduling.solver.model import Instance, Meeting, Options, Participant, Session, Solution, weekday_of
from scheduling.solver.optimize import solve


@dataclass(frozen=True)
class Candidate:
    key: str  # caller's label, e.g. "MET-201@nue:2027-W03"
    module: int
    site: int
    meetings: tuple[Meeting, ...]
    capacity: int


@dataclass(frozen=True)
class Proposal:
    candidate: Candidate
    additional_plans: int  # plans completed thanks to this session (over the previous round)
    newly_completed: tuple[int, ...]  # participant ids


def _evaluate(instance: Instance, options: Options) -> Solution:
    return solve(instance, options)


def _residual(instance: Instance, base: Solution) -> Instance:
    """The people still waiting, and the seats the completed plans leave them."""
    done = set(base.completed)
    used = Counter(s for p, s in base.assignments if p in done)
    sessions = tuple(replace(s, capacity=max(0, s.capacity - used[s.id])) for s in instance.sessions)
    waiting = tuple(p for p in instance.participants if p.id not in done)
    return replace(instance, sessions=sessions, participants=waiting)


def could_serve(candidate: Candidate, person: Participant) -> bool:
    """Could this person sit in the candidate session, judged on the person alone?"""
    if not candidate.meetings or candidate.module not in person.modules or candidate.site not in person.sites:
        return False
    first = min(m.day for m in candidate.meetings)
    last = max(m.day for m in candidate.meetings)
    if first < person.earliest_start or last > person.departure:
        return False
    return all(weekday_of(m.day) in person.weekdays for m in candidate.meetings)


def _merge(base: Solution, found: Solution) -> Solution:
    done = set(base.completed)
    assignments = sorted({(p, s) for p, s in base.assignments if p in done} | set(found.assignments))
    return replace(base, method="proposals", assignments=tuple(assignments),
                   completed=tuple(sorted(done | set(found.completed))))


def propose_sessions(
    instance: Instance,
    candidates: list[Candidate],
    *,
    limit: int = 3,
    options: Options | None = None,
    max_trials: int = 12,
) -> list[Proposal]:
    options = options or Options(time_limit=2.0, second_level=False)
    next_id = max((s.id for s in instance.sessions), default=0) + 1
    current = instance
    base = _evaluate(current, options)
    proposals: list[Proposal] = []
    left = list(candidates)
    for _ in range(limit):
        residual = _residual(current, base)
        served = {
            cand.key: sum(could_serve(cand, person) for person in residual.participants) for cand in left
        }
        trials = sorted((c for c in left if served[c.key] > 0), key=lambda c: (-served[c.key], c.key))[:max_trials]
        best: tuple[int, Candidate, Session, Solution] | None = None
        for cand in trials:
            session = Session(id=next_id, module=cand.module, site=cand.site,
                              meetings=cand.meetings, capacity=cand.capacity)
            found = _evaluate(replace(residual, sessions=(*residual.sessions, session)), options)
            gain = found.completed_count
            if gain > 0 and (best is None or gain > best[0]):
                best = (gain, cand, session, found)
        if best is None:
            break
        gain, cand, session, found = best
        proposals.append(Proposal(cand, gain, tuple(sorted(found.completed))))
        current = replace(current, sessions=(*current.sessions, session))
        base = _merge(base, found)
        left.remove(cand)
        next_id += 1
    return proposals
