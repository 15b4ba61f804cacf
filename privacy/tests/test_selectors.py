from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalogue.tests.factories import ModuleFactory
from certificates.tests.factories import passed
from participants.tests.factories import ParticipantFactory
from privacy.selectors import (
    AuditFilters,
    audit_entry_search,
    participant_export_data,
    participant_ref_by_case_number,
)
from privacy.tests.conftest import HEALTH, NEEDS

pytestmark = pytest.mark.django_db


def test_export_holds_every_record_about_the_person(full_participant):
    data = participant_export_data(participant=full_participant, generated_at=timezone.now())
    person = data["participant"]
    assert (person["first_name"], person["last_name"], person["date_of_birth"]) == ("Karim", "Nazari", "1988-07-14")
    assert (person["health_notes"], person["needs_notes"]) == (HEALTH, NEEDS)
    assert person["languages"] == ["fa", "ps"]
    assert [c["purpose"] for c in data["consents"]] == ["follow_up"]
    (assessment,) = data["assessments"]
    assert assessment["work_history"][0]["occupation"] == "Tailor in Herat"
    assert assessment["skills"][0] == {"skill": "Hand stitching", "esco_uri": None, "level": 3, "source": "counsellor"}
    assert data["tryouts"][0]["notes"] == "Nervous at first"
    assert data["availability"]["weekdays"] == [0, 2]
    (plan,) = data["plans"]
    assert plan["reason"] == "Wants to open a workshop at home" and plan["items"][0]["module"] == "SEW-901"
    (enrolment,) = data["enrolments"]
    assert enrolment["result"]["outcome"] == "passed" and enrolment["attendance"][0]["status"] == "present"
    assert data["certificates"][0]["status"] == "valid"
    assert data["return"]["reason"] == "Father in hospital"
    # The audit trail: when and what, never who.
    assert {"participant.view"} <= {entry["action"] for entry in data["audit"]}
    assert all(set(entry) == {"at", "action", "object_type", "object_id"} for entry in data["audit"])


def test_export_takes_the_same_number_of_queries_whatever_the_data(full_participant, counsellor_a, instructor_a):
    with CaptureQueriesContext(connection) as before:
        participant_export_data(participant=full_participant, generated_at=timezone.now())
    for _ in range(3):
        passed(participant=full_participant, module=ModuleFactory(), instructor=instructor_a)
    with CaptureQueriesContext(connection) as after:
        participant_export_data(participant=full_participant, generated_at=timezone.now())
    # 28: each app's sections in a fixed number (vault/registry.py), plus the audit entries
    # (the sections of notifications, reporting facts and offline syncs joined in 2026-12)
    assert len(before) == len(after) == 28
    # Someone with no records: prefetches of empty lists are skipped, never more queries.
    bare = ParticipantFactory(site=counsellor_a.site, counsellor=counsellor_a)
    with CaptureQueriesContext(connection) as empty:
        participant_export_data(participant=bare, generated_at=timezone.now())
    assert len(empty) <= 28


def test_audit_search_filters(full_participant, counsellor_a, manager):
    from accounts.audit import audit_record

    audit_record(
        actor=manager, action="participant.export", target=full_participant, participant_id=full_participant.pk
    )
    ref = participant_ref_by_case_number(case_number=full_participant.case_number)
    assert ref == full_participant.pk
    assert participant_ref_by_case_number(case_number="RI-0000-0000") is None
    mine = audit_entry_search(filters=AuditFilters(participant_ref=ref, actor_username="MANAGER"))
    assert [entry.action for entry in mine] == ["participant.export"]
    views = audit_entry_search(filters=AuditFilters(participant_ref=ref, action="participant.view"))
    assert views.count() == 1
    today = timezone.localdate()
    assert audit_entry_search(filters=AuditFilters(date_from=today + dt.timedelta(days=1))).count() == 0
    assert audit_entry_search(filters=AuditFilters(date_from=today, date_to=today)).count() >= 2
