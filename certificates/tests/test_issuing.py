"""Kinds, languages, the signed credential, revocation, keys and bulk issue (services)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import AuditEntry
from catalogue.tests.factories import ModuleFactory
from certificates.access import certificate_batch_issued
from certificates.credentials import credential_revoked, credential_verify
from certificates.keys import issuer_key_document, status_list_credential
from certificates.models import Certificate, CertificateBatch, CertificateKind, CertificateStatus, IssuerKey
from certificates.selectors import certificate_eligibility, session_certificate_candidates
from certificates.services import (
    ERROR_ALREADY_REVOKED,
    ERROR_LANGUAGE,
    ERROR_NOBODY_TO_ISSUE,
    ERROR_NOTHING_ATTENDED,
    certificate_batch_start,
    certificate_batch_step,
    certificate_issue,
    certificate_revoke,
    issuer_key_rotate,
)
from certificates.tests.factories import EnrolmentFactory, SessionFactory, final_plan_with, passed
from participants.tests.factories import ParticipantFactory
from privacy.services import ErasureReason, participant_anonymise
from training.models import Outcome

from .test_credentials import leaf_paths, tampered

pytestmark = pytest.mark.django_db



@pytest.fixture
def amina_partly(amina, met_101, met_201, instructor_a):
    """Amina passed MET-101 and attended MET-201 (failed)."""
    final_plan_with(participant=amina, modules=[met_101, met_201])
    passed(participant=amina, module=met_101, instructor=instructor_a,
           starts_on=dt.date(2026, 3, 2), ends_on=dt.date(2026, 3, 6))
    passed(participant=amina, module=met_201, instructor=instructor_a, outcome=Outcome.FAILED,
           starts_on=dt.date(2026, 4, 13), ends_on=dt.date(2026, 4, 24))
    return amina


# Kind and language -------------------------------------------------------------


def test_language_defaults_to_the_participants_first_printable_language(amina_ready, counsellor_a):
    amina_ready.languages = ["de", "ti", "ar"]
    amina_ready.save(update_fields=["languages"])
    assert certificate_issue(acting_user=counsellor_a, participant=amina_ready).language == "ti"


def test_language_falls_back_to_english(amina_ready, counsellor_a):
    amina_ready.languages = ["de", "xx"]
    amina_ready.save(update_fields=["languages"])
    assert certificate_issue(acting_user=counsellor_a, participant=amina_ready).language == "en"


def test_language_chosen_at_issue(amina_ready, counsellor_a):
    assert certificate_issue(acting_user=counsellor_a, participant=amina_ready, language="ka").language == "ka"


def test_unknown_language_is_refused(amina_ready, counsellor_a):
    with pytest.raises(ValidationError) as caught:
        certificate_issue(acting_user=counsellor_a, participant=amina_ready, language="xx")
    assert caught.value.messages == [str(ERROR_LANGUAGE)]


def test_partly_completed_plan_gets_attendance_not_certificate(amina_partly, counsellor_a):
    eligibility = certificate_eligibility(participant=amina_partly)
    assert not eligibility.eligible and eligibility.attendance_eligible
    with pytest.raises(ValidationError):
        certificate_issue(acting_user=counsellor_a, participant=amina_partly)
    certificate = certificate_issue(
        acting_user=counsellor_a, participant=amina_partly, kind=CertificateKind.ATTENDANCE
    )
    assert certificate.kind == CertificateKind.ATTENDANCE
    achievement = certificate.credential["credentialSubject"]["achievement"]
    assert achievement["achievementType"] == "ext:CertificateOfAttendance"
    assert [r["status"] for r in certificate.credential["credentialSubject"]["result"]] == ["Completed", "Enrolled"]


def test_attendance_needs_something_attended(amina, met_101, counsellor_a):
    final_plan_with(participant=amina, modules=[met_101])
    with pytest.raises(ValidationError) as caught:
        certificate_issue(acting_user=counsellor_a, participant=amina, kind=CertificateKind.ATTENDANCE)
    assert caught.value.messages == [str(ERROR_NOTHING_ATTENDED)]


def test_session_not_ended_and_without_result_is_not_attended(amina, met_101, counsellor_a):
    final_plan_with(participant=amina, modules=[met_101])
    today = timezone.localdate()
    session = SessionFactory(module=met_101, site=amina.site, starts_on=today, ends_on=today + dt.timedelta(days=5))
    EnrolmentFactory(session=session, participant=amina)
    assert not certificate_eligibility(participant=amina).attendance_eligible


# The credential ------------------------------------------------------------------


def test_issue_signs_a_credential_that_verifies(amina_ready, counsellor_a, settings):
    certificate = certificate_issue(acting_user=counsellor_a, participant=amina_ready)
    credential = certificate.credential
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["id"] == f"{settings.REINTEGRA_PUBLIC_URL}/certificates/verify/{certificate.number}/"
    assert credential["issuer"]["name"] == settings.REINTEGRA_PROVIDER_NAME
    subject = credential["credentialSubject"]
    assert [i["identityHash"] for i in subject["identifier"]] == ["Amina Haddad", "1990-05-17"]
    # no ModuleSkill rows here: only the trade's ISCO-08 unit groups (test_alignments.py has the skills)
    assert {a["targetCode"] for a in subject["achievement"]["alignment"]} == {"7212", "7213", "7221", "7223"}
    assert subject["achievement"]["fieldOfStudy"] == "Metallbau / Metalwork"
    assert subject["activityStartDate"].startswith("2026-03-02T00:00:00")
    assert [e["name"] for e in credential["evidence"]] == [
        "MET-101 Grundlagen der Metallbearbeitung / Metalworking basics", "MET-201 Schweißen (MAG) / MAG welding"
    ]
    assert credential["credentialStatus"]["statusListIndex"] == str(certificate.status_index)
    assert credential["proof"][0]["cryptosuite"] == "eddsa-jcs-2022"
    assert credential["proof"][0]["@context"] == credential["@context"]
    assert credential_verify(credential, key_document=issuer_key_document()).valid


def test_learning_outcomes_are_the_skills_in_the_credential(amina, metalwork, counsellor_a):
    module = ModuleFactory(trade=metalwork, learning_outcomes_de="sicher schweißen", learning_outcomes_en="weld safely")
    final_plan_with(participant=amina, modules=[module])  # type: ignore[list-item]  # factory_boy typing
    passed(participant=amina, module=module)
    certificate = certificate_issue(acting_user=counsellor_a, participant=amina)
    assert certificate.credential["evidence"][0]["narrative"] == "sicher schweißen\n\nweld safely"


def test_tampering_with_any_field_of_an_issued_credential_fails(amina_ready, counsellor_a):
    credential = certificate_issue(acting_user=counsellor_a, participant=amina_ready).credential
    keys = issuer_key_document()
    paths = leaf_paths(credential)
    assert len(paths) > 60
    survivors = [path for path in paths if credential_verify(tampered(credential, path), key_document=keys).valid]
    assert survivors == []


def test_rotation_keeps_old_credentials_verifiable(amina_ready, counsellor_a):
    before = certificate_issue(acting_user=counsellor_a, participant=amina_ready)
    old_key = IssuerKey.objects.get(is_current=True)
    new_key = issuer_key_rotate(acting_user=None)
    after = certificate_issue(acting_user=counsellor_a, participant=amina_ready)
    old_key.refresh_from_db()
    assert old_key.retired_at is not None and not old_key.is_current and new_key.is_current
    assert before.credential["proof"][0]["verificationMethod"].endswith(f"#{old_key.key_id}")
    assert after.credential["proof"][0]["verificationMethod"].endswith(f"#{new_key.key_id}")
    keys = issuer_key_document()
    assert [m["id"].split("#")[1] for m in keys["verificationMethod"]] == [old_key.key_id, new_key.key_id]
    assert "retired" in keys["verificationMethod"][0] and "retired" not in keys["verificationMethod"][1]
    assert credential_verify(before.credential, key_document=keys).valid
    assert credential_verify(after.credential, key_document=keys).valid
    assert AuditEntry.objects.filter(action="certificate.issuer_key_rotate").exists()


def test_private_key_is_not_stored_in_clear(amina_ready, counsellor_a):
    certificate_issue(acting_user=counsellor_a, participant=amina_ready)
    key = IssuerKey.objects.get()
    raw = IssuerKey.objects.filter(pk=key.pk).values_list("private_key_pem", flat=True).query
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(*raw.sql_with_params())
        stored = cursor.fetchone()[0]
    assert "PRIVATE KEY" in key.private_key_pem
    assert "PRIVATE KEY" not in stored


# Revocation ------------------------------------------------------------------------


def test_revoke_sets_status_reason_and_status_list_bit(amina_ready, counsellor_a, manager):
    certificate = certificate_issue(acting_user=counsellor_a, participant=amina_ready)
    before = status_list_credential()
    assert credential_revoked(certificate.credential, status_list=before) is False
    certificate_revoke(acting_user=manager, certificate=certificate, reason="  Issued to the wrong person  ")
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED
    assert certificate.revocation_reason == "Issued to the wrong person"
    assert certificate.revoked_by == manager and certificate.revoked_at is not None
    after = status_list_credential()
    assert credential_revoked(certificate.credential, status_list=after) is True
    assert credential_verify(after, key_document=issuer_key_document()).valid
    entry = AuditEntry.objects.get(action="certificate.revoke")
    assert entry.actor == manager and entry.detail == {"previous_status": "valid", "fields": ["revocation_reason"]}


def test_revoke_needs_a_reason_and_only_once(amina_ready, counsellor_a):
    certificate = certificate_issue(acting_user=counsellor_a, participant=amina_ready)
    with pytest.raises(ValidationError):
        certificate_revoke(acting_user=counsellor_a, certificate=certificate, reason="   ")
    certificate_revoke(acting_user=counsellor_a, certificate=certificate, reason="Error")
    with pytest.raises(ValidationError) as caught:
        certificate_revoke(acting_user=counsellor_a, certificate=certificate, reason="Again")
    assert caught.value.messages == [str(ERROR_ALREADY_REVOKED)]


def test_superseded_certificate_can_be_revoked(amina_ready, counsellor_a):
    first = certificate_issue(acting_user=counsellor_a, participant=amina_ready)
    certificate_issue(acting_user=counsellor_a, participant=amina_ready, language="fr")
    first.refresh_from_db()
    assert first.status == CertificateStatus.SUPERSEDED
    certificate_revoke(acting_user=counsellor_a, certificate=first, reason="Wrong date of birth")
    first.refresh_from_db()
    assert first.status == CertificateStatus.REVOKED


# Bulk issue ---------------------------------------------------------------------------


@pytest.fixture
def finished_session(amina_ready, met_201, site_a, instructor_a, counsellor_a, farid):
    """MET-201's session at site A: Amina passed everything; Bilal only attended; Farid (site B) is in it too."""
    session = amina_ready.enrolments.get(session__module=met_201).session
    bilal = ParticipantFactory(first_name="Bilal", last_name="Ahmadi", site=site_a, counsellor=counsellor_a,
                               languages=["prs"])
    final_plan_with(participant=bilal, modules=[met_201, ModuleFactory()])  # type: ignore[list-item]
    EnrolmentFactory(session=session, participant=bilal)
    EnrolmentFactory(session=session, participant=farid)
    return session


