import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import AuditEntry
from participants.models import ConsentPurpose
from participants.services import consent_withdraw
from participants.tests.factories import ConsentFactory, ParticipantFactory
from returns import services
from returns.models import FollowUp, FollowUpKind, HandoverState, Organisation
from returns.scoring import QUESTIONS
from returns.selectors import follow_up_get_by_token, handover_get_by_token
from vault.tokens import token_hash

BEST = {q.key: q.options[-1] for q in QUESTIONS}


def _withdraw(participant, purpose, user):
    consent = participant.consents.get(purpose=purpose)
    consent_withdraw(acting_user=user, consent=consent, withdrawn_on=timezone.localdate())


@pytest.mark.django_db
def test_return_records_programme_and_schedules_follow_ups(awa, counsellor_a, counselling_centre):
    today = timezone.localdate()
    left = today - dt.timedelta(days=10)
    record = services.return_record(
        acting_user=counsellor_a, participant=awa, status="returned", status_date=left, actual_departure=left,
        today=today, return_programme="REAG/GARP", travel_support="flight", destination_region="Thiès",
        referral_source=counselling_centre,
    )
    assert record.return_programme == "REAG/GARP" and record.referral_source == counselling_centre
    due = dict(FollowUp.objects.filter(participant=awa).values_list("kind", "due_on"))
    assert due == {"m3": left + dt.timedelta(days=91), "m6": left + dt.timedelta(days=182),
                   "m12": left + dt.timedelta(days=365)}
    assert FollowUp.objects.get(participant=awa, kind="m3").language == "fr"  # Wolof is not offered
    # Correcting the departure moves the open contacts, and creates no duplicates.
    services.return_record(acting_user=counsellor_a, participant=awa, status="returned", status_date=left,
                           actual_departure=left - dt.timedelta(days=1), today=today)
    assert FollowUp.objects.filter(participant=awa).count() == 3
    assert FollowUp.objects.get(participant=awa, kind="m3").due_on == left + dt.timedelta(days=90)


@pytest.mark.django_db
def test_a_return_corrected_to_postponed_drops_the_open_follow_ups(awa, counsellor_a):
    today = timezone.localdate()
    left = today - dt.timedelta(days=100)
    services.return_record(acting_user=counsellor_a, participant=awa, status="returned", status_date=left,
                           actual_departure=left, today=today)
    answered = FollowUp.objects.get(participant=awa, kind="m3")
    answered.answered_on, answered.channel = today, "phone"
    answered.save()
    services.return_record(acting_user=counsellor_a, participant=awa, status="postponed", status_date=today,
                           actual_departure=None, reason="Travel documents missing", today=today)
    assert list(FollowUp.objects.filter(participant=awa).values_list("kind", flat=True)) == ["m3"]  # answered stays
    assert AuditEntry.objects.filter(action="follow_up.cancel", detail={"count": 2}).exists()


@pytest.mark.django_db
def test_no_follow_ups_without_consent(counsellor_a):
    participant = ParticipantFactory(site=counsellor_a.site, counsellor=counsellor_a)
    today = timezone.localdate()
    services.return_record(acting_user=counsellor_a, participant=participant, status="returned",
                           status_date=today, actual_departure=today, today=today)
    assert not FollowUp.objects.exists()
    with pytest.raises(ValidationError) as error:
        services.follow_up_baseline(acting_user=counsellor_a, participant=participant)
    assert services.ERROR_NO_FOLLOW_UP_CONSENT in error.value.messages


@pytest.mark.django_db
def test_referral_source_must_be_a_counselling_centre(awa, counsellor_a, partner_sn):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        services.return_record(acting_user=counsellor_a, participant=awa, status="returned", status_date=today,
                               actual_departure=today, today=today, referral_source=partner_sn)
    assert "referral_source" in error.value.message_dict


@pytest.mark.django_db
def test_handover_refused_without_sharing_consent(counsellor_a, partner_sn):
    participant = ParticipantFactory(site=counsellor_a.site, counsellor=counsellor_a)
    ConsentFactory(participant=participant, purpose=ConsentPurpose.FOLLOW_UP)
    with pytest.raises(ValidationError) as error:
        services.handover_create(acting_user=counsellor_a, participant=participant, organisation=partner_sn,
                                 now=timezone.now())
    assert str(services.ERROR_NO_SHARING_CONSENT) in error.value.messages
    assert not participant.handovers.exists()


@pytest.mark.django_db
def test_handover_only_to_active_partners(awa, counsellor_a, counselling_centre, partner_sn):
    with pytest.raises(ValidationError):
        services.handover_create(acting_user=counsellor_a, participant=awa, organisation=counselling_centre,
                                 now=timezone.now())
    Organisation.objects.filter(pk=partner_sn.pk).update(is_active=False)
    partner_sn.refresh_from_db()
    with pytest.raises(ValidationError):
        services.handover_create(acting_user=counsellor_a, participant=awa, organisation=partner_sn,
                                 now=timezone.now())


