"""Writes: the return, the organisations directory, hand-overs to partners and follow-ups."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_record
from accounts.models import AuditAction, User
from languages.purposes import Purpose, language_for
from participants.models import ConsentPurpose, Participant
from participants.services import participant_update
from returns import scoring
from returns.models import (
    FollowUp,
    FollowUpKind,
    Handover,
    HandoverState,
    Organisation,
    OrganisationKind,
    Return,
    ReturnStatus,
)
from returns.selectors import consent_is_active
from vault.tokens import token_new

ERROR_DEPARTURE_REQUIRED = _("A return needs the actual departure date.")
ERROR_DEPARTURE_IN_FUTURE = _("The actual departure cannot lie in the future.")
ERROR_REASON_REQUIRED = _("Give a reason when the return is postponed, withdrawn or the person stays.")
ERROR_REFERRAL_NOT_COUNSELLING = _("Choose a return counselling centre as the referral source.")
ERROR_NO_SHARING_CONSENT = _(
    "No hand-over without the participant's active consent to share data with a partner in the country "
    "of origin. Record the consent first (case file → Consents)."
)
ERROR_NOT_A_PARTNER = _("Choose an active partner organisation in the country of origin.")
ERROR_NO_FOLLOW_UP_CONSENT = _(
    "No follow-up without the participant's active consent to be contacted after return."
)
ERROR_ALREADY_ANSWERED = _("This follow-up has been answered already.")
ERROR_ALREADY_RESPONDED = _("The partner has answered this referral already.")
ERROR_ANSWER_MISSING = _("Choose an answer.")
ERROR_ANSWER_UNKNOWN = _("This answer is not one of the choices.")

#: partner links and survey links stay valid this long
HANDOVER_LINK_DAYS = 60
FOLLOW_UP_LINK_DAYS = 45
#: follow-up contacts after the actual departure ("about 3, 6 and 12 months")
FOLLOW_UP_OFFSETS = {FollowUpKind.MONTH_3: 91, FollowUpKind.MONTH_6: 182, FollowUpKind.MONTH_12: 365}

ORGANISATION_FIELDS = (
    "name", "kind", "country", "city", "working_language", "contact_person", "email", "phone", "address", "is_active",
)


# --- return and departure -----------------------------------------------------------------


@transaction.atomic
def return_record(
    *,
    acting_user: User,
    participant: Participant,
    status: str,
    status_date: dt.date,
    actual_departure: dt.date | None,
    reason: str = "",
    today: dt.date,
    return_programme: str = "",
    travel_support: str = "",
    destination_region: str = "",
    referral_source: Organisation | None = None,
) -> Return:
    errors: dict[str, object] = {}
    if status == ReturnStatus.RETURNED and actual_departure is None:
        errors["actual_departure"] = ERROR_DEPARTURE_REQUIRED
    if actual_departure is not None and actual_departure > today:
        errors["actual_departure"] = ERROR_DEPARTURE_IN_FUTURE
    if status != ReturnStatus.RETURNED and not reason.strip():
        errors["reason"] = ERROR_REASON_REQUIRED
    if referral_source is not None and referral_source.kind != OrganisationKind.COUNSELLING:
        errors["referral_source"] = ERROR_REFERRAL_NOT_COUNSELLING
    if errors:
        raise ValidationError(errors)
    record = Return.objects.filter(participant=participant).first() or Return(participant=participant)
    record.status = status
    record.status_date = status_date
    record.actual_departure = actual_departure
    record.reason = reason.strip()
    record.return_programme = return_programme.strip()
    record.travel_support = travel_support.strip()
    record.destination_region = destination_region.strip()
    record.referral_source = referral_source
    record.recorded_by = acting_user
    record.full_clean()
    record.save()
    audit_record(actor=acting_user, action=AuditAction.RETURN_RECORD, target=record, participant_id=participant.pk,
                 detail={"status": status})
    if status == ReturnStatus.RETURNED and actual_departure is not None:
        follow_up_schedule(acting_user=acting_user, participant=participant, returned_on=actual_departure)
    else:
        # Not (or no longer) returned: contacts after a return that did not happen are dropped;
        # answered ones and the pre-departure baseline stay.
        dropped, _ = FollowUp.objects.filter(
            participant=participant, kind__in=list(FOLLOW_UP_OFFSETS), answered_on__isnull=True
        ).delete()
        if dropped:
            audit_record(actor=acting_user, action=AuditAction.FOLLOW_UP_CANCEL, participant_id=participant.pk,
                         detail={"count": dropped})
    return record


@transaction.atomic
def departure_move(*, acting_user: User, participant: Participant, planned_departure: dt.date) -> Participant:
    """Move the planned departure (the intake's rules apply: not in the past)."""
    return participant_update(
        acting_user=acting_user, participant=participant, data={"planned_departure": planned_departure}
    )


# --- organisations ------------------------------------------------------------------------


@transaction.atomic
def organisation_save(
    *, acting_user: User, data: dict[str, Any], organisation: Organisation | None = None
) -> Organisation:
    """Create (organisation None) or change an entry of the directory."""
    organisation = organisation or Organisation()
    changed = [field for field in ORGANISATION_FIELDS if field in data and getattr(organisation, field) != data[field]]
    for field in changed:
        setattr(organisation, field, data[field])
    created = organisation.pk is None
    organisation.full_clean()
    organisation.save()
    audit_record(actor=acting_user,
                 action=AuditAction.ORGANISATION_CREATE if created else AuditAction.ORGANISATION_UPDATE,
                 target=organisation, detail={"fields": changed})
    return organisation


# --- hand-over ----------------------------------------------------------------------------


@transaction.atomic
def handover_create(
    *,
    acting_user: User,
    participant: Participant,
    organisation: Organisation,
    business_idea: str = "",
    needs: str = "",
    contact_preferences: str = "",
    now: dt.datetime,
) -> tuple[Handover, str]:
    """A referral to a partner, with the partner's link token (shown once, stored hashed)."""
    if not consent_is_active(participant=participant, purpose=ConsentPurpose.PARTNER_SHARING):
        raise ValidationError(ERROR_NO_SHARING_CONSENT)
    if organisation.kind != OrganisationKind.PARTNER or not organisation.is_active:
        raise ValidationError({"organisation": ERROR_NOT_A_PARTNER})
    token, digest = token_new()
    handover = Handover(
        participant=participant,
        organisation=organisation,
        business_idea=business_idea.strip(),
        needs=needs.strip(),
        contact_preferences=contact_preferences.strip(),
        token_hash=digest,
        expires_at=now + dt.timedelta(days=HANDOVER_LINK_DAYS),
        created_by=acting_user,
    )
    handover.full_clean()
    handover.save()
    audit_record(actor=acting_user, action=AuditAction.HANDOVER_CREATE, target=handover, participant_id=participant.pk,
                 detail={"organisation": organisation.pk})
    return handover, token


@transaction.atomic
def handover_disclose(*, handover: Handover, acting_user: User | None, form: str, channel: str) -> None:
    """Log one disclosure of the package (form: html/pdf/json; channel: staff/partner).

    Refuses without active consent, so nothing leaves once the consent is withdrawn."""
    if not consent_is_active(participant=handover.participant, purpose=ConsentPurpose.PARTNER_SHARING):
        raise ValidationError(ERROR_NO_SHARING_CONSENT)
    audit_record(actor=acting_user, action=AuditAction.HANDOVER_DISCLOSE, target=handover,
                 participant_id=handover.participant_id,
                 detail={"form": form, "channel": channel, "organisation": handover.organisation_id})


@transaction.atomic
def handover_respond(*, handover: Handover, accept: bool, note: str, now: dt.datetime) -> Handover:
    """The partner's answer through its link (no account: the audit names no actor)."""
    if not consent_is_active(participant=handover.participant, purpose=ConsentPurpose.PARTNER_SHARING):
        raise ValidationError(ERROR_NO_SHARING_CONSENT)
    if handover.state != HandoverState.PENDING:
        raise ValidationError(ERROR_ALREADY_RESPONDED)
    handover.state = HandoverState.ACCEPTED if accept else HandoverState.DECLINED
    handover.response_note = note.strip()
    handover.responded_at = now
    handover.full_clean()
    handover.save(update_fields=["state", "response_note", "responded_at"])
    audit_record(actor=None, action=AuditAction.HANDOVER_RESPOND, target=handover,
                 participant_id=handover.participant_id,
                 detail={"state": handover.state})
    return handover


# --- follow-up ----------------------------------------------------------------------------


@transaction.atomic
def follow_up_schedule(*, acting_user: User, participant: Participant, returned_on: dt.date) -> list[FollowUp]:
    """The 3/6/12-month contacts after return (only with FOLLOW_UP consent). Moving the actual
    departure moves the contacts not answered yet."""
    if not consent_is_active(participant=participant, purpose=ConsentPurpose.FOLLOW_UP):
        return []
    language = _participant_language(participant)
    rows = []
    for kind, days in FOLLOW_UP_OFFSETS.items():
        follow_up, _created = FollowUp.objects.get_or_create(
            participant=participant, kind=kind,
            defaults={"due_on": returned_on + dt.timedelta(days=days), "language": language},
        )
        if not follow_up.is_answered and follow_up.due_on != returned_on + dt.timedelta(days=days):
            follow_up.due_on = returned_on + dt.timedelta(days=days)
            follow_up.save(update_fields=["due_on"])
        rows.append(follow_up)
    audit_record(actor=acting_user, action=AuditAction.FOLLOW_UP_SCHEDULE, participant_id=participant.pk,
                 detail={"kinds": [str(kind) for kind in FOLLOW_UP_OFFSETS]})
    return rows


@transaction.atomic
def follow_up_baseline(*, acting_user: User, participant: Participant) -> FollowUp:
    """The pre-departure baseline contact, due on the planned departure."""
    if not consent_is_active(participant=participant, purpose=ConsentPurpose.FOLLOW_UP):
        raise ValidationError(ERROR_NO_FOLLOW_UP_CONSENT)
    follow_up, created = FollowUp.objects.get_or_create(
        participant=participant, kind=FollowUpKind.BASELINE,
        defaults={"due_on": participant.planned_departure, "language": _participant_language(participant)},
    )
    if created:
        audit_record(actor=acting_user, action=AuditAction.FOLLOW_UP_BASELINE, target=follow_up,
                     participant_id=participant.pk)
    return follow_up


@transaction.atomic
def follow_up_link_create(
    *, acting_user: User | None, follow_up: FollowUp, language: str, now: dt.datetime
) -> str:
    """A personal survey link for the participant; an earlier link of this contact stops working.
    `acting_user` None: sent by the notifications job (the participant consented to messages)."""
    if not consent_is_active(participant=follow_up.participant, purpose=ConsentPurpose.FOLLOW_UP):
        raise ValidationError(ERROR_NO_FOLLOW_UP_CONSENT)
    if follow_up.is_answered:
        raise ValidationError(ERROR_ALREADY_ANSWERED)
    token, digest = token_new()
    follow_up.token_hash = digest
    follow_up.language = language
    follow_up.link_sent_at = now
    follow_up.link_expires_at = now + dt.timedelta(days=FOLLOW_UP_LINK_DAYS)
    follow_up.full_clean()
    follow_up.save(update_fields=["token_hash", "language", "link_sent_at", "link_expires_at"])
    audit_record(actor=acting_user, action=AuditAction.FOLLOW_UP_LINK, target=follow_up,
                 participant_id=follow_up.participant_id, detail={"kind": follow_up.kind, "language": language})
    return token


@transaction.atomic
def follow_up_answer(
    *,
    follow_up: FollowUp,
    answers: dict[str, str],
    channel: str,
    answered_on: dt.date,
    acting_user: User | None = None,
) -> FollowUp:
    """Store the answers and the scores per dimension (returns/scoring.py). Through the link
    (`acting_user` None) or recorded by staff from a call."""
    if not consent_is_active(participant=follow_up.participant, purpose=ConsentPurpose.FOLLOW_UP):
        raise ValidationError(ERROR_NO_FOLLOW_UP_CONSENT)
    if follow_up.is_answered:
        raise ValidationError(ERROR_ALREADY_ANSWERED)
    problems = scoring.validate_answers(answers)
    if problems:
        raise ValidationError({
            key: ERROR_ANSWER_MISSING if problem == "missing" else ERROR_ANSWER_UNKNOWN
            for key, problem in problems.items()
        })
    scores = scoring.dimension_scores(answers)
    follow_up.answers = dict(answers)
    follow_up.economic = scores[scoring.ECONOMIC]
    follow_up.social = scores[scoring.SOCIAL]
    follow_up.psychosocial = scores[scoring.PSYCHOSOCIAL]
    follow_up.answered_on = answered_on
    follow_up.channel = channel
    follow_up.recorded_by = acting_user
    follow_up.token_hash = ""  # answered: the link has done its job
    follow_up.full_clean()
    follow_up.save()
    audit_record(actor=acting_user, action=AuditAction.FOLLOW_UP_ANSWER, target=follow_up,
                 participant_id=follow_up.participant_id, detail={"kind": follow_up.kind, "channel": channel})
    return follow_up


def _participant_language(participant: Participant) -> str:
    return language_for(Purpose.SURVEY, participant.languages)

