"""Benchmark: the person's data export and their erasure, on PostgreSQL.

Standalone: python bench/bench_erasure.py [--count 100] [--replacements 5] [--database reintegra_bench_erasure]

Creates its own PostgreSQL database (DATABASE_URL's server, default 127.0.0.1:5432 as
postgres), migrates it, and builds N participants through the services: an agreed plan, a
five-day session with attendance (one day excused, its proof uploaded R times — the first
R-1 replaced), a counselling note, a hand-over and an answered baseline follow-up. Then it
times the JSON export of each person (and counts its queries) and the erasure of each, one
transaction each as the DPO page does, and counts the files left under MEDIA_ROOT. Drops
the database (unless --keep) and ends with one JSON line for the record.

Runs against older code too (it only uses participant_export_data and participant_anonymise),
so the figures can be set side by side.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _server() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}"
    return os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--replacements", type=int, default=5, help="proof uploads per excused day")
    parser.add_argument("--database", default="reintegra_bench_erasure")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    return parser.parse_args()


ARGS = _arguments()
SERVER = _server()
VAR = tempfile.mkdtemp(prefix="bench-erasure-")
os.environ["DJANGO_SETTINGS_MODULE"] = "reintegra.settings"
os.environ["REINTEGRA_TESTING"] = "1"
os.environ["DATABASE_URL"] = f"{SERVER}/{ARGS.database}"
os.environ["REINTEGRA_VAR_DIR"] = VAR
os.environ.setdefault("LOG_LEVEL", "WARNING")

import psycopg  # noqa: E402


def _admin(sql: str) -> None:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(sql)


_admin(f'DROP DATABASE IF EXISTS "{ARGS.database}"')
_admin(f'CREATE DATABASE "{ARGS.database}"')

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Role, Site, User  # noqa: E402
from catalogue.models import Module, Trade  # noqa: E402
from participants.models import ConsentPurpose, Participant  # noqa: E402
from participants.services import consent_record, contact_note_add  # noqa: E402
from plans import services as plan_services  # noqa: E402
from privacy.selectors import participant_export_data  # noqa: E402
from privacy.services import participant_anonymise  # noqa: E402
from returns import services as return_services  # noqa: E402
from returns.models import Organisation, OrganisationKind  # noqa: E402
from returns.scoring import QUESTIONS  # noqa: E402
from scheduling.services import session_create, session_enrol  # noqa: E402
from training import services as training_services  # noqa: E402
from training.models import Attendance  # noqa: E402

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _files() -> int:
    root = Path(settings.MEDIA_ROOT)
    return sum(1 for path in root.rglob("*") if path.is_file()) if root.exists() else 0


def create_data(count: int, replacements: int) -> list[Participant]:
    today = timezone.localdate()
    site = Site.objects.create(code="nue", name="Nürnberg Werkstatt", city="Nürnberg")
    manager = User.objects.create(username="manager", role=Role.MANAGER)
    counsellor = User.objects.create(username="counsellor", role=Role.COUNSELLOR, site=site)
    instructor = User.objects.create(username="instructor", role=Role.INSTRUCTOR, site=site)
    trade = Trade.objects.create(code="sew", name_de="Nähen", name_en="Sewing")
    module = Module.objects.create(trade=trade, code="SEW-101", title_de="Nähen", title_en="Sewing", hours=20)
    partner = Organisation.objects.create(name="Partner", kind=OrganisationKind.PARTNER, country="SN",
                                          working_language="fr")
    session = session_create(
        acting_user=manager, module=module, site=site, instructor=instructor, starts_on=today - dt.timedelta(days=6),
        ends_on=today - dt.timedelta(days=2), capacity=count, weekdays=[0, 1, 2, 3, 4, 5, 6],
        starts_at=dt.time(9), ends_at=dt.time(13),
    )
    people = []
    for n in range(count):
        person = Participant.objects.create(
            case_number=f"RI-BENCH-{n:05d}", first_name=f"Vorname{n}", last_name=f"Nachname{n}",
            date_of_birth=dt.date(1980 + n % 20, 1 + n % 12, 1 + n % 28), origin_country="AF", languages=["fa"],
            site=site, counsellor=counsellor, intake_date=today - dt.timedelta(days=90),
            planned_departure=today + dt.timedelta(days=90), instruction_language="de",
            health_notes="Asthma", needs_notes="Kinderbetreuung",
        )
        for purpose in (ConsentPurpose.PARTNER_SHARING, ConsentPurpose.FOLLOW_UP):
            consent_record(acting_user=counsellor, participant=person, purpose=purpose,
                           given_on=today - dt.timedelta(days=80))
        plan = plan_services.plan_start(acting_user=counsellor, participant=person)
        plan_services.plan_add_module(acting_user=counsellor, plan=plan, module=module)
        plan_services.plan_finalise(acting_user=counsellor, plan=plan, agreed_on=today - dt.timedelta(days=30))
        session_enrol(acting_user=counsellor, session=session, participant=person)
        contact_note_add(acting_user=counsellor, participant=person, kind="participant",
                         contacted_on=today - dt.timedelta(days=20), text="Gespräch über die Familie")
        return_services.handover_create(acting_user=counsellor, participant=person, organisation=partner,
                                        business_idea="Schneiderei", needs="Nähmaschine", now=timezone.now())
        baseline = return_services.follow_up_baseline(acting_user=counsellor, participant=person)
        return_services.follow_up_answer(follow_up=baseline, answers={q.key: q.options[0] for q in QUESTIONS},
                                         channel="phone", answered_on=today, acting_user=counsellor)
        people.append(person)
    enrolments = {e.participant_id: e.pk for e in session.enrolments.all()}
    meetings = list(session.meetings.order_by("date"))
    for index, meeting in enumerate(meetings):
        status = "excused" if index == 0 else "present"
        training_services.attendance_record(acting_user=instructor, meeting=meeting, today=today,
                                            statuses={pk: status for pk in enrolments.values()})
    for row in Attendance.objects.filter(meeting=meetings[0]):
        for _ in range(replacements):  # each upload commits on its own (autocommit), as in the app
            row = training_services.attendance_proof_attach(acting_user=instructor, attendance=row, name="n.png",
                                                            content=PNG)
    return people


def main() -> None:
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    people = create_data(ARGS.count, ARGS.replacements)
    setup_seconds = time.perf_counter() - started
    files_before = _files()
    print(f"setup: migrate + {ARGS.count} participants, {ARGS.replacements} proof uploads each: {setup_seconds:.1f} s")

    export_ms, export_queries = [], []
    for person in people[:50]:
        with CaptureQueriesContext(connection) as queries:
            t0 = time.perf_counter()
            participant_export_data(participant=person, generated_at=timezone.now())
            export_ms.append((time.perf_counter() - t0) * 1000)
        export_queries.append(len(queries))
    erase_ms = []
    manager = User.objects.get(username="manager")
    for person in people:
        t0 = time.perf_counter()
        participant_anonymise(acting_user=manager, participant=person, reason="request")
        erase_ms.append((time.perf_counter() - t0) * 1000)
    files_after = _files()
    result = {
        "benchmark": "erasure",
        "database": connection.vendor,
        "participants": ARGS.count,
        "proof_uploads_each": ARGS.replacements,
        "export_ms_median": round(statistics.median(export_ms), 1),
        "export_queries": max(export_queries),
        "erase_ms_median": round(statistics.median(erase_ms), 1),
        "erase_ms_p95": round(sorted(erase_ms)[int(len(erase_ms) * 0.95) - 1], 1),
        "files_before_erasure": files_before,
        "files_after_erasure": files_after,
    }
    print(f"export: median {result['export_ms_median']} ms, {result['export_queries']} queries per person")
    print(f"erasure: median {result['erase_ms_median']} ms, p95 {result['erase_ms_p95']} ms per person")
    print(f"files under MEDIA_ROOT: {files_before} before erasure, {files_after} after")
    connections.close_all()
    if not ARGS.keep:
        _admin(f'DROP DATABASE IF EXISTS "{ARGS.database}"')
    print(json.dumps(result))


if __name__ == "__main__":
    main()
