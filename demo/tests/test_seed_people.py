"""The demo's profiles, eligibility, counselling log, survey and expired predecessor line."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import InstructorProfile, Role, User
from feedback.models import SurveyResponse
from feedback.selectors import survey_key_figures
from participants.models import ContactNote, EligibilityCheck, Participant
from privacy.selectors import retention_due_list


@pytest.mark.django_db
def test_seed_people_parts(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", stdout=StringIO())
    instructors = User.objects.filter(role=Role.INSTRUCTOR)
    assert InstructorProfile.objects.filter(user__in=instructors).count() == instructors.count() == 5
    checked = set(EligibilityCheck.objects.filter(module__isnull=True).values_list("participant_id", flat=True))
    everyone = set(Participant.objects.values_list("pk", flat=True))
    assert 0 < len(everyone - checked) < len(everyone) / 5  # a few still open, flagged in the caseload
    assert EligibilityCheck.objects.filter(module__isnull=False).exists()  # the state office's per-module checks
    assert ContactNote.objects.values("participant").distinct().count() > 20
    assert survey_key_figures().answers == SurveyResponse.objects.count() > 50
    due = retention_due_list(today=timezone.localdate(), years=settings.REINTEGRA_RETENTION_YEARS)
    assert [row.project_number for row in due] == ["ESF-BY-2011-0420"] * 3
