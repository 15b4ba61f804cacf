import datetime as dt

import factory
from django.utils import timezone

from returns.models import FollowUp, FollowUpKind, Handover, Organisation, OrganisationKind
from vault.tokens import token_hash


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Partner {n}")
    kind = OrganisationKind.PARTNER
    country = "SN"
    working_language = "fr"
    email = "contact@example.org"


class HandoverFactory(factory.django.DjangoModelFactory):
    """A referral straight into the table (no consent check): for access tests only."""

    class Meta:
        model = Handover

    organisation = factory.SubFactory(OrganisationFactory)
    token_hash = factory.Sequence(lambda n: token_hash(f"token-{n}"))
    expires_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
    created_by = factory.SelfAttribute("participant.counsellor")


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    kind = FollowUpKind.MONTH_3
    due_on = factory.LazyFunction(timezone.localdate)


def organisation_for(world):
    """A partner organisation (for the URL matrix)."""
    return Organisation.objects.filter(name="Matrix partner").first() or OrganisationFactory(name="Matrix partner")


def handover_for(world):
    """A referral of the world's participant (for the URL matrix)."""
    participant = world["participant"]
    existing = participant.handovers.first()
    return existing or HandoverFactory(participant=participant, organisation=organisation_for(world))


def follow_up_for(world):
    """An open follow-up of the world's participant (for the URL matrix)."""
    participant = world["participant"]
    return participant.follow_ups.first() or FollowUpFactory(participant=participant)
