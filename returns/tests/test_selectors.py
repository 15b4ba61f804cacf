import datetime as dt
import json

import pytest
from django.utils import timezone
from jsonschema import Draft202012Validator

from catalogue.tests.factories import ModuleFactory
from participants.models import ConsentPurpose
from participants.tests.factories import ConsentFactory, ParticipantFactory
from plans import services as plan_services
from returns import services
from returns.schema import handover_schema
from returns.scoring import QUESTIONS
from returns.selectors import follow_up_comparison, follow_up_due_list, handover_package, modules_at_risk
from returns.tests.factories import FollowUpFactory
from returns.tests.schema_check import check
from scheduling.services import session_enrol
from scheduling.tests.factories import make_session

BEST = {q.key: q.options[-1] for q in QUESTIONS}


@pytest.mark.django_db
def test_moving_the_departure_shows_the_modules_at_risk(manager, counsellor_a, instructor_a):
    today = timezone.localdate()
    participant = ParticipantFactory(site=counsellor_a.site, counsellor=counsellor_a,
                                     planned_departure=today + dt.timedelta(days=90))
    module = ModuleFactory(code="SEW-101")
    plan = plan_services.plan_start(acting_user=counsellor_a, participant=participant)
    plan_services.plan_add_module(acting_user=counsellor_a, plan=plan, module=module)
    plan_services.plan_finalise(acting_user=counsellor_a, plan=plan, agreed_on=today)
    session = make_session(manager=manager, module=module, site=counsellor_a.site, instructor=instructor_a,
                           starts_on=today + dt.timedelta(days=20))
    session_enrol(acting_user=counsellor_a, session=session, participant=participant)
    assert modules_at_risk(participant=participant, departure=today + dt.timedelta(days=90), today=today) == []
    risks = modules_at_risk(participant=participant, departure=today + dt.timedelta(days=21), today=today)
    assert len(risks) == 1 and "SEW-101" in risks[0]
    # the stored departure is untouched: this was only a look ahead
    participant.refresh_from_db()
    assert participant.planned_departure == today + dt.timedelta(days=90)


@pytest.mark.django_db
def test_package_validates_against_the_schema(awa_qualified, counsellor_a, partner_sn):
    handover, _token = services.handover_create(
        acting_user=counsellor_a, participant=awa_qualified, organisation=partner_sn, business_idea="Tailoring",
        needs="Sewing machine", contact_preferences="WhatsApp, evenings", now=timezone.now(),
    )
    package = json.loads(json.dumps(handover_package(handover=handover)))
    assert check(package, handover_schema()) == []
    assert package["language"] == "fr"
    assert package["competences"] and package["competences"][0]["level"] == 3
    qualification = package["qualifications"][0]
    assert qualification["certificate_number"] == "RZ-2026-AWA00001"
    assert qualification["verification_url"].endswith("/certificates/verify/RZ-2026-AWA00001/")
    assert qualification["modules"][0]["code"] == "SEW-101"
    assert package["next_steps"]["target_occupation"]["isco_code"].isdigit()
    # the checker is not a rubber stamp
    broken = dict(package, language="de")
    del broken["person"]["case_number"]
    assert len(check(broken, handover_schema())) == 2


def test_schema_is_a_valid_draft_2020_12_schema():
    Draft202012Validator.check_schema(handover_schema())


@pytest.mark.django_db
def test_due_list_is_site_scoped_and_marks_no_answer(counsellor_a, counsellor_b, manager):
    today = timezone.localdate()
    mine = ParticipantFactory(site=counsellor_a.site, counsellor=counsellor_a)
    theirs = ParticipantFactory(site=counsellor_b.site, counsellor=counsellor_b)
    withdrawn = ParticipantFactory(site=counsellor_a.site, counsellor=counsellor_a)
    for person in (mine, theirs, withdrawn):
        ConsentFactory(participant=person, purpose=ConsentPurpose.FOLLOW_UP)
    withdrawn.consents.update(withdrawn_on=today)
    FollowUpFactory(participant=withdrawn, kind="m3", due_on=today)  # consent withdrawn: not due
    due = FollowUpFactory(participant=mine, kind="m3", due_on=today + dt.timedelta(days=3))
    silent = FollowUpFactory(participant=mine, kind="m6", due_on=today - dt.timedelta(days=45))
    FollowUpFactory(participant=mine, kind="m12", due_on=today + dt.timedelta(days=200))  # not yet
    FollowUpFactory(participant=mine, kind="baseline", due_on=today, answered_on=today, channel="phone")
    other = FollowUpFactory(participant=theirs, kind="m3", due_on=today)
    rows = follow_up_due_list(user=counsellor_a, today=today)
    assert [(r.follow_up, r.state) for r in rows] == [(silent, "no_answer"), (due, "due")]
    assert rows[0].days_over == 45
    assert [r.follow_up for r in follow_up_due_list(user=counsellor_b, today=today)] == [other]
    assert len(follow_up_due_list(user=manager, today=today)) == 3


@pytest.mark.django_db
def test_comparison_takes_baseline_and_latest_follow_up(counsellor_a):
    participant = ParticipantFactory(site=counsellor_a.site, counsellor=counsellor_a)
    ConsentFactory(participant=participant, purpose=ConsentPurpose.FOLLOW_UP)
    today = timezone.localdate()
    baseline = FollowUpFactory(participant=participant, kind="baseline", due_on=today - dt.timedelta(days=200))
    m3 = FollowUpFactory(participant=participant, kind="m3", due_on=today - dt.timedelta(days=100))
    m6 = FollowUpFactory(participant=participant, kind="m6", due_on=today)
    for follow_up, work in ((baseline, "none"), (m3, "occasional"), (m6, "regular")):
        services.follow_up_answer(follow_up=follow_up, answers=dict(BEST, work=work), channel="phone",
                                  answered_on=today, acting_user=counsellor_a)
    got_baseline, latest, rows = follow_up_comparison(list(participant.follow_ups.all()))
    assert got_baseline == baseline and latest == m6
    economic = rows[0]
    assert (economic.dimension, economic.baseline, economic.latest, economic.change) == ("economic", 0.67, 1.0, 0.33)
