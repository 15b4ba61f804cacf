from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import cast

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import AuditEntry
from accounts.tests.factories import UserFactory
from assessments.models import Assessment, SkillRating, TryOut, WorkExperience
from catalogue.models import Module
from catalogue.tests.factories import ModuleFactory
from certificates.models import Certificate
from certificates.tests.factories import CertificateFactory, final_plan_with, passed
from participants.models import Consent, Participant
from participants.tests.factories import ParticipantFactory
from plans.models import Plan
from privacy.services import (
    ANONYMISED_NAME,
    AUDIT_CSV_HEADER,
    ERROR_ALREADY_ANONYMISED,
    ErasureReason,
    audit_access_export,
    participant_anonymise,
    participant_export,
    retention_apply,
)
from reporting.indicators import programme_figures
from reporting.periods import Period
from reporting.tests.factories import ReturnFactory
from returns.models import Return
from scheduling.models import Enrolment
from training.models import Attendance, Result

pytestmark = pytest.mark.django_db


def test_export_json_holds_the_data_and_is_audited(full_participant, counsellor_a):
    export = participant_export(acting_user=counsellor_a, participant=full_participant, export_format="json")
    assert export.filename == f"{full_participant.case_number}-data-export.json"
    assert export.content_type == "application/json"
    data = json.loads(export.content)
    assert data["participant"]["last_name"] == "Nazari"
    entry = AuditEntry.objects.filter(action="participant.export").get()
    assert entry.participant_ref == full_participant.pk and entry.actor == counsellor_a
    assert entry.detail == {"format": "json", "channel": "web"}


def test_export_refuses_unknown_formats(full_participant, counsellor_a):
    with pytest.raises(ValidationError):
        participant_export(acting_user=counsellor_a, participant=full_participant, export_format="xlsx")
    assert not AuditEntry.objects.filter(action="participant.export").exists()


def test_anonymise_removes_what_identifies_and_keeps_what_counts(full_participant, manager):
    counts_before = _row_counts(full_participant)
    participant_anonymise(acting_user=manager, participant=full_participant, reason=ErasureReason.REQUEST)

    person = Participant.objects.get(pk=full_participant.pk)
    assert person.first_name == ANONYMISED_NAME and person.last_name == person.case_number
    assert person.date_of_birth == dt.date(1988, 1, 1)
    assert (person.health_notes, person.needs_notes, person.languages) == ("", "", [])
    assert person.has_health_limits is False
    assert person.anonymised_at is not None
    assert (person.origin_country, person.gender, person.site_id) == ("AF", "f", full_participant.site_id)
    assert person.intake_date == full_participant.intake_date
    assessment = Assessment.objects.get(participant=person)
    assert (assessment.notes, assessment.languages, assessment.education_level) == ("", [], 3)
    assert not WorkExperience.objects.filter(assessment=assessment).exists()
    assert not SkillRating.objects.filter(assessment=assessment).exists()
    assert TryOut.objects.get(participant=person).notes == ""
    assert Plan.objects.get(participant=person).reason == ""
    assert Return.objects.get(participant=person).reason == ""
    assert Certificate.objects.get(participant=person).credential == {}
    assert _row_counts(person) == counts_before

    entry = AuditEntry.objects.filter(action="participant.anonymise").get()
    assert entry.detail == {"reason": "request"} and entry.participant_ref == person.pk
    # Entries written before the erasure survive: they keep the id, not a foreign key.
    assert AuditEntry.objects.filter(participant_ref=person.pk, action="participant.view").exists()


def _row_counts(person: Participant) -> dict[str, int]:
    return {
        "consents": Consent.objects.filter(participant=person).count(),
        "plans": Plan.objects.filter(participant=person).count(),
        "enrolments": Enrolment.objects.filter(participant=person).count(),
        "attendance": Attendance.objects.filter(enrolment__participant=person).count(),
        "results": Result.objects.filter(enrolment__participant=person).count(),
        "certificates": Certificate.objects.filter(participant=person).count(),
        "returns": Return.objects.filter(participant=person).count(),
        "tryouts": TryOut.objects.filter(participant=person).count(),
    }


def test_anonymising_twice_is_refused(full_participant, manager):
    participant_anonymise(acting_user=manager, participant=full_participant, reason=ErasureReason.REQUEST)
    with pytest.raises(ValidationError) as error:
        participant_anonymise(acting_user=manager, participant=full_participant, reason=ErasureReason.REQUEST)
    assert error.value.messages == [str(ERROR_ALREADY_ANONYMISED)]


