"""Deny by default: every URL pattern declares who may call it."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.policy import policy_of
from accounts.tests.login import totp_code, totp_device_for


def _patterns(resolver: URLResolver, prefix: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def test_every_url_pattern_declares_an_access_policy():
    missing = [
        route
        for route, pattern in _patterns(get_resolver())
        if not route.startswith("admin/") and policy_of(pattern.callback) is None
    ]
    assert missing == []


def test_public_views_are_only_the_expected_ones():
    public = sorted(
        route
        for route, pattern in _patterns(get_resolver())
        if not route.startswith("admin/") and (policy := policy_of(pattern.callback)) and policy.public
    )
    assert public == [
        "certificates/issuer/", "certificates/status/", "certificates/verify/", "certificates/verify/<str:number>/",
        "feedback/s/<str:token>/",
        "health/",  # liveness and readiness for monitoring (docs/operations.md); no personal data
        "i18n/setlang/", "login/", "logout/",
        # a calendar app fetches the feed without a session; unsubscribing needs no login (signed tokens)
        "notifications/calendar/<str:token>.ics", "notifications/unsubscribe/<str:token>/",
        "password/set/<uidb64>/<token>/",
        "portal/language/", "portal/login/", "portal/logout/", "portal/pin/",
        "ready/",
        "returns/handover-schema.json", "returns/partner/<str:token>/", "returns/survey/<str:token>/",
        # offline attendance: "wipe or keep" for a random device token, the manifest, the worker's code
        "training/offline/device/", "training/offline/manifest.webmanifest", "training/offline/sw.js",
    ]


@pytest.mark.django_db
def test_home_sends_each_role_to_its_start_page(client_for, manager, counsellor_a, instructor_a, funder):
    expectations = {
        manager: reverse("reporting:dashboard"),
        counsellor_a: reverse("participants:caseload"),
        instructor_a: reverse("scheduling:session_list"),
        funder: reverse("reporting:dashboard"),
    }
    for user, target in expectations.items():
        response = client_for(user).get(reverse("accounts:home"))
        assert response.status_code == 302 and response["Location"] == target


@pytest.mark.django_db
def test_inactive_user_is_refused(client_for, counsellor_a):
    client = client_for(counsellor_a)
    counsellor_a.is_active = False
    counsellor_a.save()
    assert client.get(reverse("participants:caseload")).status_code in (302, 403)


@pytest.mark.django_db
def test_login_page_and_login(client, counsellor_a):
    assert client.get(reverse("accounts:login")).status_code == 200
    device = totp_device_for(counsellor_a)
    response = client.post(reverse("accounts:login"), {"username": "counsellor_a", "password": "correct-horse-battery"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:otp_verify"))
    assert client.get(reverse("participants:caseload")).status_code == 302  # the code is still missing
    response = client.post(response["Location"], {"code": totp_code(device)})
    assert response.status_code == 302
    assert client.get(reverse("participants:caseload")).status_code == 200
