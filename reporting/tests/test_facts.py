"""The fact table the report reads stays equal to the records: after random writes through the
models (every save and delete), the maintained rows equal a rebuild from scratch, and the report
from the table equals the report counted from the records for periods ending on many days."""

import datetime as dt
import random
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from catalogue.tests.factories import ModuleFactory, TradeFactory
from certificates.models import Certificate, CertificateStatus
from certificates.tests.factories import (
    CertificateFactory,
    EnrolmentFactory,
    PlanFactory,
    PlanItemFactory,
    ResultFactory,
    SessionFactory,
)
from participants.models import ExitReason, Participant, ProgrammeExit
from participants.signals import participant_facts_changed
from plans.models import Plan, PlanItem, PlanStatus
from reporting.apps import _fill_facts_once
from reporting.facts import COLUMNS, facts_rebuild, report_cached
from reporting.indicators import Scope, programme_report
from reporting.models import ParticipantFact, ParticipantHoursStep
from reporting.periods import Period
from reporting.tests.factories import ReturnFactory
from returns.models import Return, ReturnStatus
from training.models import Result

pytestmark = pytest.mark.django_db

DAY0 = dt.date(2025, 1, 1)


def _day(rng: random.Random) -> dt.date:
    return DAY0 + dt.timedelta(days=rng.randrange(500))


def _rows() -> list[tuple]:
    return sorted(ParticipantFact.objects.values_list(*[c.replace("participant_id", "pk") for c in COLUMNS]))


def _steps() -> list[tuple]:
    return sorted(ParticipantHoursStep.objects.values_list("participant_id", "recorded_on", "hours"))


def _new_version(person: Participant, rng: random.Random) -> Plan:
    """A new agreed version; the former final one is superseded (one final plan per person)."""
    for former in Plan.objects.filter(participant=person, status=PlanStatus.FINAL):
        former.status = PlanStatus.SUPERSEDED
        former.save()
    version = 1 + Plan.objects.filter(participant=person).count()
    return PlanFactory(participant=person, version=version, agreed_on=_day(rng))


def _operate(rng: random.Random, people: list[Participant], modules: list, counsellor) -> None:
    person = rng.choice(people)
    operation = rng.randrange(12)
    if operation == 0:  # a plan version, agreed on some day, with one or two modules
        plan = _new_version(person, rng)
        for position, module in enumerate(rng.sample(modules, rng.choice([1, 2])), start=1):
            PlanItemFactory(plan=plan, module=module, position=position)
    elif operation == 1 and (item := PlanItem.objects.filter(plan__participant=person).first()):
        item.delete()
    elif operation == 2:
        plan = _new_version(person, rng)  # one certificate per plan
        CertificateFactory(participant=person, plan=plan, issued_on=_day(rng))
    elif operation == 3 and (certificate := Certificate.objects.filter(participant=person).first()):
        certificate.status = rng.choice([CertificateStatus.REVOKED, CertificateStatus.SUPERSEDED])
        certificate.revocation_reason = "test"
        certificate.revoked_at = timezone.now()
        certificate.save()
    elif operation == 4:
        Return.objects.filter(participant=person).delete()
        status = rng.choice(list(ReturnStatus))
        departure = _day(rng) if status == ReturnStatus.RETURNED else None
        ReturnFactory(participant=person, status=status, actual_departure=departure, status_date=_day(rng))
    elif operation == 5:
        ProgrammeExit.objects.update_or_create(
            participant=person,
            defaults={"left_on": _day(rng), "reason": ExitReason.HEALTH, "recorded_by": counsellor},
        )
    elif operation == 6:
        ProgrammeExit.objects.filter(participant=person).delete()
    elif operation == 7:  # a result in a session of some module
        session = SessionFactory(module=rng.choice(modules), site=person.site)
        ResultFactory(enrolment=EnrolmentFactory(session=session, participant=person), recorded_on=_day(rng))
    elif operation == 8 and (result := Result.objects.filter(enrolment__participant=person).first()):
        result.delete() if rng.random() < 0.5 else result.enrolment.delete()
    elif operation == 9:  # what the breakdowns group by
        person.gender = rng.choice(["f", "m", "d"])
        person.origin_country = rng.choice(["SY", "AF", "IQ"])
        person.intake_date = _day(rng)
        person.save()
    elif operation == 10:  # the catalogue: a module's hours and trade
        module = rng.choice(modules)
        module.hours = Decimal(rng.choice([8, 24, 40]))
        module.save()
    elif operation == 11 and (revised := Plan.objects.filter(participant=person).order_by("?").first()):
        revised.agreed_on = _day(rng)  # agreed on another day (a final plan always has one)
        revised.save()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_maintained_facts_equal_a_rebuild_and_count_as_the_records(seed, start, counsellor_a):
    rng = random.Random(seed)  # noqa: S311 (test data)
    trades = [TradeFactory(), TradeFactory()]
    modules = [ModuleFactory(trade=trade, hours=Decimal(40)) for trade in trades for _ in range(2)]
    people = [start(on=_day(rng)) for _ in range(8)]
    for _ in range(60):
        _operate(rng, people, modules, counsellor_a)
    gone = start(on=_day(rng))
    ReturnFactory(participant=gone, actual_departure=_day(rng))
    gone.delete()  # a person deleted with their records: their row goes too

    maintained, steps = _rows(), _steps()
    assert len(maintained) == len(people)
    assert steps  # the hours as they stood after each result day
    facts_rebuild()
    assert _rows() == maintained
    assert _steps() == steps

    for end in [DAY0 + dt.timedelta(days=days) for days in (30, 120, 250, 400, 800)]:
        scope = Scope(period=Period(start=DAY0, end=end))
        assert programme_report(scope) == programme_report(scope, from_records=True), end


