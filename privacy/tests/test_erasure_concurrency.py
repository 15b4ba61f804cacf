"""Erasure while others work on the same person, on PostgreSQL: four staff erase at once while
forty proof uploads for the person's absences race them. Exactly one erasure happens, and
afterwards no file is left — an upload that got in first is deleted with the rest, one that
comes later is refused."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from accounts.models import AuditEntry
from catalogue.tests.factories import ModuleFactory
from participants.models import Participant
from privacy.services import ErasureReason, participant_anonymise
from scheduling.services import session_enrol
from scheduling.tests.factories import make_session
from scheduling.tests.test_services import planned_participant
from training import services as training_services
from training.models import Attendance

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="needs PostgreSQL (DATABASE_URL=postgres://…): SQLite serialises writers anyway",
    ),
]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
ERASERS, UPLOADERS = 4, 40


@pytest.mark.django_db(transaction=True)
def test_concurrent_erasures_and_uploads_leave_one_erasure_and_no_file(manager, counsellor_a, site_a, instructor_a):
    today = timezone.localdate()
    module = ModuleFactory(code="CON-951")
    person = planned_participant(counsellor_a, module)
    session = make_session(manager=manager, module=module, site=site_a, instructor=instructor_a,
                           starts_on=today - dt.timedelta(days=6))
    enrolment = session_enrol(acting_user=counsellor_a, session=session, participant=person)
    days = list(session.meetings.filter(date__lte=today).order_by("date"))[:4]
    for meeting in days:
        training_services.attendance_record(acting_user=instructor_a, meeting=meeting, today=today,
                                            statuses={enrolment.pk: "excused"})
    rows = list(Attendance.objects.filter(enrolment=enrolment))
    start = threading.Barrier(ERASERS + UPLOADERS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def erase() -> None:
        try:
            start.wait()
            participant_anonymise(acting_user=manager, participant=person, reason=ErasureReason.REQUEST)
            result = "erased"
        except ValidationError:
            result = "already"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    def upload(row: Attendance) -> None:
        try:
            start.wait()
            training_services.attendance_proof_attach(acting_user=instructor_a, attendance=row, name="n.png",
                                                      content=PNG)
            result = "stored"
        except ValidationError:
            result = "refused"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=erase) for _ in range(ERASERS)]
    threads += [threading.Thread(target=upload, args=(rows[i % len(rows)],)) for i in range(UPLOADERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("erased") == 1 and outcomes.count("already") == ERASERS - 1
    assert outcomes.count("stored") + outcomes.count("refused") == UPLOADERS
    assert Participant.objects.get(pk=person.pk).anonymised_at is not None
    assert AuditEntry.objects.filter(action="participant.anonymise", participant_ref=person.pk).count() == 1
    assert not Attendance.objects.filter(enrolment=enrolment).exclude(proof_path="").exists()
    left = [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]
    assert left == [], f"{len(left)} files left ({outcomes.count('stored')} uploads got in before the erasure)"
