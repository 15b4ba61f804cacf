"""An independent check of a solution against the hard rules, written from the rules alone.

It shares nothing with the solver but the data classes. Rules:
  1. every pin is kept;
  2. a participant sits only in sessions of their plan modules (pins excepted), one per module;
  3. no session holds more people than its capacity (or its pins, if those already exceed it);
  4. new assignments: reachable site, available weekdays, start on/after the earliest start,
     end on/before departure;
  5. no person has two sessions with overlapping meetings (two pins may, they were given);
  6. a new assignment starts only after every in-plan prerequisite's session has ended;
  7. the claimed completed plans and hours are exactly what the assignments give.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from scheduling.solver.model import Instance, Session, Solution


def _overlap(a: Session, b: Session) -> bool:
    for ma in a.meetings:
        for mb in b.meetings:
            if ma.day == mb.day and ma.start < mb.end and mb.start < ma.end:
                return True
    return False


def validate(instance: Instance, solution: Solution) -> list[str]:
    problems: list[str] = []
    sessions = {s.id: s for s in instance.sessions}
    modules = {m.id: m for m in instance.modules}
    people = {p.id: p for p in instance.participants}
    mine: dict[int, list[int]] = defaultdict(list)
    if len(set(solution.assignments)) != len(solution.assignments):
        problems.append("an assignment is listed twice")
    for pid, sid in solution.assignments:
        if pid not in people or sid not in sessions:
            problems.append(f"unknown participant {pid} or session {sid}")
            continue
        mine[pid].append(sid)
    for p in instance.participants:
        taken = set(mine[p.id])
        for pin in p.pins:
            if pin in sessions and pin not in taken:
                problems.append(f"participant {p.id}: pin {pin} dropped")
        per_module = Counter(sessions[s].module for s in taken)
        for module, count in per_module.items():
            if count > 1:
                problems.append(f"participant {p.id}: {count} sessions of module {module}")
        for sid in taken:
            s = sessions[sid]
            if sid in p.pins:
                continue
            if s.module not in p.modules:
                problems.append(f"participant {p.id}: session {sid} is not for a plan module")
            if s.site not in p.sites:
                problems.append(f"participant {p.id}: session {sid} at unreachable site {s.site}")
            for meeting in s.meetings:
                weekday = (meeting.day - 1) % 7
                if weekday not in p.weekdays:
                    problems.append(f"participant {p.id}: session {sid} meets on unavailable weekday {weekday}")
                    break
            if min(m.day for m in s.meetings) < p.earliest_start:
                problems.append(f"participant {p.id}: session {sid} starts before the earliest start")
            if max(m.day for m in s.meetings) > p.departure:
                problems.append(f"participant {p.id}: session {sid} ends after departure")
            spec = modules.get(s.module)
            for q in spec.prerequisites if spec else ():
                if q not in p.modules or q == s.module:
                    continue
                before = [t for t in taken if sessions[t].module == q]
                if not before:
                    problems.append(f"participant {p.id}: module {s.module} without prerequisite {q}")
                elif any(max(m.day for m in sessions[t].meetings) >= min(m.day for m in s.meetings) for t in before):
                    problems.append(f"participant {p.id}: prerequisite {q} not finished before session {sid}")
        ordered = sorted(taken)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                if a in p.pins and b in p.pins:
                    continue
                if _overlap(sessions[a], sessions[b]):
                    problems.append(f"participant {p.id}: sessions {a} and {b} overlap")
    seated = Counter(sid for _, sid in solution.assignments)
    pinned = Counter(pin for p in instance.participants for pin in p.pins)
    for sid, count in seated.items():
        if sid in sessions and count > max(sessions[sid].capacity, pinned[sid]):
            problems.append(f"session {sid}: {count} people for {sessions[sid].capacity} seats")
    completed = []
    hours = 0.0
    for p in instance.participants:
        got = {sessions[s].module for s in mine[p.id]}
        plan = set(p.modules)
        hours += sum(modules[m].hours for m in plan & got if m in modules)
        if plan and plan <= got and all(
            max(mt.day for mt in sessions[s].meetings) <= p.departure for s in mine[p.id] if s not in p.pins
        ):
            completed.append(p.id)
    if tuple(sorted(completed)) != tuple(sorted(solution.completed)):
        problems.append(f"completed plans claimed {len(solution.completed)}, found {len(completed)}")
    if abs(hours - solution.hours) > 0.01:
        problems.append(f"hours claimed {solution.hours}, found {hours}")
    return problems
