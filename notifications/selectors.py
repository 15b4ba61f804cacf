"""Reads: who may be told what, in which language, and what is due."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, QuerySet

from accounts.models import Role, User
from certificates.models import Certificate, CertificateStatus
from languages.purposes import STAFF_LANGUAGES, Purpose, language_for
from notifications.channels import CHANNELS
from notifications.models import CalendarFeed, Channel, ChannelConsent, Delivery, StaffPreference
from participants.models import Consent, ConsentPurpose, EligibilityCheck, Participant
from portal.models import PortalAccount
from returns.models import FollowUp
from returns.selectors import NO_ANSWER_AFTER_DAYS, follow_up_due_list
from scheduling.models import Enrolment, Meeting
from scheduling.selectors import plan_list_at_risk
from training.models import AttendanceDay
from vault.tokens import token_hash

#: a certificate issued this many days ago or less is still news (no flood on first start)
CERTIFICATE_NEWS_DAYS = 14
#: a calendar shows meetings from this many days back
CALENDAR_PAST_DAYS = 30
#: an instructor's digest lists days to countersign from this many days back
COUNTERSIGN_LOOKBACK_DAYS = 60

def participant_language(participant: Participant) -> str:
    """The language the participant reads their pages in: the one chosen in the portal,
    else the first of their languages the portal offers (languages.purposes)."""
    chosen = PortalAccount.objects.filter(participant=participant).values_list("language", flat=True).first()
    return chosen or language_for(Purpose.PORTAL, participant.languages)


def staff_language(user: User) -> str:
    chosen = StaffPreference.objects.filter(user=user).values_list("language", flat=True).first()
    return chosen if chosen in STAFF_LANGUAGES else STAFF_LANGUAGES[0]


def channel_consent_active(*, participant: Participant, channel: str = Channel.EMAIL) -> ChannelConsent | None:
    if participant.anonymised_at is not None:
        return None
    return ChannelConsent.objects.filter(participant=participant, channel=channel, withdrawn_on__isnull=True).first()


def channel_consent_list(*, participant: Participant) -> QuerySet[ChannelConsent]:
    return ChannelConsent.objects.filter(participant=participant).select_related("recorded_by")


@dataclass(frozen=True)
class ChannelState:
    """One channel as the participant sees it in the portal."""

    channel: str
    #: a gateway is implemented for it (channels.CHANNELS); the others cannot be switched on yet
    available: bool
    active: ChannelConsent | None
    #: the address last given for it, to fill in when switching on again
    last_address: str


def participant_channel_states(*, participant: Participant) -> list[ChannelState]:
    """Every channel the app knows, in `Channel` order, with the participant's active consent."""
    consents: dict[str, list[ChannelConsent]] = defaultdict(list)
    for consent in ChannelConsent.objects.filter(participant=participant).order_by("-given_on", "-pk"):
        consents[consent.channel].append(consent)
    states = []
    for channel in Channel:
        mine = consents.get(channel.value, [])
        active = next((consent for consent in mine if consent.is_active), None)
        states.append(ChannelState(channel=channel.value, available=channel.value in CHANNELS, active=active,
                                   last_address=mine[0].address if mine else ""))
    return states


def delivery_list(*, participant: Participant, limit: int = 20) -> QuerySet[Delivery]:
    return Delivery.objects.filter(participant=participant).order_by("-created_at")[:limit]


def calendar_feed_get_by_token(*, token: str) -> CalendarFeed | None:
    if not token:
        return None
    return (
        CalendarFeed.objects.select_related("participant", "user")
        .filter(token_hash=token_hash(token), revoked_at__isnull=True).first()
    )


def calendar_feed_active(*, participant: Participant | None = None, user: User | None = None) -> CalendarFeed | None:
    owner = {"participant": participant} if participant is not None else {"user": user}
    return CalendarFeed.objects.filter(**owner, revoked_at__isnull=True).first()


# --- what is due --------------------------------------------------------------------------


def meetings_by_participant(*, day: dt.date) -> dict[int, list[Meeting]]:
    """The day's meetings per enrolled participant who consented to messages."""
    by_session: dict[int, list[Meeting]] = defaultdict(list)
    for meeting in Meeting.objects.filter(date=day).select_related("session__module", "session__site"):
        by_session[meeting.session_id].append(meeting)
    consenting = ChannelConsent.objects.filter(withdrawn_on__isnull=True).values("participant_id")
    enrolments = Enrolment.objects.filter(
        session_id__in=list(by_session), participant_id__in=consenting, participant__anonymised_at__isnull=True
    ).values_list("participant_id", "session_id")
    grouped: dict[int, list[Meeting]] = defaultdict(list)
    for participant_id, session_id in enrolments:
        grouped[participant_id].extend(by_session[session_id])
    for rows in grouped.values():
        rows.sort(key=lambda m: m.starts_at)
    return dict(grouped)


