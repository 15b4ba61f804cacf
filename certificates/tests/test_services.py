from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import AuditEntry
from certificates import services
from certificates.models import Certificate, CertificateStatus, IssuerKey
from certificates.services import (
    ERROR_ISSUED_IN_FUTURE,
    certificate_issue,
    certificate_number_generate,
    certificate_revoke,
)
from certificates.tests.factories import CertificateFactory, PlanFactory, final_plan_with, passed
from plans.models import PlanStatus
from training.models import Outcome

pytestmark = pytest.mark.django_db

NUMBER_PATTERN = re.compile(r"^RZ-\d{4}-[0-9ABCDEFGHJKMNPQRSTVWXYZ]{8}$")



def test_issue_for_an_eligible_participant(amina_ready, counsellor_a):
    certificate = certificate_issue(acting_user=counsellor_a, participant=amina_ready)
    assert certificate.pk is not None
    assert certificate.status == CertificateStatus.VALID
    assert certificate.plan == amina_ready.plans.get(status=PlanStatus.FINAL)
    assert certificate.issued_on == timezone.localdate()
    assert certificate.issued_by == counsellor_a
    assert NUMBER_PATTERN.match(certificate.number)
    assert certificate.number.startswith(f"RZ-{timezone.localdate().year}-")


def test_issue_is_audited_without_personal_data(amina_ready, counsellor_a):
    certificate = certificate_issue(acting_user=counsellor_a, participant=amina_ready)
    entry = AuditEntry.objects.get(action="certificate.issue")
    assert entry.actor == counsellor_a
    assert entry.object_id == str(certificate.pk)
    assert entry.participant_ref == amina_ready.pk
    key = IssuerKey.objects.get(is_current=True)
    assert entry.detail == {
        "plan": certificate.plan_id, "superseded": [], "kind": "certificate", "language": "ar", "key": key.key_id
    }


def test_issue_with_a_given_date_numbers_by_that_year(amina_ready, manager):
    certificate = certificate_issue(acting_user=manager, participant=amina_ready, issued_on=dt.date(2025, 12, 30))
    assert certificate.issued_on == dt.date(2025, 12, 30)
    assert certificate.number.startswith("RZ-2025-")


def test_issue_date_in_the_future_is_refused(amina_ready, manager):
    with pytest.raises(ValidationError) as caught:
        certificate_issue(
            acting_user=manager, participant=amina_ready, issued_on=timezone.localdate() + dt.timedelta(days=1)
        )
    assert caught.value.messages == [str(ERROR_ISSUED_IN_FUTURE)]
    assert caught.value.messages == ["The issue date lies in the future."]
    assert not Certificate.objects.exists()


def test_not_eligible_is_refused_with_the_reasons(amina, met_101, met_201, counsellor_a):
    final_plan_with(participant=amina, modules=[met_101, met_201])
    passed(participant=amina, module=met_101, outcome=Outcome.FAILED)
    with pytest.raises(ValidationError) as caught:
        certificate_issue(acting_user=counsellor_a, participant=amina)
    assert caught.value.messages == ["MET-101: no passed result", "MET-201: not enrolled in a session"]
    assert not Certificate.objects.exists()
    assert not AuditEntry.objects.filter(action="certificate.issue").exists()


def test_no_plan_is_refused(amina, counsellor_a):
    with pytest.raises(ValidationError) as caught:
        certificate_issue(acting_user=counsellor_a, participant=amina)
    assert caught.value.messages == ["There is no final (agreed) qualification plan."]


def test_reissue_supersedes_the_earlier_certificate(amina_ready, counsellor_a):
    first = certificate_issue(acting_user=counsellor_a, participant=amina_ready)
    second = certificate_issue(acting_user=counsellor_a, participant=amina_ready)
    first.refresh_from_db()
    assert first.status == CertificateStatus.SUPERSEDED
    assert second.status == CertificateStatus.VALID
    assert second.number != first.number
    assert Certificate.objects.filter(participant=amina_ready).count() == 2
    entry = AuditEntry.objects.filter(action="certificate.issue").order_by("-id").first()
    assert entry is not None and entry.detail["superseded"] == [first.pk]


def test_reissue_leaves_certificates_of_other_plans_alone(amina_ready, counsellor_a):
    old_plan = PlanFactory(participant=amina_ready, version=99, status=PlanStatus.SUPERSEDED)
    old_certificate = CertificateFactory(participant=amina_ready, plan=old_plan)
    certificate_issue(acting_user=counsellor_a, participant=amina_ready)
    old_certificate.refresh_from_db()
    assert old_certificate.status == CertificateStatus.VALID


def test_revoked_certificate_stays_revoked_on_reissue(amina_ready, counsellor_a):
    first = certificate_issue(acting_user=counsellor_a, participant=amina_ready)
    certificate_revoke(acting_user=counsellor_a, certificate=first, reason="Issued in error")
    certificate_issue(acting_user=counsellor_a, participant=amina_ready)
    first.refresh_from_db()
    assert first.status == CertificateStatus.REVOKED


def test_numbers_are_unique_and_in_format():
    numbers = {certificate_number_generate(year=2026) for _ in range(500)}
    assert len(numbers) == 500
    assert all(NUMBER_PATTERN.match(number) for number in numbers)


def test_number_collision_is_retried(amina_ready, counsellor_a, monkeypatch):
    CertificateFactory(number="RZ-2026-AAAAAAAA")
    proposals = iter(["RZ-2026-AAAAAAAA", "RZ-2026-BBBBBBBB"])
    monkeypatch.setattr(services, "certificate_number_generate", lambda *, year: next(proposals))
    certificate = certificate_issue(acting_user=counsellor_a, participant=amina_ready)
    assert certificate.number == "RZ-2026-BBBBBBBB"


def test_numbers_never_free_gives_up(amina_ready, counsellor_a, monkeypatch):
    CertificateFactory(number="RZ-2026-AAAAAAAA")
    monkeypatch.setattr(services, "certificate_number_generate", lambda *, year: "RZ-2026-AAAAAAAA")
    with pytest.raises(ValidationError) as caught:
        certificate_issue(acting_user=counsellor_a, participant=amina_ready)
    assert caught.value.messages == [str(services.ERROR_NUMBER_EXHAUSTED)]
    assert Certificate.objects.filter(participant=amina_ready).count() == 0