def test_anonymise_needs_a_known_reason(full_participant, manager):
    with pytest.raises(ValidationError):
        participant_anonymise(acting_user=manager, participant=full_participant, reason="Karim asked by phone")
    assert Participant.objects.get(pk=full_participant.pk).anonymised_at is None


def test_people_born_in_the_same_year_do_not_clash_once_anonymised(counsellor_a, manager):
    # Same first name, last name and year: after anonymisation they would share
    # ("—", "—", 1 January) without the case number as last name.
    first = ParticipantFactory(site=counsellor_a.site, counsellor=counsellor_a, date_of_birth=dt.date(1990, 3, 1))
    second = ParticipantFactory(site=counsellor_a.site, counsellor=counsellor_a, date_of_birth=dt.date(1990, 9, 9))
    for person in (first, second):
        participant_anonymise(acting_user=manager, participant=person, reason=ErasureReason.NO_LONGER_NEEDED)
    assert Participant.objects.filter(first_name=ANONYMISED_NAME, date_of_birth=dt.date(1990, 1, 1)).count() == 2


def test_funder_figures_are_unchanged_by_erasure(counsellor_a, instructor_a, manager):
    period = Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    module = cast(Module, ModuleFactory())
    people = []
    for number in range(6):
        person = ParticipantFactory(
            site=counsellor_a.site, counsellor=counsellor_a, intake_date=dt.date(2025, 2, 1 + number),
            health_notes="Migraine", needs_notes="Evening classes",
        )
        people.append(person)
        if number % 2 == 0:  # qualified
            plan = final_plan_with(participant=person, modules=[module])
            passed(participant=person, module=module, instructor=instructor_a,
                   starts_on=dt.date(2025, 4, 1), ends_on=dt.date(2025, 4, 10))
            CertificateFactory(participant=person, plan=plan, issued_on=dt.date(2025, 5, 1))
        if number % 3 == 0:  # returned home
            ReturnFactory(participant=person, actual_departure=dt.date(2025, 8, 1))
        elif number == 5:
            ReturnFactory(participant=person, status="postponed", actual_departure=None, reason="Visa")
    before = programme_figures(period=period)
    assert (before.started, before.qualified, before.returned, before.qualified_and_returned) == (6, 3, 2, 1)

    for person in people[:4]:
        participant_anonymise(acting_user=manager, participant=person, reason=ErasureReason.REQUEST)

    assert programme_figures(period=period) == before


def test_retention_apply_dry_run_changes_nothing(counsellor_a):
    old = ParticipantFactory(site=counsellor_a.site, counsellor=counsellor_a, intake_date=dt.date(2005, 3, 1))
    ParticipantFactory(site=counsellor_a.site, counsellor=counsellor_a)  # recent: not due
    today = timezone.localdate()
    assert retention_apply(today=today, years=10, dry_run=True) == [old.case_number]
    assert Participant.objects.get(pk=old.pk).anonymised_at is None
    assert retention_apply(today=today, years=10) == [old.case_number]
    assert Participant.objects.get(pk=old.pk).anonymised_at is not None
    entry = AuditEntry.objects.filter(action="participant.anonymise").get()
    assert entry.actor is None and entry.detail == {"reason": "retention"}
    assert retention_apply(today=today, years=10) == []


def test_access_csv_lists_who_and_neutralises_cells(full_participant, manager, dpo):
    intruder = UserFactory(username="@SUM(1+1)", role="counsellor", site=full_participant.site)
    from accounts.audit import audit_record

    audit_record(actor=intruder, action="participant.view", target=full_participant, participant_id=full_participant.pk)
    other = ParticipantFactory(site=full_participant.site, counsellor=full_participant.counsellor)
    audit_record(actor=manager, action="participant.view", target=other, participant_id=other.pk)

    content = audit_access_export(acting_user=dpo, participant_ref=full_participant.pk)
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0] == AUDIT_CSV_HEADER
    who = [row[1] for row in rows[1:]]
    assert "'@SUM(1+1)" in who and "counsellor_a" in who and "manager" not in who
    assert all(not cell or cell[0] not in "=+-@\t\r" for row in rows for cell in row)
    assert AuditEntry.objects.filter(action="audit.export", actor=dpo, participant_ref=full_participant.pk).exists()
