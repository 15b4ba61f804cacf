"""Returns as reporting needs them, made through the ORM.

Plans and certificates come from certificates/tests/factories.py; move ReturnFactory
to returns/tests/factories.py once that app has one.
"""

import datetime as dt

import factory

from participants.tests.factories import ParticipantFactory
from returns.models import Return, ReturnStatus


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
