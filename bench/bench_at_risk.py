"""Benchmark of "plans at risk" and re-planning one person, on a seeded PostgreSQL database.

    createdb atrisk_100k
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/atrisk_100k REINTEGRA_TESTING=1 \\
        REINTEGRA_VAR_DIR=/tmp/atrisk-var python manage.py migrate
    ... python manage.py seed_demo --participants 100000          # ~2-5 min
    DATABASE_URL=... REINTEGRA_VAR_DIR=/tmp/atrisk-var python bench/bench_at_risk.py [--old]

(REINTEGRA_VAR_DIR must be the one the seeding used: the field keys live there.)

Measures: the full rebuild (`recompute_plan_risk`), the at-risk page as a manager and as a
counsellor, the case file, the incremental recomputation after a departure move and after a
session fills up (each rolled back), and the re-planning proposal for people whose departure
moved earlier. `--old` also times the previous page (the whole optimiser input per request).
Ends with one JSON line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/atrisk_100k")
os.environ.setdefault("REINTEGRA_TESTING", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reintegra.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import Count, F  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from accounts.tests.login import VerifiedClient  # noqa: E402
from participants.models import Participant  # noqa: E402
from returns.services import departure_move  # noqa: E402
from scheduling import services  # noqa: E402
from scheduling.models import Enrolment, PlanRisk, Session  # noqa: E402
from scheduling.replan import replan_propose  # noqa: E402
from scheduling.risk import in_scope, plan_risk_rebuild  # noqa: E402
from scheduling.selectors import plan_risk_for_participant, plan_risk_queryset_at_risk  # noqa: E402


class Rollback(Exception):
    pass


def timed(fn, repeat: int = 5) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), max(times)


def old_page_seconds(user: User) -> float:
    """The page before: the whole optimiser input and `explain` on every request."""
    from participants.access import participant_queryset_for_user
    from scheduling import optimiser, solver

    t0 = time.perf_counter()
    visible = list(participant_queryset_for_user(user=user).values_list("pk", flat=True))
    built = optimiser.instance_build(today=timezone.localdate(), participant_ids=visible)
    current = optimiser.current_schedule(built)
    rows = [pid for pid, reasons in solver.explain(built.instance, current).items() if solver.blocking(reasons)]
    assert rows is not None  # noqa: S101
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--old", action="store_true", help="also time the previous at-risk page once")
    parser.add_argument("--replans", type=int, default=10, help="people to re-plan (default 10)")
    parser.add_argument("--shift", type=int, default=0, metavar="N",
                        help="first move every N-th person's departure to next week in bulk (so many plans are at "
                             "risk; changes the database, bypassing the services: the rebuild then catches up)")
    parser.add_argument("--skip-rebuild", action="store_true", help="keep the stored verdicts (timed before)")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("needs PostgreSQL: set DATABASE_URL")
    today = timezone.localdate()
    total = Participant.objects.count()
    if total == 0:
        raise SystemExit("empty database: run manage.py seed_demo --participants 100000 first")
    manager = User.objects.filter(role=Role.MANAGER).order_by("pk").first()
    counsellor = User.objects.filter(role=Role.COUNSELLOR, site__isnull=False).order_by("pk").first()
    assert manager is not None and counsellor is not None  # noqa: S101
    print(f"database {connection.settings_dict['NAME']}: {total:,} participants, "
          f"{Session.objects.count():,} sessions, {Enrolment.objects.count():,} enrolments; load {os.getloadavg()}")

    if args.shift:
        ids = list(Participant.objects.filter(in_scope(), planned_departure__gte=today + dt.timedelta(days=8))
                   .order_by("pk").values_list("pk", flat=True).distinct())[:: args.shift]
        Participant.objects.filter(pk__in=ids).update(planned_departure=today + dt.timedelta(days=7))
        print(f"moved {len(ids):,} departures to next week (bulk, as an import would)")
    t0 = time.perf_counter()
    judged = (PlanRisk.objects.count() if args.skip_rebuild else plan_risk_rebuild(today=today))
    rebuild = 0.0 if args.skip_rebuild else time.perf_counter() - t0
    at_risk = PlanRisk.objects.filter(at_risk=True).count()
    print(f"full rebuild: {judged:,} participants judged, {at_risk:,} at risk, {rebuild:.1f} s")

    client = VerifiedClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(manager)
    url = reverse("scheduling:at_risk")
    assert client.get(url).status_code == 200  # noqa: S101  # warm
    page_median, page_max = timed(lambda: client.get(url))
    deep_median, _ = timed(lambda: client.get(url + "?page=50"), repeat=3)
    counsellor_client = VerifiedClient(HTTP_ACCEPT_LANGUAGE="en")
    counsellor_client.force_login(counsellor)
    counsellor_median, _ = timed(lambda: counsellor_client.get(url))
    print(f"at-risk page, manager: median {page_median * 1000:.0f} ms (max {page_max * 1000:.0f} ms); "
          f"page 50: {deep_median * 1000:.0f} ms; counsellor: {counsellor_median * 1000:.0f} ms")
    risky = PlanRisk.objects.filter(at_risk=True, participant__planned_departure__gte=today).order_by("pk").first()
    case_median = 0.0
    if risky is not None:
        case_url = reverse("participants:case_file", args=[risky.participant_id])
        body = client.get(case_url).content.decode()
        assert 'id="plan-risk"' in body  # noqa: S101  # the same stored verdict
        case_median, _ = timed(lambda: client.get(case_url), repeat=3)
        print(f"case file of a person at risk (warning shown): median {case_median * 1000:.0f} ms")

    # A departure moved earlier: recomputed in the write's transaction, then on both pages.
    enrolled = (
        Participant.objects.filter(in_scope(), planned_departure__gte=today + dt.timedelta(days=60))
        .annotate(n=Count("enrolments")).filter(n__gte=2, plan_risk__at_risk=False).order_by("pk")
    )
    movers = list(enrolled[: max(1, args.replans)])
    move_times: list[float] = []
    replan_times: list[float] = []
    replan_complete = 0
    replan_moves = 0
    flagged_on_page = 0
    for person in movers:
        try:
            with transaction.atomic():
                t0 = time.perf_counter()
                departure_move(acting_user=manager, participant=person, planned_departure=today + dt.timedelta(days=7))
                move_times.append(time.perf_counter() - t0)
                # what the at-risk page and the case file read
                flagged_on_page += plan_risk_queryset_at_risk(user=manager, today=today).filter(
                    participant=person).exists() and bool(plan_risk_for_participant(participant=person, today=today))
                t0 = time.perf_counter()
                proposal = replan_propose(participant=Participant.objects.get(pk=person.pk), today=today)
                replan_times.append(time.perf_counter() - t0)
                if proposal is not None:
                    replan_complete += not proposal.missing
                    replan_moves += len(proposal.moves)
                raise Rollback
        except Rollback:
            pass
    print(f"departure moved earlier ({len(movers)} people): recompute in the write "
          f"median {statistics.median(move_times) * 1000:.0f} ms, max {max(move_times) * 1000:.0f} ms; "
          f"flagged {flagged_on_page}/{len(movers)}")
    print(f"re-planning proposal: median {statistics.median(replan_times) * 1000:.0f} ms, "
          f"max {max(replan_times) * 1000:.0f} ms; complete plans {replan_complete}/{len(movers)}, "
          f"others moved {replan_moves}")

    # A session filling up: everyone who could have used it is recomputed.
    fill_seconds = 0.0
    fill_affected = 0
    last_seat = (
        Session.objects.filter(starts_on__gt=today).annotate(n=Count("enrolments"))
        .filter(n=F("capacity") - 1).order_by("starts_on").first()
    )
    if last_seat is not None:
        candidate = (
            Participant.objects.filter(in_scope(), plans__items__module=last_seat.module_id,
                                       planned_departure__gte=last_seat.ends_on)
            .exclude(enrolments__session=last_seat).order_by("pk").first()
        )
        if candidate is not None:
            try:
                with transaction.atomic():
                    before = dict(PlanRisk.objects.values_list("participant_id", "computed_at"))
                    t0 = time.perf_counter()
                    services.session_enrol(acting_user=manager, session=last_seat, participant=candidate)
                    fill_seconds = time.perf_counter() - t0
                    fill_affected = sum(
                        1 for pid, at in PlanRisk.objects.values_list("participant_id", "computed_at")
                        if before.get(pid) != at
                    )
                    raise Rollback
            except Rollback:
                pass
            print(f"enrolment taking a session's last seat: {fill_seconds * 1000:.0f} ms, "
                  f"{fill_affected:,} verdicts recomputed")

    old = None
    if args.old:
        old = old_page_seconds(manager)
        print(f"old at-risk computation (whole optimiser input): {old:.1f} s")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {rss:.0f} MB; load {os.getloadavg()}")
    print(json.dumps({
        "bench": "at_risk", "participants": total, "judged": judged, "at_risk": at_risk,
        "rebuild_s": round(rebuild, 2), "page_manager_ms": round(page_median * 1000, 1),
        "page_manager_max_ms": round(page_max * 1000, 1), "page_50_ms": round(deep_median * 1000, 1),
        "page_counsellor_ms": round(counsellor_median * 1000, 1), "case_file_ms": round(case_median * 1000, 1),
        "departure_move_ms": round(statistics.median(move_times) * 1000, 1),
        "flagged": f"{flagged_on_page}/{len(movers)}",
        "replan_median_ms": round(statistics.median(replan_times) * 1000, 1),
        "replan_max_ms": round(max(replan_times) * 1000, 1), "replan_complete": replan_complete,
        "replan_moves": replan_moves, "fill_ms": round(fill_seconds * 1000, 1), "fill_recomputed": fill_affected,
        "old_page_s": round(old, 2) if old is not None else None, "peak_rss_mb": round(rss),
        "load": [round(x, 2) for x in os.getloadavg()],
    }))


if __name__ == "__main__":
    main()
