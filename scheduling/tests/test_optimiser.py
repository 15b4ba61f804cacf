"""The optimiser in the product: runs, proposals, apply/discard, plans at risk, pictures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry
from assessments.services import availability_set
from catalogue.tests.factories import ModuleFactory
from participants.models import ExitReason, ProgrammeExit
from scheduling import optimiser, services
from scheduling.models import Enrolment, Pin, RunStatus, ScheduleRun
from scheduling.planning import session_planning_proposals
from scheduling.selectors import plan_list_at_risk, schedule_run_proposal
from scheduling.tests.factories import make_session
from scheduling.tests.test_services import planned_participant


def reach_only(participant, site, counsellor):
    # Through the service: it keeps the stored at-risk verdict right (scheduling.risk).
    availability_set(acting_user=counsellor, participant=participant, weekdays=[], hours_per_day=Decimal(4),
                     sites=[site])


@pytest.fixture
def scarce(manager, site_a, instructor_a, counsellor_a):
    """Two participants, one seat that fits before both departures, one later session."""
    module = ModuleFactory(code="MET-201")
    today = timezone.localdate()
    early = make_session(
        manager=manager, module=module, site=site_a, instructor=instructor_a,
        starts_on=today + dt.timedelta(days=10), capacity=1,
    )
    make_session(
        manager=manager, module=module, site=site_a, instructor=instructor_a,
        starts_on=today + dt.timedelta(days=200), capacity=5,
    )
    leaves_soon = planned_participant(counsellor_a, module, departure_in_days=30)
    stays = planned_participant(counsellor_a, module, departure_in_days=300)
    return {"module": module, "early": early, "leaves_soon": leaves_soon, "stays": stays}


@pytest.mark.django_db
@pytest.mark.parametrize("workers", [1, 2])
def test_run_proposes_seats_so_both_plans_finish_and_apply_enrols(manager, scarce, settings, workers):
    settings.REINTEGRA_SCHEDULER_WORKERS = workers  # the parallel portfolio proposes the same here
    run = services.schedule_run_start(acting_user=manager, time_limit=2)
    services.schedule_run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.FINISHED and run.progress == 1.0
    assert (run.best_completed, run.bound, run.completed_before) == (2, 2, 0)
    moves = {(m.participant_id, m.session_id) for m in run.moves.all()}
    assert (scarce["leaves_soon"].pk, scarce["early"].pk) in moves  # the early seat goes to the early departure
    assert services.schedule_run_apply(acting_user=manager, run=run) == 2
    assert Enrolment.objects.filter(participant__in=[scarce["leaves_soon"], scarce["stays"]]).count() == 2
    run.refresh_from_db()
    assert run.status == RunStatus.APPLIED
    assert AuditEntry.objects.filter(action="schedule_run.apply").exists()


@pytest.mark.django_db
def test_apply_is_all_or_nothing_when_the_schedule_changed(manager, counsellor_a, scarce):
    run = services.schedule_run_start(acting_user=manager, time_limit=2)
    services.schedule_run_execute(run_id=run.pk)
    intruder = planned_participant(counsellor_a, scarce["module"], departure_in_days=30)
    services.session_enrol(acting_user=manager, session=scarce["early"], participant=intruder)
    with pytest.raises(Exception, match="Nothing was applied"):
        services.schedule_run_apply(acting_user=manager, run=ScheduleRun.objects.get(pk=run.pk))
    assert not Enrolment.objects.filter(participant__in=[scarce["leaves_soon"], scarce["stays"]]).exists()


@pytest.mark.django_db
def test_pins_are_kept_and_become_enrolments(manager, scarce):
    Pin.objects.create(participant=scarce["stays"], session=scarce["early"], created_by=manager)
    run = services.schedule_run_start(acting_user=manager, time_limit=2)
    services.schedule_run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert (scarce["stays"].pk, scarce["early"].pk) in {(m.participant_id, m.session_id) for m in run.moves.all()}
    assert run.best_completed == 1
    risk = run.risks.get()
    assert risk.participant_id == scarce["leaves_soon"].pk and risk.reasons[0]["code"] == "full"


@pytest.mark.django_db
def test_at_risk_lists_own_site_with_reason(counsellor_a, counsellor_b, site_b, scarce):
    reach_only(scarce["stays"], site_b, counsellor_a)
    rows = plan_list_at_risk(user=counsellor_a, today=timezone.localdate())
    # stays can only reach site B, where MET-201 is not offered; leaves_soon can still book
    assert [(r.participant.pk, r.reasons) for r in rows] == [
        (scarce["stays"].pk, ["No session of MET-201 at a site the participant can reach."])
    ]
    assert plan_list_at_risk(user=counsellor_b, today=timezone.localdate()) == []


@pytest.mark.django_db
def test_optimiser_pages_climb_the_ladder(client, client_for, manager, counsellor_a, scarce,
                                          django_capture_on_commit_callbacks):
    url = reverse("scheduling:run_list")
    assert client.get(url).status_code == 302
    assert client_for(counsellor_a).get(url).status_code == 403
    assert client_for(manager).get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(manager).post(url, {"time_limit": 2})
    run = ScheduleRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("scheduling:run_detail", args=[run.pk])
    body = client_for(manager).get(response["Location"]).content.decode()
    assert "Proposal ready" in body or "proposal ready" in body
    assert scarce["leaves_soon"].case_number in body and "<progress" in body
    progress = client_for(manager).get(reverse("scheduling:run_progress", args=[run.pk]) + "?polling=1")
    assert progress["HX-Refresh"] == "true" and 'value="100"' in progress.content.decode()
    assert client_for(counsellor_a).get(reverse("scheduling:run_detail", args=[run.pk])).status_code == 403
    assert client_for(manager).get(reverse("scheduling:run_detail", args=[run.pk + 99])).status_code == 404
    response = client_for(manager).post(reverse("scheduling:run_apply", args=[run.pk]))
    assert response.status_code == 302 and Enrolment.objects.count() == 2


@pytest.mark.django_db
def test_running_progress_polls_every_second(client_for, manager):
    run = ScheduleRun.objects.create(status=RunStatus.RUNNING, progress=0.42, best_completed=7, bound=9)
    body = client_for(manager).get(reverse("scheduling:run_progress", args=[run.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in body and 'value="42"' in body and "style=" not in body


@pytest.mark.django_db
def test_pictures_ladder(client, client_for, manager, counsellor_a, counsellor_b, instructor_a, site_a, scarce):
    services.session_enrol(acting_user=manager, session=scarce["early"], participant=scarce["leaves_soon"])
    timeline = reverse("scheduling:timeline", args=[scarce["leaves_soon"].pk])
    occupancy = reverse("scheduling:occupancy", args=[site_a.pk])
    risk = reverse("scheduling:at_risk")
    for url in (timeline, occupancy, risk):
        client.logout()
        assert client.get(url).status_code == 302
        assert client_for(instructor_a).get(url).status_code == 403
    assert client_for(counsellor_b).get(timeline).status_code == 404
    assert client_for(counsellor_b).get(occupancy).status_code == 404
    body = client_for(counsellor_a).get(timeline).content.decode()
    assert "<svg" in body and 'class="bar"' in body and 'class="departure"' in body and "MET-201" in body
    body = client_for(counsellor_a).get(occupancy).content.decode()
    assert "occupancy-4" in body and "1/0" in body  # the one-seat session is full
    assert client_for(manager).get(risk).status_code == 200


@pytest.mark.django_db
def test_the_at_risk_list_is_an_audited_read(client_for, counsellor_a, site_b, scarce):
    reach_only(scarce["stays"], site_b, counsellor_a)
    response = client_for(counsellor_a).get(reverse("scheduling:at_risk"))
    assert [row.participant for row in response.context["rows"]] == [scarce["stays"]]
    read = AuditEntry.objects.filter(actor=counsellor_a, detail__view="scheduling:at_risk").get()
    assert read.participant_ref == scarce["stays"].pk


@pytest.mark.django_db
def test_schedule_command_shows_progress_and_stores_the_run(manager, scarce):
    out = StringIO()
    call_command("schedule", "--time-limit", "2", "--user", manager.username, stdout=out)
    text = out.getvalue()
    assert "proposal 2, bound 2" in text
    assert ScheduleRun.objects.get().status == RunStatus.FINISHED


# --- people who left the programme early ------------------------------------------------------


def left_early(participant, counsellor):
    # Made directly: what the exit service does besides (cancelling enrolments) is tested there.
    return ProgrammeExit.objects.create(
        participant=participant, left_on=timezone.localdate(), reason=ExitReason.WORK, recorded_by=counsellor
    )


@pytest.mark.django_db
def test_someone_who_left_early_is_not_planned_and_frees_the_scarce_seat(manager, counsellor_a, scarce):
    left_early(scarce["leaves_soon"], counsellor_a)
    built = optimiser.instance_build(today=timezone.localdate())
    assert set(built.participants) == {scarce["stays"].pk}
    assert [p.id for p in built.instance.participants] == [scarce["stays"].pk]
    only_them = optimiser.instance_build(today=timezone.localdate(), participant_ids=[scarce["leaves_soon"].pk])
    assert only_them.participants == {} and only_them.instance.participants == ()

    run = services.schedule_run_start(acting_user=manager, time_limit=2)
    services.schedule_run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.participants == 1 and run.best_completed == 1
    assert {m.participant_id for m in run.moves.all()} == {scarce["stays"].pk}
    assert not run.risks.exists()


@pytest.mark.django_db
def test_someone_who_left_early_is_no_plan_at_risk(counsellor_a, site_b, scarce):
    reach_only(scarce["stays"], site_b, counsellor_a)
    assert [row.participant for row in plan_list_at_risk(user=counsellor_a, today=timezone.localdate())] == [
        scarce["stays"]
    ]
    left_early(scarce["stays"], counsellor_a)
    assert plan_list_at_risk(user=counsellor_a, today=timezone.localdate()) == []


@pytest.mark.django_db
def test_a_proposal_made_before_someone_left_no_longer_names_them(manager, counsellor_a, scarce):
    Pin.objects.create(participant=scarce["stays"], session=scarce["early"], created_by=manager)
    run = services.schedule_run_start(acting_user=manager, time_limit=2)
    services.schedule_run_execute(run_id=run.pk)  # stays gets the pinned seat, leaves_soon is at risk
    run.refresh_from_db()
    before = schedule_run_proposal(run=run)
    assert [entry["participant"] for entry in before["moves"]] == [scarce["stays"]]
    assert [risk["participant"] for risk in before["risks"]] == [scarce["leaves_soon"]]

    left_early(scarce["stays"], counsellor_a)
    left_early(scarce["leaves_soon"], counsellor_a)

    after = schedule_run_proposal(run=run)
    assert (after["moves"], after["move_count"], after["newly_completed"], after["risks"]) == ([], 0, 0, [])


@pytest.mark.django_db
def test_session_proposals_count_and_name_no_one_who_left_early(manager, counsellor_a, site_a, instructor_a):
    """Four people need MET-301 and the only session has two seats: an extra session would
    complete two more plans, but none once two of them have left."""
    module = ModuleFactory(code="MET-301")
    today = timezone.localdate()
    make_session(manager=manager, module=module, site=site_a, instructor=instructor_a,
                 starts_on=today + dt.timedelta(days=10), capacity=2)
    people = [planned_participant(counsellor_a, module, departure_in_days=60) for _ in range(4)]
    before = session_planning_proposals(today=today, weeks=4, limit=1)
    assert [proposal.additional_plans for proposal in before] == [2]

    left_early(people[0], counsellor_a)
    left_early(people[1], counsellor_a)

    after = session_planning_proposals(today=today, weeks=4, limit=1)
    assert all(proposal.additional_plans == 0 and proposal.participants == [] for proposal in after)
