"""Benchmark: the programme report over 100,000 participants on PostgreSQL.

Standalone: python bench/bench_reporting.py [--count 100000] [--database NAME] [--keep] [--reuse]

Creates its own PostgreSQL database on DATABASE_URL's server (default 127.0.0.1:5432 as postgres;
named after DATABASE_URL's database + "_bench" unless --database), migrates it, bulk-inserts
N participants over two years with agreed plans of two modules, enrolments with results,
certificates, and returns (returned, postponed, withdrawn,
stays), then times `programme_report` (total and every breakdown, in one query) a few times
and the page data around it (labels, suppression). Prints the figures and the query count,
the cells withheld from funders by the former heuristic and by the minimal protection, drops
the database (unless --keep) and ends with one JSON line for the record.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_URL = os.environ.get("DATABASE_URL", "")
if _URL.startswith(("postgres://", "postgresql://")):
    SERVER, _, _NAME = _URL.rpartition("/")
    DEFAULT_DATABASE = f"{_NAME.split('?')[0]}_bench"
else:
    SERVER, DEFAULT_DATABASE = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"), "reintegra_bench"


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--database", default=DEFAULT_DATABASE)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="use the data a --keep run left (no setup)")
    parser.add_argument(
        "--demo-database", default="",
        help="a database seeded by `seed_demo` on the same server: also print the demo funder's cells withheld",
    )
    parser.add_argument("--demo-only", action="store_true", help=argparse.SUPPRESS)  # the subprocess for the demo
    return parser.parse_args()


ARGS = _arguments()
os.environ["DJANGO_SETTINGS_MODULE"] = "reintegra.settings"
os.environ["REINTEGRA_TESTING"] = "1"
os.environ["DATABASE_URL"] = f"{SERVER}/{ARGS.database}"
os.environ.setdefault("REINTEGRA_VAR_DIR", tempfile.mkdtemp(prefix="bench-reporting-"))
os.environ.setdefault("LOG_LEVEL", "WARNING")

import psycopg  # noqa: E402


def _admin(sql: str) -> None:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(sql)


if not ARGS.reuse and not ARGS.demo_only:
    _admin(f'DROP DATABASE IF EXISTS "{ARGS.database}"')
    _admin(f'CREATE DATABASE "{ARGS.database}"')

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import Role, Site, User  # noqa: E402
from catalogue.models import Module, Trade  # noqa: E402
from certificates.models import Certificate  # noqa: E402
from funding.models import Funder, FunderKind, FundingLine, Project  # noqa: E402
from participants.models import Participant  # noqa: E402
from plans.models import Plan, PlanItem, PlanStatus  # noqa: E402
from reporting.facts import facts_rebuild  # noqa: E402
from reporting.indicators import Scope, programme_report  # noqa: E402
from reporting.models import ParticipantFact  # noqa: E402
from reporting.periods import Period  # noqa: E402
from reporting.selectors import data_suppress, report_data  # noqa: E402
from reporting.suppression import FUNDER_COUNTS, legacy_report_hidden_cells, report_suppress  # noqa: E402
from returns.models import Return, ReturnStatus  # noqa: E402
from scheduling.models import Enrolment, Session  # noqa: E402
from training.models import Outcome, Result  # noqa: E402

BATCH = 5000
COUNTRIES = ["SY", "AF", "IQ", "NG", "SN", "GM", "ER", "ET", "GN", "CM", "GE", "XK"]
GENDERS = ["f", "m", "m", "d", "x"]
FIRST = ["Amina", "Yonas", "Samir", "Leyla", "Omar", "Fatima", "Hassan", "Rahel", "Ibrahima", "Mariam"]


def _bulk(model: Any, objects: list[Any]) -> list[Any]:
    return list(model.objects.bulk_create(objects, batch_size=BATCH))


def create_data(count: int, rng: random.Random) -> Period:
    today = dt.date(2026, 11, 25)
    first_day = today - dt.timedelta(days=730)
    sites = _bulk(Site, [Site(code=f"s{n}", name=f"Werkstatt {n}", city=f"Stadt {n}") for n in range(6)])
    counsellors = _bulk(
        User, [User(username=f"counsellor{n}", role=Role.COUNSELLOR, site=site) for n, site in enumerate(sites)]
    )
    instructor = User.objects.create(username="instructor", role=Role.INSTRUCTOR, site=sites[0])
    trades = _bulk(Trade, [Trade(code=f"t{n}", name_de=f"Gewerk {n}", name_en=f"Trade {n}") for n in range(8)])
    modules = _bulk(
        Module,
        [
            Module(trade=trade, code=f"M-{t}-{n}", title_de=f"Modul {t}.{n}", title_en=f"Module {t}.{n}",
                   hours=Decimal(rng.choice([24, 40, 80])))
            for t, trade in enumerate(trades) for n in range(4)
        ],
    )
    project = Project.objects.create(name="RQ", starts_on=dt.date(2020, 10, 1), ends_on=dt.date(2027, 12, 31))
    funders = _bulk(Funder, [Funder(code="bmz", name="BMZ via GIZ", kind=FunderKind.FEDERAL),
                             Funder(code="lfar", name="Landesamt", kind=FunderKind.STATE)])
    lines = _bulk(FundingLine, [
        FundingLine(project=project, funder=funder, project_number=f"P-{n}", name=funder.code, share_percent=50)
        for n, funder in enumerate(funders)
    ])
    sessions = _bulk(Session, [
        Session(module=module, site=rng.choice(sites), instructor=instructor, capacity=5000,
                starts_on=first_day + dt.timedelta(days=30 * n), ends_on=first_day + dt.timedelta(days=30 * n + 9))
        for n, module in enumerate(modules)
    ])
    sessions_of = {module.pk: [s for s in sessions if s.module_id == module.pk] for module in modules}
    people = []
    for n in range(count):
        site_index = rng.randrange(len(sites))
        intake = first_day + dt.timedelta(days=rng.randrange(700))
        people.append(Participant(
            case_number=f"B-{n:07d}", first_name=rng.choice(FIRST), last_name=f"Person{n}",
            date_of_birth=dt.date(1960 + rng.randrange(45), 1 + rng.randrange(12), 1 + rng.randrange(28)),
            gender=rng.choice(GENDERS), origin_country=rng.choice(COUNTRIES), site=sites[site_index],
            counsellor=counsellors[site_index], funding_line=rng.choice([*lines, None]), intake_date=intake,
            planned_departure=intake + dt.timedelta(days=240),
        ))
    people = _bulk(Participant, people)
    plans, items, enrolments, outcomes, certificates, returns = [], [], [], [], [], []
    planned = [person for person in people if rng.random() < 0.85]
    for person in planned:
        plans.append(Plan(participant=person, version=1, status=PlanStatus.FINAL, created_by=person.counsellor,
                          agreed_on=person.intake_date + dt.timedelta(days=20)))
    plans = _bulk(Plan, plans)
    for plan, person in zip(plans, planned, strict=True):
        trade = rng.randrange(len(trades))
        chosen = rng.sample([m for m in modules if m.trade_id == trades[trade].pk], 2)
        for position, module in enumerate(chosen, start=1):
            items.append(PlanItem(plan=plan, module=module, position=position))
            enrolments.append(Enrolment(session=rng.choice(sessions_of[module.pk]), participant=person,
                                        enrolled_by=person.counsellor))
    _bulk(PlanItem, items)
    enrolments = _bulk(Enrolment, enrolments)
    for enrolment in enrolments:
        if rng.random() < 0.8:
            outcomes.append(Result(enrolment=enrolment, recorded_by=instructor, recorded_on=today - dt.timedelta(
                days=rng.randrange(600)), outcome=Outcome.PASSED if rng.random() < 0.9 else Outcome.FAILED))
    _bulk(Result, outcomes)
    for index, (plan, person) in enumerate(zip(plans, planned, strict=True)):
        if rng.random() < 0.6:
            certificates.append(Certificate(number=f"RZ-B-{index:07d}", participant=person, plan=plan,
                                            issued_on=person.intake_date + dt.timedelta(days=150),
                                            issued_by=person.counsellor))
        draw = rng.random()
        if draw < 0.55:
            returns.append(Return(participant=person, status=ReturnStatus.RETURNED, recorded_by=person.counsellor,
                                  actual_departure=person.intake_date + dt.timedelta(days=180 + rng.randrange(90)),
                                  status_date=person.intake_date + dt.timedelta(days=180)))
        elif draw < 0.65:
            status = rng.choice([ReturnStatus.WITHDRAWN, ReturnStatus.STAYS, ReturnStatus.POSTPONED])
            returns.append(Return(participant=person, status=status, recorded_by=person.counsellor,
                                  status_date=person.intake_date + dt.timedelta(days=100)))
    _bulk(Certificate, certificates)
    _bulk(Return, returns)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # before the rebuild: its per-person lookups need the planner's estimates
    facts_rebuild()  # bulk_create sends no model signals: the report's fact table is computed once here
    return Period(start=today - dt.timedelta(days=729), end=today)


def main() -> None:
    rng = random.Random(7)  # noqa: S311 (benchmark data, not secrets)
    started = time.perf_counter()
    if ARGS.reuse:
        today = dt.date(2026, 11, 25)
        period = Period(start=today - dt.timedelta(days=729), end=today)
        call_command("migrate", verbosity=0)
        if ParticipantFact.objects.count() != Participant.objects.count():
            facts_rebuild()
    else:
        call_command("migrate", verbosity=0)
        period = create_data(ARGS.count, rng)
    setup = time.perf_counter() - started
    print(f"setup: migrate + {ARGS.count} participants with plans, enrolments, results, certificates, returns: "
          f"{setup:.1f} s")
    scope = Scope(period=period)
    programme_report(scope)  # warm up the connection and the caches
    timings, page_timings = [], []
    for _ in range(ARGS.runs):
        with CaptureQueriesContext(connection) as queries:
            begin = time.perf_counter()
            report = programme_report(scope)
            timings.append(time.perf_counter() - begin)
        report_queries = len(queries)
        with CaptureQueriesContext(connection) as page_queries:
            begin = time.perf_counter()
            data = report_data(programme_report(scope))
            data_suppress(data)
            page_timings.append(time.perf_counter() - begin)
    total = report.total
    print(f"figures: started {total.started}, active {total.active}, finished {total.finished}, "
          f"with plan {total.with_plan}, qualified {total.qualified}, returned {total.returned}, "
          f"qualified and returned {total.qualified_and_returned} "
          f"({float(total.share_qualified_and_returned or 0):.1%}), dropped out {total.dropped_out}, "
          f"module hours {total.module_hours}, median days intake→return {total.median_days_to_return}")
    print("breakdown groups: " + ", ".join(f"{name} {len(rows)}" for name, rows in report.breakdowns.items()))
    median, best = statistics.median(timings), min(timings)
    print(f"report (total + {len(report.breakdowns)} breakdowns): median {median * 1000:.0f} ms, best "
          f"{best * 1000:.0f} ms over {ARGS.runs} runs, {report_queries} query")
    print(f"page data (report + labels + suppression): median {statistics.median(page_timings) * 1000:.0f} ms, "
          f"{len(page_queries)} queries")
    other_timings = _other_periods(period)
    for name, ms in other_timings.items():
        print(f"report, {name}: median {ms:.0f} ms")
    from_records = []
    for _ in range(3):
        begin = time.perf_counter()
        programme_report(scope, from_records=True)
        from_records.append(time.perf_counter() - begin)
    records_ms = statistics.median(from_records) * 1000
    print(f"report counted from the records (as before the fact table): median {records_ms:.0f} ms over 3 runs")
    cells = _cells_old_and_new(period)
    for name, (old, new, of, seconds) in cells.items():
        print(f"cells withheld from funders, {name}: old heuristic {old}, new minimal {new} of {of} "
              f"(solved in {seconds:.2f} s)")
    demo = _demo_cells() if ARGS.demo_database else {}
    for name, (old, new, of, headline) in demo.items():
        print(f"cells withheld from the demo funder, {name}: old heuristic {old}, new minimal {new} of {of}; "
              f"headline figures {'all shown' if headline else 'NOT all shown'}")
    load = os.getloadavg()[0]
    print(f"machine: {os.cpu_count()} CPUs, load average {load:.1f} (other work slows the wall-clock figures)")
    target_met = median <= 0.2
    print("target ≤ 200 ms: " + ("met" if target_met else "NOT met"))
    connections.close_all()
    if not ARGS.keep:
        _admin(f'DROP DATABASE IF EXISTS "{ARGS.database}"')
    print(json.dumps({
        "bench": "reporting", "participants": ARGS.count, "report_ms_median": round(median * 1000, 1),
        "report_ms_best": round(best * 1000, 1), "page_ms_median": round(statistics.median(page_timings) * 1000, 1),
        "report_queries": report_queries, "page_queries": len(page_queries), "started": total.started,
        "qualified_and_returned": total.qualified_and_returned, "setup_s": round(setup, 1),
        "target_met": target_met, "load_average": round(load, 2),
        "cells_withheld": {name: {"old": old, "new": new, "of": total} for name, (old, new, total, _) in cells.items()},
        "report_ms_other_periods": {name: round(ms, 1) for name, ms in other_timings.items()},
        "report_from_records_ms_median": round(records_ms, 1),
        "demo_cells_withheld": {
            name: {"old": old, "new": new, "of": of, "headline_shown": headline}
            for name, (old, new, of, headline) in demo.items()
        },
    }))


def _other_periods(period: Period) -> dict[str, float]:
    """The report for other periods: one year, one month, one funding line (median ms of 5)."""
    line = FundingLine.objects.order_by("pk").first()
    assert line is not None
    year = Period(start=period.end - dt.timedelta(days=364), end=period.end)
    earlier = Period(start=period.start, end=period.start + dt.timedelta(days=364))
    scopes = {
        "last 12 months": Scope(period=year),
        "first year (ended a year ago)": Scope(period=earlier),
        "one month": Scope(period=Period(start=dt.date(2026, 9, 1), end=dt.date(2026, 9, 30))),
        "one funding line, 2 years": Scope(period=period, funding_line_ids=(line.pk,)),
    }
    result = {}
    for name, scope in scopes.items():
        runs = []
        for _ in range(5):
            begin = time.perf_counter()
            programme_report(scope)
            runs.append(time.perf_counter() - begin)
        result[name] = statistics.median(runs) * 1000
    return result


def _demo_cells() -> dict[str, tuple[int, int, int, bool]]:
    """The demo funder's periods on --demo-database, measured by this script in a subprocess
    (Django holds one database per process)."""
    import subprocess  # noqa: PLC0415, S404 (this script again, on the demo database)

    env = {**os.environ, "DATABASE_URL": f"{SERVER}/{ARGS.demo_database}"}
    out = subprocess.run(  # noqa: S603
        [sys.executable, __file__, "--demo-only", "--database", ARGS.demo_database],
        env=env, capture_output=True, text=True, check=True,
    ).stdout
    return {name: tuple(values) for name, values in json.loads(out.strip().splitlines()[-1]).items()}


def demo_only() -> None:
    """Cells withheld from the demo funder on its offered periods: the last 12 full months and each
    reporting period of its lines; and whether every headline figure is shown."""
    from django.utils import timezone

    from funding.models import ReportingPeriod
    from reporting.periods import last_12_full_months
    from reporting.selectors import report_scope_for_user

    funder = User.objects.filter(role=Role.FUNDER).order_by("pk").first()
    assert funder is not None, "seed the demo into --demo-database first"
    periods = {"last 12 full months": last_12_full_months(timezone.localdate())}
    for reporting_period in ReportingPeriod.objects.filter(funding_line__funder=funder.funder).order_by("starts_on"):
        periods[f"{reporting_period.name} {reporting_period.starts_on}–{reporting_period.ends_on}"] = Period(
            start=reporting_period.starts_on, end=reporting_period.ends_on
        )
    result = {}
    for name, period in periods.items():
        data = report_data(programme_report(report_scope_for_user(user=funder, period=period)))
        total = {figure: data["total"][figure] for figure in FUNDER_COUNTS}
        breakdowns = {
            dimension: [{figure: row[figure] for figure in FUNDER_COUNTS} for row in rows]
            for dimension, rows in data["breakdowns"].items()
        }
        old = legacy_report_hidden_cells(total=total, breakdowns=breakdowns)
        shown = data_suppress(data)
        new = sum(1 for figure in FUNDER_COUNTS for row in [shown["total"], *(
            r for rows in shown["breakdowns"].values() for r in rows)] if row[figure] == "withheld")
        headline = all(isinstance(shown["total"][figure], int) for figure in FUNDER_COUNTS)
        cells = len(FUNDER_COUNTS) * (1 + sum(len(rows) for rows in breakdowns.values()))
        result[f"{name} ({total['started']} entrants)"] = (old, new, cells, headline)
    print(json.dumps(result, ensure_ascii=False))


def _cells_old_and_new(period: Period) -> dict[str, tuple[int, int, int, float]]:
    """Withheld cells of what a funder would see, by the former heuristic and by the new programme:
    the whole bench period over every record, one funding line, and one month of one line."""
    line = FundingLine.objects.order_by("pk").first()
    assert line is not None
    site = Site.objects.order_by("pk").first()
    assert site is not None
    month = Period(start=dt.date(2026, 9, 1), end=dt.date(2026, 9, 30))
    week = Period(start=dt.date(2026, 9, 1), end=dt.date(2026, 9, 14))
    scopes = {
        "all records, 2 years": Scope(period=period),
        "one funding line, 2 years": Scope(period=period, funding_line_ids=(line.pk,)),
        "one funding line, one month": Scope(period=month, funding_line_ids=(line.pk,)),
        "one funding line and site, one month": Scope(period=month, funding_line_ids=(line.pk,), site_id=site.pk),
        "one funding line and site, two weeks": Scope(period=week, funding_line_ids=(line.pk,), site_id=site.pk),
    }
    result = {}
    for name, scope in scopes.items():
        data = report_data(programme_report(scope))
        total = {figure: data["total"][figure] for figure in FUNDER_COUNTS}
        breakdowns = {
            dimension: [{figure: row[figure] for figure in FUNDER_COUNTS} for row in rows]
            for dimension, rows in data["breakdowns"].items()
        }
        begin = time.perf_counter()
        new = report_suppress(total=total, breakdowns=breakdowns).hidden_cells()
        seconds = time.perf_counter() - begin
        old = legacy_report_hidden_cells(total=total, breakdowns=breakdowns)
        cells = len(FUNDER_COUNTS) * (1 + sum(len(rows) for rows in breakdowns.values()))
        result[name] = (old, new, cells, seconds)
    return result


if __name__ == "__main__":
    if ARGS.demo_only:
        demo_only()
    else:
        main()
