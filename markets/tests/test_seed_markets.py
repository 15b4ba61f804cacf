from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from assessments.models import SkillRating, TryOut, WorkExperience
from markets.models import MarketProfileVersion


@pytest.mark.django_db
def test_seed_markets_after_seed_demo_is_illustrative_codes_to_esco_and_runs_twice(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # seed_demo runs seed_markets itself; a second run must change nothing.
    first = StringIO()
    call_command("seed_demo", stdout=first)
    assert "ILLUSTRATIVE" in first.getvalue()
    out = StringIO()
    versions = MarketProfileVersion.objects.all()
    assert versions.count() >= 12 and all(v.illustrative for v in versions)
    assert {"AF", "IQ", "SY", "NG", "GE", "TR", "IR", "SN", "ET", "ER", "AL", "GM"} <= {
        v.profile.country for v in versions}
    assert WorkExperience.objects.filter(esco_occupation__isnull=False).exists()
    assert SkillRating.objects.filter(esco_skill__isnull=False).exists()
    assert TryOut.objects.exists()
    count = versions.count()
    call_command("seed_markets", stdout=out)
    assert MarketProfileVersion.objects.count() == count
    assert "exist already: not imported again" in out.getvalue()
