"""A neutral JSON format for instances and solutions (docs/scheduler-json.md, docs/scheduler.schema.json).

Days are ISO dates ("2027-01-04"), times "HH:MM", ids integers; nothing else is needed to run
the solver on an instance built elsewhere or to check a solution with the validator.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from scheduling.solver.model import ALL_WEEKDAYS, Instance, Meeting, Module, Participant, Session, Solution

FORMAT = "reintegra-scheduler/1"


def _date(day: int) -> str:
    return dt.date.fromordinal(day).isoformat()


def _day(text: str) -> int:
    return dt.date.fromisoformat(text).toordinal()


def _time(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def instance_to_json(instance: Instance) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "modules": [
            {"id": m.id, "code": m.code, "hours": m.hours, "prerequisites": list(m.prerequisites)}
            for m in instance.modules
        ],
        "sessions": [
            {
                "id": s.id, "module": s.module, "site": s.site, "capacity": s.capacity,
                "meetings": [{"date": _date(m.day), "start": _time(m.start), "end": _time(m.end)} for m in s.meetings],
            }
            for s in instance.sessions
        ],
        "participants": [
            {
                "id": p.id, "modules": list(p.modules), "departure": _date(p.departure), "sites": sorted(p.sites),
                "earliest_start": _date(p.earliest_start) if p.earliest_start else None,
                "weekdays": sorted(p.weekdays), "pins": list(p.pins),
            }
            for p in instance.participants
        ],
    }


def instance_from_json(data: dict[str, Any]) -> Instance:
    if data.get("format") != FORMAT:
        raise ValueError(f"not a {FORMAT} instance (format: {data.get('format')!r})")
    modules = tuple(
        Module(
            int(m["id"]), str(m.get("code", m["id"])), float(m["hours"]),
            tuple(int(q) for q in m.get("prerequisites", ())),
        )
        for m in data["modules"]
    )
    sessions = tuple(
        Session(
            int(s["id"]), int(s["module"]), int(s["site"]),
            tuple(Meeting(_day(m["date"]), _minutes(m["start"]), _minutes(m["end"])) for m in s["meetings"]),
            int(s["capacity"]),
        )
        for s in data["sessions"]
    )
    people = tuple(
        Participant(
            int(p["id"]), tuple(int(m) for m in p["modules"]), _day(p["departure"]),
            frozenset(int(s) for s in p["sites"]),
            _day(p["earliest_start"]) if p.get("earliest_start") else 0,
            frozenset(int(w) for w in p["weekdays"]) if p.get("weekdays") is not None else ALL_WEEKDAYS,
            tuple(int(s) for s in p.get("pins", ())),
        )
        for p in data["participants"]
    )
    return Instance(modules, sessions, people)


def solution_to_json(solution: Solution, *, bound: int | None = None) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "method": solution.method,
        "assignments": [{"participant": p, "session": s} for p, s in solution.assignments],
        "completed": list(solution.completed),
        "hours": solution.hours,
        "seconds": round(solution.seconds, 3),
        "bound": bound,
    }


def solution_from_json(data: dict[str, Any]) -> Solution:
    if data.get("format") != FORMAT:
        raise ValueError(f"not a {FORMAT} solution (format: {data.get('format')!r})")
    return Solution(
        method=str(data.get("method", "")),
        assignments=tuple(sorted((int(a["participant"]), int(a["session"])) for a in data["assignments"])),
        completed=tuple(sorted(int(p) for p in data.get("completed", ()))),
        hours=float(data.get("hours", 0.0)),
        seconds=float(data.get("seconds", 0.0)),
    )
