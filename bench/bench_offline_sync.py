"""Benchmark: syncing a week of one session from an offline device.

Standalone: python bench/bench_offline_sync.py [--people 16] [--days 5] [--repeat 3]

Honours DATABASE_URL: PostgreSQL (postgres://…/name) gets a throw-away database
`<name>_bench_offline` (dropped at the end); unset means a SQLite file in a temporary folder.
Measures, through the whole HTTP stack (test client: JSON parse, login policy, access check,
service, audit chain), what the phone's "send" does after a week without a connection:
  1. the week: one POST per meeting day, --people entries each, everyone present with a drawn
     signature (~150 points, about 2 kB of path data, as a finger signature on a phone);
  2. the same week again with the same idempotency keys (a retry after lost answers);
  3. the week into countersigned days (every day becomes a correction proposal).
Each figure is the median of --repeat runs on fresh days. Prints readable figures, then one
JSON line for the record.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import time
import uuid
from typing import Any

from scaffold import bench_database, django_for_bench, machine_line, median, print_json

BENCH = django_for_bench("offline")

from django.db import connection  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Role  # noqa: E402
from accounts.tests.factories import SiteFactory, UserFactory  # noqa: E402
from accounts.tests.login import VerifiedClient  # noqa: E402
from catalogue.tests.factories import ModuleFactory  # noqa: E402
from scheduling import services as scheduling_services  # noqa: E402
from scheduling.models import Meeting, Session  # noqa: E402
from scheduling.tests.factories import make_session  # noqa: E402
from scheduling.tests.test_services import planned_participant  # noqa: E402
from training.models import Attendance, OfflineSync  # noqa: E402
from training.services import attendance_day_countersign  # noqa: E402


def signature(rng: random.Random, points: int = 150) -> str:
    """A finger signature: a few strokes of short moves in the 600×200 box."""
    parts = []
    x, y = 40.0, 100.0
    for index in range(points):
        x = min(590.0, max(5.0, x + rng.uniform(-4, 9)))
        y = min(195.0, max(5.0, y + rng.uniform(-12, 12)))
        parts.append(f"{'M' if index % 40 == 0 else 'L'}{x:.1f} {y:.1f}")
    return " ".join(parts)


def week_of(*, cast: dict[str, Any], people: int, days: int, weeks_back: int) -> Session:
    """A session of `days` meetings that ended before today (a week the phone kept), with
    `people` enrolled."""
    starts_on = timezone.localdate() - dt.timedelta(days=7 * weeks_back + days)
    session = make_session(manager=cast["manager"], module=ModuleFactory(), site=cast["site"],
                           instructor=cast["instructor"], starts_on=starts_on, days=days, capacity=people)
    for _ in range(people):
        participant = planned_participant(cast["counsellor"], session.module)
        scheduling_services.session_enrol(acting_user=cast["counsellor"], session=session, participant=participant)
    return session


def bodies(session: Session, rng: random.Random) -> list[dict[str, Any]]:
    enrolments = list(session.enrolments.values_list("pk", flat=True))
    return [
        {
            "idempotency_key": str(uuid.uuid4()),
            "meeting": meeting.pk,
            "recorded_at": timezone.now().isoformat(),
            "entries": [
                {"enrolment": pk, "status": "present", "arrived_at": "", "left_at": "", "absence_reason": "",
                 "signature": signature(rng)}
                for pk in enrolments
            ],
        }
        for meeting in session.meetings.order_by("date")
    ]


def send_week(client: VerifiedClient, week: list[dict[str, Any]], expect: int) -> tuple[float, int]:
    url = reverse("training:offline_sync")
    payload_bytes = 0
    started = time.perf_counter()
    for body in week:
        text = json.dumps(body)
        payload_bytes += len(text)
        response = client.post(url, text, content_type="application/json")
        if response.status_code != expect:
            raise SystemExit(f"sync answered {response.status_code}: {response.content[:300]!r}")
    return time.perf_counter() - started, payload_bytes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=16)
    parser.add_argument("--days", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    figures: dict[str, Any] = {}
    with bench_database(BENCH):
        site = SiteFactory(code="nue", name="Nürnberg Werkstatt", city="Nürnberg")
        cast = {
            "site": site,
            "manager": UserFactory(username="manager", role=Role.MANAGER, site=None),
            "counsellor": UserFactory(username="counsellor", role=Role.COUNSELLOR, site=site),
            "instructor": UserFactory(username="instructor", role=Role.INSTRUCTOR, site=site),
        }
        instructor = cast["instructor"]
        rng = random.Random(21)
        first, replay, proposals, sizes = [], [], [], []
        for run in range(options.repeat):
            session = week_of(cast=cast, people=options.people, days=options.days, weeks_back=2 * run + 1)
            client = VerifiedClient(HTTP_ACCEPT_LANGUAGE="en")
            client.force_login(instructor)
            assert client.get(reverse("training:offline_key")).status_code == 200
            week = bodies(session, rng)
            seconds, size = send_week(client, week, 201)
            first.append(seconds)
            sizes.append(size)
            replay.append(send_week(client, week, 200)[0])
            for meeting in Meeting.objects.filter(session=session):
                attendance_day_countersign(acting_user=instructor, meeting=meeting, signature=signature(rng, 40))
            again = [{**body, "idempotency_key": str(uuid.uuid4())} for body in week]
            proposals.append(send_week(client, again, 201)[0])
            recorded = Attendance.objects.filter(meeting__session=session).exclude(signature="").count()
            if recorded != options.people * options.days:
                raise SystemExit(f"{recorded} signed rows, expected {options.people * options.days}")
        assert OfflineSync.objects.filter(outcome="proposed").count() == options.repeat * options.days
        figures = {
            "database": connection.vendor,
            "people": options.people,
            "days": options.days,
            "payload_kib": round(median(sizes, None) / 1024, 1),
            "week_seconds": median(first),
            "per_day_ms": round(median(first, None) / options.days * 1000, 1),
            "replay_week_seconds": median(replay),
            "proposal_week_seconds": median(proposals),
            "runs": options.repeat,
        }
        print(f"database: {figures['database']}; {options.people} people × {options.days} days, "
              f"all signed; payload {figures['payload_kib']} KiB per week")
        print(f"week sent (first time): {figures['week_seconds']} s ({figures['per_day_ms']} ms per day)")
        print(f"week sent again with the same keys: {figures['replay_week_seconds']} s (nothing written)")
        print(f"week into countersigned days (proposals): {figures['proposal_week_seconds']} s")
        figures["load_average"] = machine_line()
    print_json(figures)


if __name__ == "__main__":
    main()
