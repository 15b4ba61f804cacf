"""Which extra sessions would complete the most additional plans.

Candidates come from free instructor/room slots (module × site × start week, with their
meetings). Greedy over candidates: each round adds the candidate whose addition lets the
optimiser complete the most additional plans, until no candidate helps or `limit` is reached.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from scheduling.solver.model import Instance, Meeting, Options, Session, Solution
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


def propose_sessions(
    instance: Instance,
    candidates: list[Candidate],
    *,
    limit: int = 3,
    options: Options | None = None,
) -> list[Proposal]:
    options = options or Options(time_limit=2.0, second_level=False)
    next_id = max((s.id for s in instance.sessions), default=0) + 1
    current = instance
    base = _evaluate(current, options)
    proposals: list[Proposal] = []
    left = list(candidates)
    for _ in range(limit):
        plan_modules = {m for p in current.participants if p.id not in base.completed for m in p.modules}
        best: tuple[int, Candidate, Instance, Solution] | None = None
        for number, cand in enumerate(left):
            if cand.module not in plan_modules or not cand.meetings:
                continue
            session = Session(id=next_id + number, module=cand.module, site=cand.site,
                              meetings=cand.meetings, capacity=cand.capacity)
            trial = replace(current, sessions=(*current.sessions, session))
            found = _evaluate(trial, options)
            gain = found.completed_count - base.completed_count
            if gain > 0 and (best is None or gain > best[0]):
                best = (gain, cand, trial, found)
        if best is None:
            break
        gain, cand, current, found = best
        proposals.append(Proposal(cand, gain, tuple(sorted(set(found.completed) - set(base.completed)))))
        base = found
        left.remove(cand)
        next_id += len(candidates) + 1
    return proposals
