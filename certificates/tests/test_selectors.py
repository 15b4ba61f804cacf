from __future__ import annotations

from decimal import Decimal

import pytest

from catalogue.tests.factories import ModuleFactory
from certificates.selectors import (
    REASON_NO_FINAL_PLAN,
    REASON_NO_PASSED_RESULT,
    REASON_NOT_ENROLLED,
    REASON_PLAN_WITHOUT_MODULES,
    certificate_document,
    certificate_eligibility,
)
from certificates.tests.factories import CertificateFactory, PlanFactory, final_plan_with, passed
from plans.models import PlanStatus
from training.models import Outcome

pytestmark = pytest.mark.django_db



def test_no_plan_is_not_eligible(amina):
    eligibility = certificate_eligibility(participant=amina)
    assert not eligibility.eligible
    assert eligibility.missing == ["There is no final (agreed) qualification plan."]
    assert eligibility.missing == [str(REASON_NO_FINAL_PLAN)]


def test_draft_plan_does_not_count(amina, met_101):
    draft = PlanFactory(participant=amina, status=PlanStatus.DRAFT, agreed_on=None)
    draft.items.create(module=met_101, position=1)
    passed(participant=amina, module=met_101)
    assert certificate_eligibility(participant=amina).missing == [str(REASON_NO_FINAL_PLAN)]


def test_final_plan_without_modules(amina):
    final_plan_with(participant=amina, modules=[])
    eligibility = certificate_eligibility(participant=amina)
    assert not eligibility.eligible
    assert eligibility.missing == [str(REASON_PLAN_WITHOUT_MODULES)]


def test_every_gap_is_named_by_module_code(amina, met_101, met_201):
    final_plan_with(participant=amina, modules=[met_101, met_201])
    passed(participant=amina, module=met_101, outcome=Outcome.FAILED)
    eligibility = certificate_eligibility(participant=amina)
    assert not eligibility.eligible
    assert eligibility.missing == ["MET-101: no passed result", "MET-201: not enrolled in a session"]
    assert eligibility.missing == [
        REASON_NO_PASSED_RESULT % {"code": "MET-101"},
        REASON_NOT_ENROLLED % {"code": "MET-201"},
    ]


def test_enrolled_without_result_yet(amina, met_101):
    final_plan_with(participant=amina, modules=[met_101])
    from certificates.tests.factories import EnrolmentFactory, SessionFactory

    EnrolmentFactory(participant=amina, session=SessionFactory(module=met_101, site=amina.site))
    assert certificate_eligibility(participant=amina).missing == ["MET-101: no passed result"]


def test_failed_then_passed_is_eligible(amina, met_101):
    final_plan_with(participant=amina, modules=[met_101])
    passed(participant=amina, module=met_101, outcome=Outcome.FAILED)
    passed(participant=amina, module=met_101)
    assert certificate_eligibility(participant=amina).eligible


def test_all_passed_is_eligible(amina_ready):
    eligibility = certificate_eligibility(participant=amina_ready)
    assert eligibility.eligible
    assert eligibility.missing == []
    assert eligibility.plan is not None and eligibility.plan.status == PlanStatus.FINAL


def test_another_participants_results_do_not_count(amina, farid, met_101):
    final_plan_with(participant=amina, modules=[met_101])
    passed(participant=farid, module=met_101)
    assert certificate_eligibility(participant=amina).missing == ["MET-101: not enrolled in a session"]


def test_superseded_plan_modules_do_not_count(amina, met_101, met_201):
    old = final_plan_with(participant=amina, modules=[met_101])
    old.status = PlanStatus.SUPERSEDED
    old.save()
    final_plan_with(participant=amina, modules=[met_201])
    passed(participant=amina, module=met_101)
    assert certificate_eligibility(participant=amina).missing == ["MET-201: not enrolled in a session"]


@pytest.mark.parametrize("module_count", [1, 6])
def test_eligibility_uses_a_fixed_number_of_queries(amina, metalwork, django_assert_num_queries, module_count):
    modules = [ModuleFactory(trade=metalwork) for _ in range(module_count)]
    final_plan_with(participant=amina, modules=modules)
    for module in modules:
        passed(participant=amina, module=module)
    # plans, plan items, enrolments, meetings, attendance (for the attendance rule)
    with django_assert_num_queries(5):
        assert certificate_eligibility(participant=amina).eligible


def test_document_lists_plan_modules_with_their_passed_session(amina_ready, met_101, met_201, metalwork, site_a):
    plan = amina_ready.plans.get(status=PlanStatus.FINAL)
    certificate = CertificateFactory(participant=amina_ready, plan=plan)
    document = certificate_document(certificate=certificate)
    assert [line.module.code for line in document.lines] == ["MET-101", "MET-201"]
    assert all(line.passed for line in document.lines)
    assert [line.starts_on.isoformat() for line in document.lines if line.starts_on] == [
        "2026-03-02", "2026-04-13",
    ]
    assert document.trades == [metalwork]
    assert document.sites == [site_a]
    assert document.total_hours == Decimal("100")
    assert document.total_teaching_units == Decimal("133.3")


@pytest.mark.parametrize("module_count", [1, 6])
def test_document_uses_a_fixed_number_of_queries(amina, metalwork, django_assert_num_queries, module_count):
    modules = [ModuleFactory(trade=metalwork) for _ in range(module_count)]
    plan = final_plan_with(participant=amina, modules=modules)
    for module in modules:
        passed(participant=amina, module=module)
    certificate = CertificateFactory(participant=amina, plan=plan)
    # certificate, plan items, enrolments, meetings, attendance (units attended per module)
    with django_assert_num_queries(5):
        document = certificate_document(certificate=certificate)
        assert len(document.lines) == module_count
        assert {site.pk for site in document.sites} == {amina.site_id}