def test_bulk_writes_say_whose_facts_changed(start):
    person = start()
    CertificateFactory(participant=person, issued_on=dt.date(2025, 5, 1))
    assert ParticipantFact.objects.get(pk=person.pk).qualified_on == dt.date(2025, 5, 1)

    Certificate.objects.filter(participant=person).update(status=CertificateStatus.SUPERSEDED)  # no model signal
    assert ParticipantFact.objects.get(pk=person.pk).qualified_on == dt.date(2025, 5, 1)
    participant_facts_changed.send(sender=Certificate, participant_ids=[person.pk])
    assert ParticipantFact.objects.get(pk=person.pk).qualified_on is None


def test_rebuild_command_recomputes_every_row(start):
    people = [start(), start()]
    ParticipantFact.objects.all().delete()
    call_command("rebuild_report_facts", stdout=open("/dev/null", "w"))  # noqa: SIM115, PTH123
    assert set(ParticipantFact.objects.values_list("pk", flat=True)) == {p.pk for p in people}


def test_a_cached_report_is_forgotten_on_the_next_committed_write(start, monkeypatch,
                                                                  django_capture_on_commit_callbacks):
    monkeypatch.setattr("reporting.facts._cache_shared", lambda: True)
    scope = Scope(period=Period(start=DAY0, end=dt.date(2026, 12, 31)))
    with django_capture_on_commit_callbacks(execute=True):
        start(on=dt.date(2025, 3, 1))
    assert report_cached(scope).total.started == 1
    with django_capture_on_commit_callbacks(execute=False) as callbacks:  # written, not yet committed
        start(on=dt.date(2025, 3, 2))
    assert report_cached(scope).total.started == 1  # the cached report
    for callback in callbacks:  # the commit
        callback()
    assert report_cached(scope).total.started == 2
    assert report_cached(scope) == programme_report(scope)


def test_without_a_shared_cache_every_report_is_counted(start):
    scope = Scope(period=Period(start=DAY0, end=dt.date(2026, 12, 31)))
    start(on=dt.date(2025, 3, 1))
    assert report_cached(scope).total.started == 1
    start(on=dt.date(2025, 3, 2))  # no commit inside the test's transaction, and still counted
    assert report_cached(scope).total.started == 2


def test_a_database_migrated_to_the_fact_table_is_filled_once(start):
    person = start()
    ParticipantFact.objects.all().delete()  # as after the migration that adds the table
    _fill_facts_once(sender=None)
    assert list(ParticipantFact.objects.values_list("pk", flat=True)) == [person.pk]
