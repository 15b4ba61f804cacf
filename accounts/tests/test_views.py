"""Logging in: password, then a TOTP code (or first-time enrolment); lockout after failures."""

from __future__ import annotations

import re
from base64 import b32decode

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AuditEntry
from accounts.services import ERROR_CODE_TOO_MANY, ERROR_CODE_WRONG
from accounts.tests.login import totp_code, totp_code_for_key, totp_device_for
from accounts.views import MESSAGE_ENROLLED

PASSWORD = "correct-horse-battery"
WRONG = {"username": "counsellor_a", "password": "wrong-guess-123"}


@pytest.fixture
def anonymous():
    # A plain client: its force_login would not pass the second factor.
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def _password_step(client: Client, username: str, next_url: str = "") -> str:
    url = reverse("accounts:login") + (f"?next={next_url}" if next_url else "")
    response = client.post(url, {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return response["Location"]


# --- the code step -----------------------------------------------------------------------


@pytest.mark.django_db
def test_password_leads_to_the_code_step_and_the_code_to_the_page(anonymous, counsellor_a):
    device = totp_device_for(counsellor_a)
    location = _password_step(anonymous, "counsellor_a", next_url=reverse("participants:caseload"))
    assert location.startswith(reverse("accounts:otp_verify"))

    page = anonymous.get(location)
    assert page.status_code == 200 and b"Enter your code" in page.content
    assert page["Cache-Control"] == "no-store"
    assert b"Caseload" not in page.content  # no navigation before the second factor
    key_before = anonymous.session.session_key

    response = anonymous.post(location, {"code": totp_code(device), "next": reverse("participants:caseload")})
    assert response.status_code == 302 and response["Location"] == reverse("participants:caseload")
    assert anonymous.session.session_key != key_before
    assert anonymous.get(reverse("participants:caseload")).status_code == 200
    assert AuditEntry.objects.filter(action="login.second_factor", actor=counsellor_a, detail={"result": "ok"}).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["participants:caseload", "accounts:home", "reporting:dashboard"])
def test_password_alone_opens_no_page(anonymous, counsellor_a, url_name):
    totp_device_for(counsellor_a)
    _password_step(anonymous, "counsellor_a")
    response = anonymous.get(reverse(url_name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_verify") + "?next=")


@pytest.mark.django_db
def test_wrong_code_is_refused_and_counted(anonymous, counsellor_a):
    device = totp_device_for(counsellor_a)
    location = _password_step(anonymous, "counsellor_a")
    response = anonymous.post(location, {"code": "000000" if totp_code(device) != "000000" else "111111"})
    assert response.status_code == 200
    assert str(ERROR_CODE_WRONG) in response.content.decode()
    assert anonymous.get(reverse("participants:caseload")).status_code == 302
    # django-otp's throttling: right after a miss even the right code must wait.
    response = anonymous.post(location, {"code": totp_code(device)})
    assert str(ERROR_CODE_TOO_MANY) in response.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    assert AuditEntry.objects.filter(action="login.second_factor", detail={"result": "wrong"}).count() == 1


@pytest.mark.django_db
def test_a_code_works_only_once(anonymous, counsellor_a):
    device = totp_device_for(counsellor_a)
    code = totp_code(device)
    anonymous.post(_password_step(anonymous, "counsellor_a"), {"code": code})
    anonymous.post(reverse("accounts:logout"))
    response = anonymous.post(_password_step(anonymous, "counsellor_a"), {"code": code})
    assert str(ERROR_CODE_WRONG) in response.content.decode()


@pytest.mark.django_db
def test_next_may_not_leave_the_site(anonymous, counsellor_a):
    device = totp_device_for(counsellor_a)
    location = _password_step(anonymous, "counsellor_a")
    response = anonymous.post(location, {"code": totp_code(device), "next": "https://evil.example/"})
    assert response["Location"] == reverse("accounts:home")


@pytest.mark.django_db
def test_code_step_needs_the_password_first(anonymous):
    response = anonymous.get(reverse("accounts:otp_verify"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    response = anonymous.get(reverse("accounts:otp_enrol"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_verified_user_passes_straight_through_the_code_step(client_for, counsellor_a):
    client = client_for(counsellor_a)
    response = client.get(reverse("accounts:otp_verify") + "?next=/participants/")
    assert response.status_code == 302 and response["Location"] == "/participants/"


# --- enrolment ---------------------------------------------------------------------------


def _enrol_page(client: Client, location: str) -> tuple[str, str]:
    response = client.get(location, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:otp_enrol"))
    body = response.content.decode()
    assert re.search(r'<img class="qr-code" src="data:image/svg\+xml;', body)
    assert response["Cache-Control"] == "no-store"
    secret = re.search(r'<code class="totp-secret">([A-Z2-7 ]+)</code>', body)
    assert secret is not None
    return response.redirect_chain[-1][0], secret.group(1).replace(" ", "")


@pytest.mark.django_db
def test_first_login_enrols_an_authenticator_with_qr_code_and_key(anonymous, instructor_a):
    location = _password_step(anonymous, "instructor_a")
    enrol_url, secret = _enrol_page(anonymous, location)
    key = anonymous.session["accounts_totp_enrol_key"]
    assert b32decode(secret) == bytes.fromhex(key)  # the text key is the QR code's key

    response = anonymous.post(enrol_url, {"code": totp_code_for_key(key)}, follow=True)
    assert MESSAGE_ENROLLED in [str(m) for m in response.context["messages"]]
    device = TOTPDevice.objects.get(user=instructor_a)
    assert device.confirmed and device.key == key
    assert anonymous.get(reverse("scheduling:session_list")).status_code == 200
    assert AuditEntry.objects.filter(action="totp_device.enrol", actor=instructor_a).exists()
    assert "accounts_totp_enrol_key" not in anonymous.session


@pytest.mark.django_db
def test_enrolment_with_a_wrong_code_keeps_the_key_and_saves_nothing(anonymous, funder):
    enrol_url, _secret = _enrol_page(anonymous, _password_step(anonymous, "funder"))
    key = anonymous.session["accounts_totp_enrol_key"]
    wrong = "123456" if totp_code_for_key(key) != "123456" else "654321"
    response = anonymous.post(enrol_url, {"code": wrong})
    assert str(ERROR_CODE_WRONG) in response.content.decode()
    assert anonymous.session["accounts_totp_enrol_key"] == key
    assert not TOTPDevice.objects.filter(user=funder).exists()
    assert anonymous.get(reverse("reporting:dashboard")).status_code == 302


@pytest.mark.django_db
def test_a_password_alone_cannot_replace_an_enrolled_authenticator(anonymous, manager):
    device = totp_device_for(manager)
    _password_step(anonymous, "manager")
    response = anonymous.get(reverse("accounts:otp_enrol"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:otp_verify"))
    response = anonymous.post(reverse("accounts:otp_enrol"), {"code": "123456"})
    assert response.status_code == 302
    assert list(TOTPDevice.objects.filter(user=manager)) == [device]


# --- the admin ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_admin_needs_the_second_factor_too(anonymous, manager):
    totp_device_for(manager)
    response = anonymous.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))
    _password_step(anonymous, "manager")
    response = anonymous.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:otp_verify"))
    assert b"Site administration" not in response.content


@pytest.mark.django_db
def test_admin_is_for_superusers_managers_go_to_their_pages_a_counsellor_nowhere(client_for, manager, counsellor_a):
    # The demo manager has is_staff but no model permissions: the admin showed "no permission".
    response = client_for(manager).get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:administration")
    assert client_for(counsellor_a).get(reverse("admin:index"), follow=True).status_code == 403


# --- lockout -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_sixth_attempt_is_refused_even_with_the_right_password(anonymous, counsellor_a, counsellor_b):
    for _attempt in range(5):
        response = anonymous.post(reverse("accounts:login"), WRONG)
        assert "_auth_user_id" not in anonymous.session
    assert response.status_code == 429  # the fifth failure locks

    response = anonymous.post(reverse("accounts:login"), {"username": "counsellor_a", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in anonymous.session
    body = response.content.decode()
    assert "Login blocked for now" in body and "30 minutes" in body
    assert response["Cache-Control"] == "no-store"
    # Only that user name from that address: a colleague at the same desk still gets in.
    assert _password_step(anonymous, "counsellor_b").startswith(reverse("accounts:otp_verify"))


@pytest.mark.django_db
def test_failures_below_the_limit_are_forgotten_after_a_good_login(anonymous, counsellor_a):
    for _attempt in range(4):
        anonymous.post(reverse("accounts:login"), WRONG)
    _password_step(anonymous, "counsellor_a")
    anonymous.post(reverse("accounts:logout"))
    for _attempt in range(4):
        response = anonymous.post(reverse("accounts:login"), WRONG)
        assert response.status_code == 200
