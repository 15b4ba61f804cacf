"""Shared test personas: the people every view test climbs the ladder with."""

from __future__ import annotations

import os

os.environ.setdefault("REINTEGRA_TESTING", "1")

import pytest  # noqa: E402

from accounts.models import Role  # noqa: E402
from accounts.tests.factories import SiteFactory, UserFactory  # noqa: E402


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Factories give every user a password; the real hasher is slow on purpose.
    # Tests only: nothing here checks password strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english_outside_requests():
    # German is the default language; tests read English unless they choose German.
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _reference_data(request):
    """The ESCO subset comes with a data migration; a transactional test's flush removes it
    for the tests after it, so database tests get it back before they start."""
    uses_database = request.node.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db", "live_server"} & set(request.fixturenames)
    )
    if uses_database:
        request.getfixturevalue("_django_db_helper")
        from assessments.models import EscoSkill
        from assessments.taxonomy import esco_subset_load

        if not EscoSkill.objects.exists():
            esco_subset_load()
    yield


@pytest.fixture(autouse=True)
def _private_var_dir(settings, tmp_path):
    # Backups, keys and other files a test makes stay in its own folder, never in var/.
    settings.VAR_DIR = tmp_path / "var"
    settings.MEDIA_ROOT = tmp_path / "var" / "private"


@pytest.fixture
def site_a(db):
    return SiteFactory(code="nue", name="Nürnberg Werkstatt", city="Nürnberg")


@pytest.fixture
def site_b(db):
    return SiteFactory(code="aug", name="Augsburg Werkstatt", city="Augsburg")


@pytest.fixture
def manager(db):
    return UserFactory(username="manager", role=Role.MANAGER, site=None, is_staff=True)


@pytest.fixture
def counsellor_a(site_a):
    return UserFactory(username="counsellor_a", role=Role.COUNSELLOR, site=site_a)


@pytest.fixture
def counsellor_b(site_b):
    return UserFactory(username="counsellor_b", role=Role.COUNSELLOR, site=site_b)


@pytest.fixture
def instructor_a(site_a):
    return UserFactory(username="instructor_a", role=Role.INSTRUCTOR, site=site_a)


@pytest.fixture
def instructor_b(site_b):
    return UserFactory(username="instructor_b", role=Role.INSTRUCTOR, site=site_b)


@pytest.fixture
def funder(db):
    return UserFactory(username="funder", role=Role.FUNDER, site=None)


@pytest.fixture
def dpo(db):
    return UserFactory(username="dpo", role=Role.DPO, site=None)


@pytest.fixture
def participant_user(site_a):
    """A login with the participant role (the portal comes later): no staff page may open."""
    return UserFactory(username="participant_a", role=Role.PARTICIPANT, site=site_a)


@pytest.fixture
def client():
    """A test client reading English pages (the default language is German).

    Its `force_login` also passes the second factor (a confirmed TOTP device, marked in the
    session as django_otp.login does); the real login steps are tested in accounts/tests/."""
    from accounts.tests.login import VerifiedClient

    return VerifiedClient(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def client_for(client):
    """Log the test client in as the given user, second factor included, and return it."""

    def _login(user):
        client.force_login(user)
        return client

    return _login
