"""Re-planning one person after their departure moved: the proposal (a read) and, once the
counsellor confirms, its application (a write, all or nothing). The search is the pure
`scheduling.solver.replan`; this module loads just what it needs (the person's plan modules'
sessions, and the holders of full sessions only if a free seat is not enough)."""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from dataclasses import dataclass, replace

from django.core import signing
from django.utils import timezone

from accounts.audit import audit_read
from accounts.models import User
from catalogue.models import Module
from participants.access import participant_queryset_for_user
from participants.models import Participant
from scheduling import solver
from scheduling.models import Enrolment, Pin, Session
from scheduling.risk import Calendar, people_load
from scheduling.solver.replan import Holder, Replan, replan

SIGNING_SALT = "scheduling.replan"
MAX_AGE = 15 * 60  # a proposal older than this is made again
FULL_SESSIONS_ASKED = 40  # full sessions whose holders are loaded, earliest ending first



@dataclass
class ProposedMove:
    participant: Participant
    from_session: Session
    to_session: Session


@dataclass
class ReplanProposal:
    participant: Participant
    departure: dt.date
    keep: list[Session]
    release: list[Session]
    take: list[Session]
    moves: list[ProposedMove]
    missing: list[str]  # module codes
    seconds: float
    token: str  # the proposal, signed: what the confirmation applies

    @property
    def changes_anything(self) -> bool:
        return bool(self.release or self.take or self.moves)


def replan_compute(*, participant_id: int, today: dt.date, departure: dt.date | None = None) -> Replan | None:
    """The pure answer (ids) for one person; None if they are not in scope."""
    people = people_load(participant_ids=[participant_id], today=today)
    if not people:
        return None
    person = people[0] if departure is None else replace(people[0], departure=departure.toordinal())
    calendar = Calendar(today=today)
    calendar.load_for([person])
    calendar.load_sessions(person.pins)

    def own_sessions() -> list[solver.Session]:
        return [s for s in calendar.usable(person) if s.id > 0]  # not the "offered" stand-ins

    first = replan(person, own_sessions(), calendar.modules.values(), calendar.taken)
    if first.completes:
        return first
    # Some module found no free seat: ask who holds the full sessions that would fit.
    missing = set(first.missing)
    full = sorted(
        (s for s in own_sessions()
         if s.module in missing and s.site in person.sites and s.first_day >= person.earliest_start
         and s.last_day <= person.departure and calendar.taken.get(s.id, 0) >= s.capacity),
        key=lambda s: (s.last_day, s.id),
    )[:FULL_SESSIONS_ASKED]
    if not full:
        return first
    holder_ids: dict[int, set[int]] = defaultdict(set)
    for model in (Enrolment, Pin):
        for session_id, pid in model.objects.filter(session_id__in=[s.id for s in full]).values_list(
            "session_id", "participant_id"
        ):
            holder_ids[session_id].add(pid)
    others = {p.id: p for p in people_load(participant_ids=sorted({p for ids in holder_ids.values() for p in ids}),
                                            today=today)}
    calendar.load_for([replace(p, modules=tuple(m for m in p.modules if m in missing)) for p in others.values()])
    calendar.load_sessions(s for p in others.values() for s in p.pins)
    holders = {
        sid: [Holder(others[pid]) for pid in sorted(pids) if pid in others and pid != person.id]
        for sid, pids in holder_ids.items()
    }
    sessions = {s.id: s for s in own_sessions()}
    for other in others.values():  # where they could go instead, and what they hold (clashes)
        sessions.update({s.id: s for s in calendar.usable(other) if s.id > 0})
    second = replan(person, sessions.values(), calendar.modules.values(), calendar.taken, holders)
    return second if (len(second.missing), len(second.moves)) < (len(first.missing), 0) else first


def replan_propose(*, participant: Participant, today: dt.date) -> ReplanProposal | None:
    """What to book, give up and move so this person's plan finishes before their departure."""
    started = time.perf_counter()
    found = replan_compute(participant_id=participant.pk, today=today)
    if found is None:
        return None
    ids = {*found.keep, *found.release, *found.take, *(m.from_session for m in found.moves),
           *(m.to_session for m in found.moves)}
    sessions = Session.objects.select_related("module", "site").in_bulk(ids)
    people = Participant.objects.in_bulk([m.participant for m in found.moves])
    module_codes = dict(calendar_codes(found.missing))
    token = signing.dumps(
        {"p": participant.pk, "d": participant.planned_departure.isoformat(), "take": list(found.take),
         "release": list(found.release), "moves": [[m.participant, m.from_session, m.to_session] for m in found.moves]},
        salt=SIGNING_SALT,
    )
    return ReplanProposal(
        participant=participant,
        departure=participant.planned_departure,
        keep=[sessions[s] for s in found.keep],
        release=[sessions[s] for s in found.release],
        take=[sessions[s] for s in found.take],
        moves=[ProposedMove(people[m.participant], sessions[m.from_session], sessions[m.to_session])
               for m in found.moves],
        missing=[module_codes.get(m, str(m)) for m in found.missing],
        seconds=time.perf_counter() - started,
        token=token,
    )


def calendar_codes(module_ids: tuple[int, ...]) -> list[tuple[int, str]]:
    return list(Module.objects.filter(pk__in=module_ids).values_list("pk", "code"))


def replan_proposal_for_user(*, user: User, participant: Participant) -> dict[str, object]:
    """The proposal as a page shows it (the replan page and the departure page). People moved
    to make room are named only to users who may see them, and that read is audited; the user
    may confirm only if they may see everyone it moves."""
    proposal = replan_propose(participant=participant, today=timezone.localdate())
    if proposal is None:
        return {"proposal": None}
    moved = [move.participant.pk for move in proposal.moves]
    visible = set(participant_queryset_for_user(user=user).filter(pk__in=moved).values_list("pk", flat=True))
    if visible:
        audit_read(actor=user, participant_ids=sorted(visible))
    return {"proposal": proposal, "visible_moved": visible, "may_apply": set(moved) <= visible}
