"""Writes: consent per channel, calendar links, and sending each message once.

Every message goes through `_deliver`: a `Delivery` row is claimed under a unique key first
(the occasion: kind, record ids, day), so a job that runs twice — beat firing twice, a
retried task, the management command beside the worker — sends nothing twice. Then the
channel sends it and the row records the outcome. Neither the row nor the log holds the
message's text or the address.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_record
from accounts.models import AuditAction, User
from notifications import selectors
from notifications.channels import CHANNELS, Message
from notifications.models import (
    AtRiskNotice,
    CalendarFeed,
    Channel,
    ChannelConsent,
    Delivery,
    DeliveryStatus,
    NotificationKind,
    StaffPreference,
)
from notifications.rendering import message_render
from participants.models import Participant
from returns.models import FollowUp
from returns.services import follow_up_link_create
from scheduling.models import Session
from vault.tokens import token_new

logger = logging.getLogger(__name__)

ERROR_ADDRESS_INVALID = _("Enter a valid e-mail address.")
ERROR_CHANNEL_NOT_AVAILABLE = _("Only e-mail can be used for messages so far.")
ERROR_ALREADY_CONSENTED = _("This participant already agreed to messages on this channel. Withdraw it first.")
ERROR_GIVEN_IN_FUTURE = _("The consent cannot be dated in the future.")

_UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def absolute(path: str) -> str:
    return f"{settings.REINTEGRA_PUBLIC_URL}{path}"


# --- consent per channel ------------------------------------------------------------------


@transaction.atomic
def channel_consent_give(
    *, acting_user: User, participant: Participant, channel: str, address: str, given_on: dt.date
) -> ChannelConsent:
    if channel not in CHANNELS:
        raise ValidationError({"channel": ERROR_CHANNEL_NOT_AVAILABLE})
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": ERROR_GIVEN_IN_FUTURE})
    if ChannelConsent.objects.select_for_update().filter(
        participant=participant, channel=channel, withdrawn_on__isnull=True
    ).exists():
        raise ValidationError(ERROR_ALREADY_CONSENTED)
    try:
        validate_email(address.strip())
    except ValidationError as exc:
        raise ValidationError({"address": ERROR_ADDRESS_INVALID}) from exc
    consent = ChannelConsent(participant=participant, channel=channel, address=address.strip(), given_on=given_on,
                             recorded_by=acting_user)
    consent.full_clean()
    consent.save()
    audit_record(actor=acting_user, action=AuditAction.NOTIFICATION_CONSENT_GIVE, target=consent,
                 participant_id=participant.pk, detail={"channel": channel})
    return consent


@transaction.atomic
def channel_consent_withdraw(
    *, acting_user: User | None, consent: ChannelConsent, withdrawn_on: dt.date | None = None
) -> ChannelConsent:
    """Withdraw (staff, or the participant through the unsubscribe link: no acting user).
    Withdrawing twice changes nothing."""
    locked = ChannelConsent.objects.select_for_update().get(pk=consent.pk)
    if locked.withdrawn_on is not None:
        return locked
    locked.withdrawn_on = max(withdrawn_on or timezone.localdate(), locked.given_on)
    locked.full_clean()
    locked.save(update_fields=["withdrawn_on"])
    audit_record(actor=acting_user, action=AuditAction.NOTIFICATION_CONSENT_WITHDRAW, target=locked,
                 participant_id=locked.participant_id,
                 detail={"channel": locked.channel, "by_link": acting_user is None})
    return locked


@transaction.atomic
def participant_channel_switch(
    *, acting_user: User, participant: Participant, channel: str, receive: bool, address: str = ""
) -> ChannelConsent | None:
    """The participant switches a channel on or off in the portal: the same consent and audit
    as the counsellor's, recorded by the participant's own login. Switching on again with
    another address withdraws the earlier consent first; switching off what is off changes
    nothing. Returns the channel's active consent (None when off)."""
    active = (
        ChannelConsent.objects.select_for_update()
        .filter(participant=participant, channel=channel, withdrawn_on__isnull=True)
        .first()
    )
    if not receive:
        if active is not None:
            channel_consent_withdraw(acting_user=acting_user, consent=active)
        return None
    if active is not None:
        if active.address == address.strip():
            return active
        channel_consent_withdraw(acting_user=acting_user, consent=active)
    return channel_consent_give(acting_user=acting_user, participant=participant, channel=channel, address=address,
                                given_on=timezone.localdate())


def unsubscribe_token(consent: ChannelConsent) -> str:
    """A signed reference to the consent: no personal data, no expiry (every message carries one)."""
    return signing.dumps(consent.pk, salt=_UNSUBSCRIBE_SALT, compress=False)


