"""Why a plan is still at risk: per missing module, the first rule that rules every session out.

Reasons are codes with data (module code, a day), so the product can word them in the
user's language; `describe` gives a plain English line for logs and the benchmark.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from scheduling.solver.model import Instance, Session, Solution, date_of, weekday_of

NO_SESSION = "no_session"  # the module is not offered at all
NO_REACHABLE_SITE = "no_reachable_site"  # offered, but not at a site the person can reach
TOO_LATE = "too_late"  # no reachable session ends on or before departure (after the earliest start)
WEEKDAYS = "weekdays"  # such sessions meet on days the person is not available
PREREQUISITE = "prerequisite"  # none starts after a prerequisite could be finished
FULL = "full"  # every session that would fit is full
CLASH = "clash"  # sessions with seats clash with the person's other sessions
OPEN = "open"  # a session with a free seat still fits: not enrolled yet, but possible


@dataclass(frozen=True)
class Reason:
    code: str
    module: str  # module code
    day: int | None = None  # departure (TOO_LATE) ordinal
    other: str = ""  # prerequisite module code (PREREQUISITE)


def describe(reason: Reason) -> str:
    if reason.code == TOO_LATE and reason.day is not None:
        return f"no session of {reason.module} ends before {date_of(reason.day):%d.%m.%Y}"
    texts = {
        NO_SESSION: f"{reason.module} is not offered",
        NO_REACHABLE_SITE: f"no session of {reason.module} at a reachable site",
        WEEKDAYS: f"sessions of {reason.module} meet on days the participant is not available",
        PREREQUISITE: f"no session of {reason.module} starts after {reason.other} can be finished",
        FULL: f"{reason.module} full in all reachable sites",
        CLASH: f"sessions of {reason.module} with free seats clash with other sessions of the plan",
        OPEN: f"{reason.module} not scheduled yet, a session with free seats still fits",
    }
    return texts.get(reason.code, reason.code)


def _overlap(a: Session, b: Session) -> bool:
    return any(
        ma.day == mb.day and ma.start < mb.end and mb.start < ma.end for ma in a.meetings for mb in b.meetings
    )


def blocking(reasons: list[Reason]) -> list[Reason]:
    """The reasons that stop a plan even if the counsellor acts now (all but OPEN)."""
    return [r for r in reasons if r.code != OPEN]


def explain(instance: Instance, solution: Solution) -> dict[int, list[Reason]]:
    """Participants whose plan is not complete in `solution`, each with one reason per missing module."""
    sessions = {s.id: s for s in instance.sessions}
    modules = {m.id: m for m in instance.modules}
    seated = Counter(sid for _, sid in solution.assignments)
    mine: dict[int, set[int]] = {}
    for pid, sid in solution.assignments:
        mine.setdefault(pid, set()).add(sid)
    done = set(solution.completed)
    by_module: dict[int, list[int]] = {}
    for s in instance.sessions:
        by_module.setdefault(s.module, []).append(s.id)
    result: dict[int, list[Reason]] = {}
    for p in instance.participants:
        if p.id in done or not p.modules:
            continue
        taken = mine.get(p.id, set())
        have = {sessions[s].module: s for s in taken}
        reasons: list[Reason] = []
        for m in p.modules:
            if m in have:
                continue
            code = modules[m].code if m in modules else str(m)
            offered = [sessions[s] for s in by_module.get(m, [])]
            if not offered:
                reasons.append(Reason(NO_SESSION, code))
                continue
            reachable = [s for s in offered if s.site in p.sites]
            if not reachable:
                reasons.append(Reason(NO_REACHABLE_SITE, code))
                continue
            timely = [s for s in reachable if s.first_day >= p.earliest_start and s.last_day <= p.departure]
            if not timely:
                reasons.append(Reason(TOO_LATE, code, day=p.departure))
                continue
            free_days = [s for s in timely if all(weekday_of(mt.day) in p.weekdays for mt in s.meetings)]
            if not free_days:
                reasons.append(Reason(WEEKDAYS, code))
                continue
            blocked = ""
            for q in modules[m].prerequisites if m in modules else ():
                if q not in p.modules or q == m:
                    continue
                if q in have:
                    ends = sessions[have[q]].last_day
                else:
                    options = [
                        sessions[t] for t in by_module.get(q, [])
                        if sessions[t].site in p.sites and p.earliest_start <= sessions[t].first_day
                    ]
                    ends = min((t.last_day for t in options), default=p.departure + 1)
                if not any(s.first_day > ends for s in free_days):
                    blocked = modules[q].code if q in modules else str(q)
                    break
            if blocked:
                reasons.append(Reason(PREREQUISITE, code, other=blocked))
                continue
            with_seats = [s for s in free_days if seated[s.id] < s.capacity]
            if not with_seats:
                reasons.append(Reason(FULL, code))
                continue
            fits = [
                s for s in with_seats
                if not any(_overlap(s, sessions[t]) for t in taken)
                and all(
                    sessions[have[q]].last_day < s.first_day
                    for q in (modules[m].prerequisites if m in modules else ())
                    if q in have and q in p.modules
                )
            ]
            reasons.append(Reason(OPEN if fits else CLASH, code))
        result[p.id] = reasons
    return result
