"""Plans, sessions, enrolments and results, built straight through the ORM.

The other apps' services are still being written; these factories only set up state.
"""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from accounts.models import Role, User
from accounts.tests.factories import UserFactory
from catalogue.models import Module
from catalogue.tests.factories import ModuleFactory
from certificates.models import Certificate, CertificateStatus
from participants.models import Participant
from participants.tests.factories import ParticipantFactory
from plans.models import Plan, PlanItem, PlanStatus
from scheduling.models import Enrolment, Session
from training.models import Outcome, Result


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    participant = factory.SubFactory(ParticipantFactory)
    version = factory.Sequence(lambda n: n + 1)
    status = PlanStatus.FINAL
    agreed_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=60))
    created_by = factory.SelfAttribute("participant.counsellor")


class PlanItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanItem

    plan = factory.SubFactory(PlanFactory)
    module = factory.SubFactory(ModuleFactory)
    position = factory.Sequence(lambda n: n + 1)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    module = factory.SubFactory(ModuleFactory)
    site = factory.SubFactory("accounts.tests.factories.SiteFactory")
    instructor = factory.SubFactory(UserFactory, role=Role.INSTRUCTOR, site=factory.SelfAttribute("..site"))
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=40))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + dt.timedelta(days=9))
    capacity = 12


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    session = factory.SubFactory(SessionFactory)
    participant = factory.SubFactory(ParticipantFactory)
    enrolled_by = factory.SelfAttribute("participant.counsellor")


class ResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Result

    enrolment = factory.SubFactory(EnrolmentFactory)
    outcome = Outcome.PASSED
    recorded_by = factory.SelfAttribute("enrolment.session.instructor")
    recorded_on = factory.LazyAttribute(lambda o: o.enrolment.session.ends_on)


class CertificateFactory(factory.django.DjangoModelFactory):
    """A certificate row as stored; tests of issuing go through certificate_issue."""

    class Meta:
        model = Certificate

    number = factory.Sequence(lambda n: f"RZ-2026-TEST{n:04d}")
    participant = factory.SubFactory(ParticipantFactory)
    plan = factory.SubFactory(PlanFactory, participant=factory.SelfAttribute("..participant"))
    status = CertificateStatus.VALID
    issued_on = factory.LazyFunction(timezone.localdate)
    issued_by = factory.SelfAttribute("participant.counsellor")
    # A revoked certificate carries its date and reason (a database constraint).
    revoked_at = factory.LazyAttribute(lambda o: timezone.now() if o.status == CertificateStatus.REVOKED else None)
    revocation_reason = factory.LazyAttribute(
        lambda o: "Issued in error" if o.status == CertificateStatus.REVOKED else ""
    )


def final_plan_with(*, participant: Participant, modules: list[Module]) -> Plan:
    """A final plan of the participant holding the modules in this order."""
    plan = PlanFactory(participant=participant, version=1 + participant.plans.count())
    for position, module in enumerate(modules, start=1):
        PlanItemFactory(plan=plan, module=module, position=position)
    return plan


def passed(*, participant: Participant, module: Module, instructor: User | None = None,
           outcome: str = Outcome.PASSED, **session_fields: object) -> Result:
    """Enrol the participant in a session of the module at their site and record a result."""
    session_kwargs: dict[str, object] = {"module": module, "site": participant.site, **session_fields}
    if instructor is not None:
        session_kwargs["instructor"] = instructor
    session = SessionFactory(**session_kwargs)
    enrolment = EnrolmentFactory(session=session, participant=participant)
    return ResultFactory(enrolment=enrolment, outcome=outcome)
