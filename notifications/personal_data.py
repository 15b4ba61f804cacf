"""What the notifications app holds about a person: consents to messages (with the encrypted
address), which messages were sent (kind, channel, status — never their text), calendar
links (hashes) and the counsellor digest's at-risk marks (see vault/registry.py)."""

from __future__ import annotations

from typing import Any

from notifications.models import AtRiskNotice, CalendarFeed, ChannelConsent, Delivery
from participants.models import Participant
from vault.registry import Contribution, Erasure, Holding, day, moment, register


def export(participant: Participant) -> dict[str, Any]:
    consents = ChannelConsent.objects.filter(participant=participant).order_by("given_on", "pk")
    deliveries = Delivery.objects.filter(participant=participant).order_by("created_at", "pk")
    feeds = CalendarFeed.objects.filter(participant=participant).order_by("created_at", "pk")
    return {
        "messages": {
            "consents": [
                {"channel": c.channel, "address": c.address, "given_on": day(c.given_on),
                 "withdrawn_on": day(c.withdrawn_on)}
                for c in consents
            ],
            "sent": [
                {"kind": d.kind, "channel": d.channel, "language": d.language, "status": d.status,
                 "created_at": moment(d.created_at), "sent_at": moment(d.sent_at)}
                for d in deliveries
            ],
            "calendar_links": [
                {"created_at": moment(f.created_at), "revoked_at": moment(f.revoked_at)} for f in feeds
            ],
        },
    }


def erase(erasure: Erasure) -> None:
    # An address identifies the person; what was sent, and the links, are no figure's business.
    ChannelConsent.objects.filter(participant=erasure.participant).delete()
    Delivery.objects.filter(participant=erasure.participant).delete()
    CalendarFeed.objects.filter(participant=erasure.participant).delete()
    AtRiskNotice.objects.filter(participant=erasure.participant).delete()


CONTRIBUTION = register(
    Contribution(
        app_label="notifications",
        order=90,
        holdings=(
            Holding(ChannelConsent, exported_in="messages", erasure="deleted (with the address)"),
            Holding(Delivery, exported_in="messages", erasure="deleted"),
            Holding(CalendarFeed, exported_in="messages", erasure="deleted (the link stops working)"),
            Holding(AtRiskNotice, erasure="deleted (a mark for the counsellor's digest)"),
        ),
        export=export,
        erase=erase,
        pdf_template="notifications/personal_data_pdf.html",
    )
)