def certificates_ready(*, today: dt.date) -> QuerySet[Certificate]:
    consenting = ChannelConsent.objects.filter(withdrawn_on__isnull=True).values("participant_id")
    return (
        Certificate.objects.filter(
            status=CertificateStatus.VALID, issued_on__gte=today - dt.timedelta(days=CERTIFICATE_NEWS_DAYS),
            participant_id__in=consenting, participant__anonymised_at__isnull=True,
        ).select_related("participant").order_by("pk")
    )


def follow_ups_due(*, today: dt.date) -> QuerySet[FollowUp]:
    """Open contacts due today or in the last NO_ANSWER_AFTER_DAYS days, of participants who
    consented both to follow-up contact and to messages."""
    follow_up_consent = Consent.objects.filter(purpose=ConsentPurpose.FOLLOW_UP, withdrawn_on__isnull=True)
    messages = ChannelConsent.objects.filter(withdrawn_on__isnull=True)
    return (
        FollowUp.objects.filter(
            answered_on__isnull=True, due_on__lte=today,
            due_on__gte=today - dt.timedelta(days=NO_ANSWER_AFTER_DAYS),
            participant_id__in=follow_up_consent.values("participant_id"),
            participant__anonymised_at__isnull=True,
        ).filter(participant_id__in=messages.values("participant_id"))
        .select_related("participant").order_by("pk")
    )


@dataclass
class CounsellorDigest:
    follow_ups: list[FollowUp]
    at_risk: list[tuple[Participant, bool]]  # (participant, newly at risk)
    eligibility_open: list[Participant]

    @property
    def is_empty(self) -> bool:
        return not (self.follow_ups or self.at_risk or self.eligibility_open)


def counsellor_digest_recipients() -> QuerySet[User]:
    return User.objects.filter(role=Role.COUNSELLOR, is_active=True).exclude(email="").order_by("pk")


def instructor_digest_recipients() -> QuerySet[User]:
    return User.objects.filter(role=Role.INSTRUCTOR, is_active=True).exclude(email="").order_by("pk")


def counsellor_follow_ups(*, user: User, today: dt.date) -> list[FollowUp]:
    """The counsellor's own caseload's due follow-ups (returns.selectors.follow_up_due_list)."""
    return [row.follow_up for row in follow_up_due_list(user=user, today=today)
            if row.follow_up.participant.counsellor_id == user.pk]


def counsellor_at_risk(*, user: User, today: dt.date) -> list[Participant]:
    """The counsellor's own caseload whose plan is at risk as things stand
    (scheduling.selectors.plan_list_at_risk)."""
    return [row.participant for row in plan_list_at_risk(user=user, today=today)
            if row.participant.counsellor_id == user.pk]


def counsellor_eligibility_open(*, user: User) -> list[Participant]:
    """The counsellor's own caseload without a programme-wide eligibility check."""
    return list(
        Participant.objects.filter(counsellor=user, anonymised_at__isnull=True, programme_exit__isnull=True)
        .annotate(checked=Exists(EligibilityCheck.objects.filter(participant=OuterRef("pk"), module__isnull=True)))
        .filter(checked=False).order_by("case_number")
    )


@dataclass
class InstructorDigest:
    tomorrow: Sequence[Meeting]
    to_countersign: Sequence[Meeting]

    @property
    def is_empty(self) -> bool:
        return not (self.tomorrow or self.to_countersign)


def instructor_digest(*, user: User, today: dt.date) -> InstructorDigest:
    tomorrow = list(
        Meeting.objects.filter(session__instructor=user, date=today + dt.timedelta(days=1))
        .select_related("session__module", "session__site")
        .annotate(enrolled=Count("session__enrolments"))
        .order_by("starts_at")
    )
    countersigned = AttendanceDay.objects.filter(meeting=OuterRef("pk"), countersigned_at__isnull=False)
    to_countersign = list(
        Meeting.objects.filter(
            session__instructor=user, date__lt=today,
            date__gte=today - dt.timedelta(days=COUNTERSIGN_LOOKBACK_DAYS), session__enrolments__isnull=False,
        ).exclude(Exists(countersigned)).select_related("session__module", "session__site")
        .distinct().order_by("date", "starts_at")
    )
    return InstructorDigest(tomorrow=tomorrow, to_countersign=to_countersign)


def participant_calendar_meetings(*, participant: Participant, today: dt.date) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(session__enrolments__participant=participant,
                               date__gte=today - dt.timedelta(days=CALENDAR_PAST_DAYS))
        .select_related("session__module", "session__site").order_by("date", "starts_at")
    )


def instructor_calendar_meetings(*, user: User, today: dt.date) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(session__instructor=user, date__gte=today - dt.timedelta(days=CALENDAR_PAST_DAYS))
        .select_related("session__module", "session__site")
        .annotate(enrolled=Count("session__enrolments")).order_by("date", "starts_at")
    )
