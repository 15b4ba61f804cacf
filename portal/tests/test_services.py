from __future__ import annotations

import pytest
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import AuditEntry, Role
from assessments.models import EvidenceSource, SkillRating
from participants.tests.factories import ParticipantFactory
from portal.models import PIN_FAILURE_LIMIT, PortalAccount
from portal.questionnaire import QUESTIONS
from portal.services import (
    ERROR_PIN_ALREADY_SET,
    code_digest,
    code_format,
    pin_validate,
    portal_invite,
    portal_language_set,
    portal_login_attempt,
    portal_pin_set,
    self_assessment_submit,
)


@pytest.fixture
def participant(site_a, counsellor_a):
    return ParticipantFactory(site=site_a, counsellor=counsellor_a, languages=["ti", "ar"])


@pytest.mark.django_db
def test_invite_creates_a_participant_login_without_password(participant, counsellor_a):
    account, code = portal_invite(participant=participant, acting_user=counsellor_a)
    assert account.user.role == Role.PARTICIPANT and account.user.site == participant.site
    assert not account.user.has_usable_password()  # the staff login cannot be used with it
    assert len(code) == 12 and account.code_digest == code_digest(code) and code not in account.code_digest
    assert account.language == "ti"  # the first spoken language the portal has
    assert AuditEntry.objects.filter(action="portal.invite", participant_ref=participant.pk).exists()


@pytest.mark.django_db
def test_code_is_typed_loosely(participant, counsellor_a):
    _account, code = portal_invite(participant=participant, acting_user=counsellor_a)
    assert code_digest(code_format(code).lower().replace("-", " ")) == code_digest(code)


@pytest.mark.django_db
def test_pin_is_hashed_and_the_code_sets_it_once(participant, counsellor_a):
    account, _code = portal_invite(participant=participant, acting_user=counsellor_a)
    account = portal_pin_set(account=account, pin="583920")
    assert account.pin_hash != "583920" and check_password("583920", account.pin_hash)
    with pytest.raises(ValidationError) as error:
        portal_pin_set(account=account, pin="111888")
    assert ERROR_PIN_ALREADY_SET in error.value.messages
    assert portal_login_attempt(account=account, pin="583920")


@pytest.mark.parametrize("pin", ["12345", "12a456", "٥٨٣٩٢ب", "000000", "123456", "987654", "١٢٣٤٥٦", "۰۰۰۰۰۰"])
def test_weak_or_malformed_pins_are_refused(pin):
    with pytest.raises(ValidationError):
        pin_validate(pin)


def test_a_good_pin_passes():
    pin_validate("583920")
    pin_validate("٥٨٣٩٢٠")  # the same digits from an Arabic keyboard (languages/digits.py)
    pin_validate("۵۸۳۹۲۰")  # and from a Persian one
    pin_validate("58392017")


@pytest.mark.django_db
def test_wrong_pins_lock_the_account_until_a_new_invitation(participant, counsellor_a):
    account, _code = portal_invite(participant=participant, acting_user=counsellor_a)
    portal_pin_set(account=account, pin="583920")
    for _ in range(PIN_FAILURE_LIMIT):
        assert not portal_login_attempt(account=account, pin="000111")
    account.refresh_from_db()
    assert account.is_locked
    assert not portal_login_attempt(account=account, pin="583920")  # even the right PIN
    assert AuditEntry.objects.filter(action="portal.locked").count() == 1


@pytest.mark.django_db
def test_a_right_pin_resets_the_count(participant, counsellor_a):
    account, _code = portal_invite(participant=participant, acting_user=counsellor_a)
    portal_pin_set(account=account, pin="583920")
    for _ in range(PIN_FAILURE_LIMIT - 1):
        portal_login_attempt(account=account, pin="000111")
    assert portal_login_attempt(account=account, pin="583920")
    account.refresh_from_db()
    assert account.failed_attempts == 0 and not account.is_locked


@pytest.mark.django_db
def test_reset_issues_a_new_code_clears_pin_and_lock(participant, counsellor_a):
    account, old_code = portal_invite(participant=participant, acting_user=counsellor_a)
    portal_pin_set(account=account, pin="583920")
    for _ in range(PIN_FAILURE_LIMIT):
        portal_login_attempt(account=account, pin="000111")
    again, new_code = portal_invite(participant=participant, acting_user=counsellor_a)
    assert again.pk == account.pk and new_code != old_code
    assert not again.has_pin and not again.is_locked and again.failed_attempts == 0
    assert not PortalAccount.objects.filter(code_digest=code_digest(old_code)).exists()
    assert AuditEntry.objects.filter(action="portal.reset").count() == 1


@pytest.mark.django_db
def test_language_must_be_a_portal_language(participant, counsellor_a):
    account, _code = portal_invite(participant=participant, acting_user=counsellor_a)
    assert portal_language_set(account=account, language="ka").language == "ka"
    with pytest.raises(ValidationError):
        portal_language_set(account=account, language="xx")


@pytest.mark.django_db
def test_self_assessment_becomes_self_rated_skills(participant, counsellor_a):
    account, _code = portal_invite(participant=participant, acting_user=counsellor_a)
    answers = {question.key: 0 for question in QUESTIONS} | {"sewing": 3, "cooking": 1}
    assessment = self_assessment_submit(account=account, answers=answers, school=2, today=timezone.localdate())
    ratings = SkillRating.objects.filter(assessment=assessment)
    assert {(r.skill, r.level, r.source) for r in ratings} == {
        ("sewing textiles", 3, EvidenceSource.SELF), ("cooking for groups", 1, EvidenceSource.SELF),
    }
    assert assessment.assessed_by == account.user and assessment.education_level == 2


@pytest.mark.django_db
def test_self_assessment_needs_every_answer(participant, counsellor_a):
    account, _code = portal_invite(participant=participant, acting_user=counsellor_a)
    with pytest.raises(ValidationError):
        self_assessment_submit(account=account, answers={"sewing": 2}, school=2, today=timezone.localdate())
