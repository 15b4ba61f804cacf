"""The deadline-aware scheduler: plain data in, plain data out, no Django (see ../README.md)."""

from scheduling.solver.bound import lp_bound
from scheduling.solver.greedy import greedy_edf, greedy_fcfs, greedy_whole_edf
from scheduling.solver.model import (
    ALL_WEEKDAYS,
    Instance,
    Meeting,
    Module,
    Options,
    Participant,
    Progress,
    Session,
    Solution,
    date_of,
    day_of,
)
from scheduling.solver.optimize import solve
from scheduling.solver.proposals import Candidate, Proposal, propose_sessions
from scheduling.solver.reasons import Reason, blocking, describe, explain
from scheduling.solver.validate import validate

__all__ = [
    "ALL_WEEKDAYS",
    "Candidate",
    "Instance",
    "Meeting",
    "Module",
    "Options",
    "Participant",
    "Progress",
    "Proposal",
    "Reason",
    "Session",
    "Solution",
    "date_of",
    "day_of",
    "blocking",
    "describe",
    "explain",
    "greedy_edf",
    "greedy_fcfs",
    "greedy_whole_edf",
    "lp_bound",
    "propose_sessions",
    "solve",
    "validate",
]
