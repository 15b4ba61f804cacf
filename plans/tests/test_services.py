import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from catalogue.tests.factories import ModuleFactory
from participants.tests.factories import ParticipantFactory
from plans import services
from plans.models import PlanStatus


@pytest.fixture
def participant(counsellor_a):
    return ParticipantFactory(site=counsellor_a.site, counsellor=counsellor_a)


@pytest.fixture
def modules(db):
    basics = ModuleFactory(code="MET-101")
    welding = ModuleFactory(code="MET-201")
    welding.prerequisites.add(basics)
    return basics, welding


def _codes(plan):
    return [item.module.code for item in plan.items.order_by("position").select_related("module")]


@pytest.mark.django_db
def test_plan_order_add_move_remove(participant, counsellor_a, modules):
    basics, welding = modules
    plan = services.plan_start(acting_user=counsellor_a, participant=participant)
    services.plan_add_module(acting_user=counsellor_a, plan=plan, module=welding)
    services.plan_add_module(acting_user=counsellor_a, plan=plan, module=basics)
    assert _codes(plan) == ["MET-201", "MET-101"]
    with pytest.raises(ValidationError):
        services.plan_add_module(acting_user=counsellor_a, plan=plan, module=basics)
    item = plan.items.get(module=basics)
    services.plan_move_item(acting_user=counsellor_a, plan=plan, item=item, offset=-1)
    assert _codes(plan) == ["MET-101", "MET-201"]
    services.plan_remove_module(acting_user=counsellor_a, plan=plan, item=plan.items.get(module=basics))
    assert _codes(plan) == ["MET-201"]
    assert list(plan.items.values_list("position", flat=True)) == [1]


@pytest.mark.django_db
def test_finalise_needs_prerequisites_first_and_a_module(participant, counsellor_a, modules):
    basics, welding = modules
    plan = services.plan_start(acting_user=counsellor_a, participant=participant)
    with pytest.raises(ValidationError) as error:
        services.plan_finalise(acting_user=counsellor_a, plan=plan, agreed_on=dt.date(2026, 1, 5))
    assert error.value.messages == [str(services.ERROR_EMPTY_PLAN)]
    services.plan_add_module(acting_user=counsellor_a, plan=plan, module=welding)
    with pytest.raises(ValidationError) as error:
        services.plan_finalise(acting_user=counsellor_a, plan=plan, agreed_on=dt.date(2026, 1, 5))
    expected = str(services.ERROR_PREREQUISITE_ORDER) % {"module": "MET-201", "prerequisite": "MET-101"}
    assert error.value.messages == [expected]
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


@pytest.mark.django_db
def test_final_plan_is_frozen_and_changes_make_a_new_version(participant, counsellor_a, modules):
    basics, welding = modules
    plan = services.plan_start(acting_user=counsellor_a, participant=participant)
    services.plan_add_module(acting_user=counsellor_a, plan=plan, module=basics)
    services.plan_finalise(acting_user=counsellor_a, plan=plan, agreed_on=dt.date(2026, 1, 5))
    with pytest.raises(ValidationError):
        services.plan_add_module(acting_user=counsellor_a, plan=plan, module=welding)
    with pytest.raises(ValidationError):
        services.plan_revise(acting_user=counsellor_a, plan=plan, reason="  ")
    draft = services.plan_revise(acting_user=counsellor_a, plan=plan, reason="Wants to weld too")
    assert draft.version == 2 and _codes(draft) == ["MET-101"]
    services.plan_add_module(acting_user=counsellor_a, plan=draft, module=welding)
    services.plan_finalise(acting_user=counsellor_a, plan=draft, agreed_on=dt.date(2026, 2, 1))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUPERSEDED and _codes(plan) == ["MET-101"]
    assert participant.plans.get(status=PlanStatus.FINAL).version == 2


@pytest.mark.django_db
def test_a_mastered_prerequisite_need_not_be_in_the_plan(participant, counsellor_a):
    from django.utils import timezone

    from assessments.models import EscoSkill
    from assessments.services import assessment_create
    from catalogue.models import ModuleSkill

    basics = ModuleFactory(code="SEW-101")
    garments = ModuleFactory(code="SEW-201")
    garments.prerequisites.add(basics)
    ModuleSkill.objects.create(module=basics, skill_uri="urn:reintegra:skill:sewing-machine", level=1)
    plan = services.plan_start(acting_user=counsellor_a, participant=participant)
    services.plan_add_module(acting_user=counsellor_a, plan=plan, module=garments)
    assert services.plan_order_problems(plan=plan)
    skill = EscoSkill.objects.get(uri="urn:reintegra:skill:sewing-machine")
    assessment_create(acting_user=counsellor_a, participant=participant, education_level=2, education_years=None,
                      assessed_on=timezone.localdate(), work_history=[],
                      skills=[{"skill": "", "esco_skill": skill, "level": 2}])
    assert services.plan_order_problems(plan=plan) == []
    final = services.plan_finalise(acting_user=counsellor_a, plan=plan, agreed_on=timezone.localdate(),
                                   agreement_language="ar")
    assert final.status == PlanStatus.FINAL and final.agreement_language == "ar"