def consent_get_by_unsubscribe_token(token: str) -> ChannelConsent | None:
    try:
        pk = signing.loads(token, salt=_UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return ChannelConsent.objects.select_related("participant").filter(pk=pk).first() if isinstance(pk, int) else None


# --- staff preference ---------------------------------------------------------------------


@transaction.atomic
def staff_language_set(*, user: User, language: str) -> StaffPreference:
    preference, _created = StaffPreference.objects.get_or_create(user=user)
    preference.language = language
    preference.full_clean()
    preference.save()
    return preference


# --- calendar links -----------------------------------------------------------------------


@transaction.atomic
def calendar_feed_create(
    *, acting_user: User | None, participant: Participant | None = None, user: User | None = None
) -> tuple[CalendarFeed, str]:
    """A new private link; the owner's earlier link stops working. The token is returned
    once (only its hash is stored)."""
    owner: dict[str, Any] = {"participant": participant} if participant is not None else {"user": user}
    now = timezone.now()
    for earlier in CalendarFeed.objects.select_for_update().filter(**owner, revoked_at__isnull=True):
        calendar_feed_revoke(acting_user=acting_user, feed=earlier, now=now)
    token, digest = token_new()
    feed = CalendarFeed(**owner, token_hash=digest)
    feed.full_clean()
    feed.save()
    audit_record(actor=acting_user, action=AuditAction.CALENDAR_FEED_CREATE, target=feed,
                 participant_id=participant.pk if participant is not None else None)
    return feed, token


@transaction.atomic
def calendar_feed_revoke(*, acting_user: User | None, feed: CalendarFeed, now: dt.datetime | None = None) -> None:
    updated = CalendarFeed.objects.filter(pk=feed.pk, revoked_at__isnull=True).update(
        revoked_at=now or timezone.now()
    )
    if updated:
        audit_record(actor=acting_user, action=AuditAction.CALENDAR_FEED_REVOKE, target=feed,
                     participant_id=feed.participant_id)


# --- sending, once ------------------------------------------------------------------------


def _claim(*, key: str, kind: str, channel: str, language: str, participant: Participant | None = None,
           user: User | None = None) -> Delivery | None:
    """The delivery row for this occasion, or None when it exists already (sent or being sent)."""
    try:
        with transaction.atomic():
            return Delivery.objects.create(key=key, kind=kind, channel=channel, language=language,
                                           participant=participant, user=user)
    except IntegrityError:
        return None


def _deliver(delivery: Delivery, message: Message) -> Delivery:
    outcome = CHANNELS[delivery.channel].send(message)
    delivery.status = outcome.status
    delivery.error = outcome.error
    if outcome.status == DeliveryStatus.SENT:
        delivery.sent_at = timezone.now()
    delivery.save(update_fields=["status", "error", "sent_at"])
    # ids and codes only: never the address, the subject or the text
    logger.info("notification", extra={"delivery": delivery.pk, "kind": delivery.kind, "status": delivery.status,
                                       "error": delivery.error})
    return delivery


def _participant_send(*, participant: Participant, kind: str, occasion: str, context: dict[str, Any],
                      before_send: Any = None) -> Delivery | None:
    """Send `kind` to the participant if they consented to e-mail; once per `occasion`."""
    consent = selectors.channel_consent_active(participant=participant, channel=Channel.EMAIL)
    if consent is None:
        return None
    language = selectors.participant_language(participant)
    delivery = _claim(key=f"{kind}:{occasion}:{participant.pk}:{consent.channel}", kind=kind,
                      channel=consent.channel, language=language, participant=participant)
    if delivery is None:
        return None
    if before_send is not None:
        try:
            context = {**context, **before_send(language)}
        except ValidationError:
            delivery.status, delivery.error = DeliveryStatus.FAILED, "refused"
            delivery.save(update_fields=["status", "error"])
            return delivery
    unsubscribe = absolute(reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(consent)}))
    subject, text, html = message_render(
        kind=kind, language=language,
        context={**context, "unsubscribe_url": unsubscribe, "portal_url": absolute(reverse("portal:home"))},
    )
    headers = {"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    return _deliver(delivery, Message(to=consent.address, subject=subject, text=text, html=html,
                                      language=language, headers=headers))


def _staff_send(*, user: User, kind: str, occasion: str, context: dict[str, Any]) -> Delivery | None:
    if not user.email:
        return None
    language = selectors.staff_language(user)
    delivery = _claim(key=f"{kind}:{occasion}:{user.pk}", kind=kind, channel=Channel.EMAIL, language=language,
                      user=user)
    if delivery is None:
        return None
    subject, text, html = message_render(kind=kind, language=language, context={
        **context, "base_url": settings.REINTEGRA_PUBLIC_URL,
        "settings_url": absolute(reverse("notifications:my_settings")),
    })
    return _deliver(delivery, Message(to=user.email, subject=subject, text=text, html=html, language=language))


def _sent(deliveries: Iterable[Delivery | None]) -> int:
    return sum(1 for d in deliveries if d is not None and d.status == DeliveryStatus.SENT)


def session_reminders_send(*, now: dt.datetime) -> int:
    """From REINTEGRA_REMINDER_HOUR (local) on: each participant with meetings tomorrow, once."""
    local = timezone.localtime(now)
    if local.hour < settings.REINTEGRA_REMINDER_HOUR:
        return 0
    tomorrow = local.date() + dt.timedelta(days=1)
    grouped = selectors.meetings_by_participant(day=tomorrow)
    people = Participant.objects.in_bulk(list(grouped))
    return _sent(
        _participant_send(participant=people[pid], kind=NotificationKind.SESSION_REMINDER,
                          occasion=tomorrow.isoformat(), context={"meetings": meetings, "day": tomorrow})
        for pid, meetings in grouped.items()
    )