def test_candidates_are_the_users_participants_with_what_they_can_get(finished_session, counsellor_a, manager):
    candidates = session_certificate_candidates(session=finished_session, user=counsellor_a)
    assert [(c.participant.first_name, c.kind, c.language) for c in candidates] == [
        ("Bilal", "attendance", "prs"), ("Amina", "certificate", "ar"),
    ]
    assert len(session_certificate_candidates(session=finished_session, user=manager)) == 3


def test_batch_issues_in_steps_and_finishes(finished_session, counsellor_a):
    batch = certificate_batch_start(acting_user=counsellor_a, session=finished_session, include_attendance=True)
    assert batch.items.count() == 2
    certificate_batch_step(batch=batch, max_items=1)
    assert batch.finished_at is None and batch.items.filter(done_at__isnull=False).count() == 1
    certificate_batch_step(batch=batch)
    batch.refresh_from_db()
    assert batch.finished_at is not None
    kinds = sorted(Certificate.objects.values_list("kind", flat=True))
    assert kinds == ["attendance", "certificate"]
    assert AuditEntry.objects.filter(action="certificate.issue", actor=counsellor_a).count() == 2
    assert AuditEntry.objects.filter(action="certificate.batch_start").count() == 1
    # Issued: nobody is left to issue to.
    with pytest.raises(ValidationError) as caught:
        certificate_batch_start(acting_user=counsellor_a, session=finished_session, include_attendance=True)
    assert caught.value.messages == [str(ERROR_NOBODY_TO_ISSUE)]