@pytest.mark.django_db
def test_handover_token_is_stored_hashed_and_stops_on_withdrawal(awa, counsellor_a, partner_sn):
    now = timezone.now()
    handover, token = services.handover_create(acting_user=counsellor_a, participant=awa, organisation=partner_sn,
                                               business_idea="Tailoring shop", now=now)
    assert handover.token_hash == token_hash(token) and token not in handover.token_hash
    assert len(token) >= 40
    assert handover_get_by_token(token=token, now=now) == handover
    assert handover_get_by_token(token=token + "x", now=now) is None
    # expired
    assert handover_get_by_token(token=token, now=now + dt.timedelta(days=services.HANDOVER_LINK_DAYS + 1)) is None
    services.handover_disclose(handover=handover, acting_user=counsellor_a, form="pdf", channel="staff")
    _withdraw(awa, ConsentPurpose.PARTNER_SHARING, counsellor_a)
    assert handover_get_by_token(token=token, now=now) is None
    with pytest.raises(ValidationError):
        services.handover_disclose(handover=handover, acting_user=counsellor_a, form="json", channel="staff")
    with pytest.raises(ValidationError):
        services.handover_respond(handover=handover, accept=True, note="", now=now)


@pytest.mark.django_db
def test_disclosures_are_logged_without_personal_values(awa, counsellor_a, partner_sn):
    handover, _token = services.handover_create(acting_user=counsellor_a, participant=awa, organisation=partner_sn,
                                                needs="Start-up loan", now=timezone.now())
    services.handover_disclose(handover=handover, acting_user=counsellor_a, form="pdf", channel="staff")
    services.handover_disclose(handover=handover, acting_user=None, form="json", channel="partner")
    entries = list(AuditEntry.objects.filter(action="handover.disclose").order_by("id"))
    assert [(e.detail["form"], e.detail["channel"]) for e in entries] == [("pdf", "staff"), ("json", "partner")]
    for entry in AuditEntry.objects.filter(action__startswith="handover."):
        assert entry.participant_ref == awa.pk
        text = str(entry.detail)
        assert "Awa" not in text and "Diallo" not in text and "loan" not in text


@pytest.mark.django_db
def test_partner_answers_once(awa, counsellor_a, partner_sn):
    handover, _token = services.handover_create(acting_user=counsellor_a, participant=awa, organisation=partner_sn,
                                                now=timezone.now())
    services.handover_respond(handover=handover, accept=True, note="  Appointment on Monday ", now=timezone.now())
    handover.refresh_from_db()
    assert handover.state == HandoverState.ACCEPTED and handover.response_note == "Appointment on Monday"
    with pytest.raises(ValidationError):
        services.handover_respond(handover=handover, accept=False, note="", now=timezone.now())


@pytest.mark.django_db
def test_follow_up_answer_scores_and_closes_the_link(awa, counsellor_a):
    follow_up = services.follow_up_baseline(acting_user=counsellor_a, participant=awa)
    assert follow_up.kind == FollowUpKind.BASELINE and follow_up.due_on == awa.planned_departure
    now = timezone.now()
    token = services.follow_up_link_create(acting_user=counsellor_a, follow_up=follow_up, language="ar", now=now)
    assert follow_up_get_by_token(token=token, now=now) == follow_up
    answers = {**BEST, "work": "occasional", "wellbeing": "bad", "migrate_again": "skip"}
    services.follow_up_answer(follow_up=follow_up, answers=answers, channel="link", answered_on=timezone.localdate())
    follow_up.refresh_from_db()
    assert (follow_up.economic, follow_up.social, follow_up.psychosocial) == (0.83, 1.0, 0.25)
    assert follow_up_get_by_token(token=token, now=now) is None
    with pytest.raises(ValidationError) as error:
        services.follow_up_answer(follow_up=follow_up, answers=BEST, channel="phone",
                                  answered_on=timezone.localdate(), acting_user=counsellor_a)
    assert str(services.ERROR_ALREADY_ANSWERED) in error.value.messages


@pytest.mark.django_db
def test_follow_up_answer_rejects_incomplete_answers_naming_the_question(awa, counsellor_a):
    follow_up = services.follow_up_baseline(acting_user=counsellor_a, participant=awa)
    answers = dict(BEST)
    del answers["housing"]
    answers["work"] = "sometimes"
    with pytest.raises(ValidationError) as error:
        services.follow_up_answer(follow_up=follow_up, answers=answers, channel="phone",
                                  answered_on=timezone.localdate(), acting_user=counsellor_a)
    assert set(error.value.message_dict) == {"housing", "work"}


@pytest.mark.django_db
def test_survey_link_expires_and_stops_on_withdrawal(awa, counsellor_a):
    follow_up = services.follow_up_baseline(acting_user=counsellor_a, participant=awa)
    now = timezone.now()
    token = services.follow_up_link_create(acting_user=counsellor_a, follow_up=follow_up, language="fr", now=now)
    later = now + dt.timedelta(days=services.FOLLOW_UP_LINK_DAYS + 1)
    assert follow_up_get_by_token(token=token, now=later) is None
    second = services.follow_up_link_create(acting_user=counsellor_a, follow_up=follow_up, language="fr", now=now)
    assert follow_up_get_by_token(token=token, now=now) is None  # replaced
    _withdraw(awa, ConsentPurpose.FOLLOW_UP, counsellor_a)
    assert follow_up_get_by_token(token=second, now=now) is None
    with pytest.raises(ValidationError):
        services.follow_up_answer(follow_up=follow_up, answers=BEST, channel="link", answered_on=timezone.localdate())
