import datetime as dt

import factory
from django.utils import timezone

from accounts.tests.factories import SiteFactory, UserFactory
from participants.models import Consent, ConsentPurpose, Participant


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    case_number = factory.Sequence(lambda n: f"RI-TEST-{n:05d}")
    first_name = factory.Sequence(lambda n: f"Amina{n}")
    last_name = "Haddad"
    date_of_birth = dt.date(1990, 5, 17)
    gender = "f"
    origin_country = "SY"
    languages = factory.LazyFunction(lambda: ["ar", "de"])
    site = factory.SubFactory(SiteFactory)
    counsellor = factory.SubFactory(UserFactory, site=factory.SelfAttribute("..site"))
    intake_date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))
    planned_departure = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=180))
    instruction_language = "de"


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    participant = factory.SubFactory(ParticipantFactory)
    purpose = ConsentPurpose.PARTICIPATION
    given_on = factory.LazyFunction(timezone.localdate)
    recorded_by = factory.SelfAttribute("participant.counsellor")
