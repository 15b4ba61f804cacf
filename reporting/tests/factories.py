"""Certificates and returns as reporting needs them, made through the ORM.

Kept here while plans/, certificates/ and returns/ have no factories of their own;
move them there once they do.
"""

import datetime as dt

import factory

from accounts.models import Role
from accounts.tests.factories import UserFactory
from certificates.models import Certificate, CertificateStatus
from participants.tests.factories import ParticipantFactory
from plans.models import Plan, PlanStatus
from returns.models import Return, ReturnStatus


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    participant = factory.SubFactory(ParticipantFactory)
    version = factory.Sequence(lambda n: n + 1)
    status = PlanStatus.FINAL
    agreed_on = factory.LazyAttribute(lambda plan: plan.participant.intake_date)
    created_by = factory.SelfAttribute("participant.counsellor")


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certificate

    number = factory.Sequence(lambda n: f"RI-CERT-{n:05d}")
    participant = factory.SubFactory(ParticipantFactory)
    plan = factory.SubFactory(PlanFactory, participant=factory.SelfAttribute("..participant"))
    status = CertificateStatus.VALID
    issued_on = factory.LazyAttribute(lambda cert: cert.participant.intake_date + dt.timedelta(days=90))
    issued_by = factory.SubFactory(UserFactory, role=Role.MANAGER, site=None)


class ReturnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Return

    participant = factory.SubFactory(ParticipantFactory)
    status = ReturnStatus.RETURNED
    actual_departure = factory.LazyAttribute(
        lambda ret: ret.participant.intake_date + dt.timedelta(days=120)
    )
    status_date = factory.LazyAttribute(
        lambda ret: ret.actual_departure or ret.participant.intake_date + dt.timedelta(days=120)
    )
    recorded_by = factory.SelfAttribute("participant.counsellor")