def test_batch_without_attendance_skips_partial_completers(finished_session, counsellor_a):
    batch = certificate_batch_start(acting_user=counsellor_a, session=finished_session)
    assert [item.participant.first_name for item in batch.items.all()] == ["Amina"]


def test_batch_item_that_became_ineligible_records_the_reason(finished_session, counsellor_a, amina_ready):
    batch = certificate_batch_start(acting_user=counsellor_a, session=finished_session)
    certificate_issue(acting_user=counsellor_a, participant=amina_ready)  # meanwhile, by hand: fine, supersedes
    amina_ready.plans.update(status="superseded")  # plan withdrawn meanwhile
    certificate_batch_step(batch=batch)
    item = batch.items.get()
    assert item.certificate is None and item.error == "There is no final (agreed) qualification plan."
    assert CertificateBatch.objects.get().finished_at is not None


def test_a_print_run_leaves_out_an_erased_holder(finished_session, counsellor_a, dpo):
    batch = certificate_batch_start(acting_user=counsellor_a, session=finished_session, include_attendance=True)
    certificate_batch_step(batch=batch)
    printed = certificate_batch_issued(batch=batch, user=counsellor_a)
    assert sorted(c.participant.first_name for c in printed) == ["Amina", "Bilal"]
    bilal = next(c.participant for c in printed if c.participant.first_name == "Bilal")
    participant_anonymise(acting_user=dpo, participant=bilal, reason=ErasureReason.REQUEST)
    assert [c.participant.first_name for c in certificate_batch_issued(batch=batch, user=counsellor_a)] == ["Amina"]