def meeting_changed_notify(
    *, session_id: int, meeting_id: int | None, change: str, before: tuple[dt.date, dt.time, dt.time],
    after: tuple[dt.date, dt.time, dt.time] | None, participant_ids: list[int], today: dt.date,
) -> int:
    """Tell the enrolled participants that a coming meeting moved or was cancelled."""
    if before[0] < today and (after is None or after[0] < today):
        return 0  # the past changed: nobody needs to come or stay away
    session = Session.objects.select_related("module", "site").get(pk=session_id)
    kind = NotificationKind.MEETING_CANCELLED if change == "cancelled" else NotificationKind.MEETING_MOVED
    slot = "-".join(str(part) for part in (*before, *(after or ())))
    context = {"session": session, "before": before, "after": after}
    people = Participant.objects.filter(pk__in=participant_ids, anonymised_at__isnull=True)
    return _sent(
        _participant_send(participant=person, kind=kind, occasion=f"{session_id}:{meeting_id}:{slot}",
                          context=context)
        for person in people
    )


def certificates_ready_send(*, today: dt.date) -> int:
    return _sent(
        _participant_send(participant=certificate.participant, kind=NotificationKind.CERTIFICATE_READY,
                          occasion=str(certificate.pk),
                          context={"documents_url": absolute(reverse("portal:documents"))})
        for certificate in selectors.certificates_ready(today=today)
    )


def follow_ups_due_send(*, today: dt.date, now: dt.datetime) -> int:
    """The survey link of each due follow-up, once (returns makes the link: an earlier one
    stops working, so the counsellor's copy and ours never both circulate unnoticed)."""

    def link_for(follow_up: FollowUp) -> Any:
        def make(language: str) -> dict[str, str]:
            token = follow_up_link_create(acting_user=None, follow_up=follow_up, language=language, now=now)
            return {"survey_url": absolute(reverse("returns:survey", kwargs={"token": token}))}
        return make

    return _sent(
        _participant_send(participant=follow_up.participant, kind=NotificationKind.FOLLOW_UP_DUE,
                          occasion=str(follow_up.pk), context={}, before_send=link_for(follow_up))
        for follow_up in selectors.follow_ups_due(today=today)
    )


def participant_notifications_send(*, now: dt.datetime) -> dict[str, int]:
    """Everything due for participants now (beat: every quarter hour; `send_notifications`)."""
    today = timezone.localdate(now)
    return {
        "reminders": session_reminders_send(now=now),
        "certificates": certificates_ready_send(today=today),
        "follow_ups": follow_ups_due_send(today=today, now=now),
    }


@transaction.atomic
def _at_risk_notices_update(*, user: User, participant_ids: list[int], today: dt.date) -> set[int]:
    """Record who is listed as at risk; the ids first listed today (they *became* at risk)."""
    AtRiskNotice.objects.filter(counsellor=user).exclude(participant_id__in=participant_ids).delete()
    known = set(AtRiskNotice.objects.filter(counsellor=user).values_list("participant_id", flat=True))
    AtRiskNotice.objects.bulk_create(
        AtRiskNotice(counsellor=user, participant_id=pid, first_listed_on=today)
        for pid in participant_ids if pid not in known
    )
    return set(
        AtRiskNotice.objects.filter(counsellor=user, first_listed_on=today).values_list("participant_id", flat=True)
    )


def counsellor_digests_send(*, today: dt.date) -> int:
    sent = []
    for user in selectors.counsellor_digest_recipients():
        at_risk = selectors.counsellor_at_risk(user=user, today=today)
        new = _at_risk_notices_update(user=user, participant_ids=[p.pk for p in at_risk], today=today)
        digest = selectors.CounsellorDigest(
            follow_ups=selectors.counsellor_follow_ups(user=user, today=today),
            at_risk=[(p, p.pk in new) for p in at_risk],
            eligibility_open=selectors.counsellor_eligibility_open(user=user),
        )
        if digest.is_empty:
            continue
        sent.append(_staff_send(user=user, kind=NotificationKind.COUNSELLOR_DIGEST, occasion=today.isoformat(),
                                context={"digest": digest, "today": today}))
    return _sent(sent)


def instructor_digests_send(*, today: dt.date) -> int:
    sent = []
    for user in selectors.instructor_digest_recipients():
        digest = selectors.instructor_digest(user=user, today=today)
        if digest.is_empty:
            continue
        sent.append(_staff_send(user=user, kind=NotificationKind.INSTRUCTOR_DIGEST, occasion=today.isoformat(),
                                context={"digest": digest, "tomorrow": today + dt.timedelta(days=1)}))
    return _sent(sent)


def digests_send(*, today: dt.date) -> dict[str, int]:
    """The staff digests (beat: daily before work; `send_notifications`)."""
    return {"counsellors": counsellor_digests_send(today=today), "instructors": instructor_digests_send(today=today)}

