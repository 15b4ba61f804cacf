"""The public verification page: the birth date is compared, never shown, and cannot be found by
trying; erased holders stay anonymous; anyone can paste a credential and get the verdict."""

from __future__ import annotations

import copy
import datetime as dt
import json
import threading
from html import unescape

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry
from certificates import credentials
from certificates.forms import ERROR_CREDENTIAL_MISSING, ERROR_CREDENTIAL_NOT_OBJECT
from certificates.keys import issuer_key_current, verification_method
from certificates.labels import LABELS
from certificates.models import Certificate
from certificates.services import (
    BIRTH_DATE_ATTEMPTS,
    BIRTH_DATE_WINDOW,
    BirthDateAnswer,
    certificate_birth_date_confirm,
    certificate_issue,
    certificate_revoke,
)
from certificates.verdicts import VERDICTS
from privacy.services import participant_anonymise
from tests.browser import BROWSER_MARKS, PHONE, browser_page

pytestmark = pytest.mark.django_db

WRONG = dt.date(1990, 5, 18)
RIGHT = dt.date(1990, 5, 17)  # Amina's (certificates/tests/conftest.py)


@pytest.fixture
def certificate(amina_ready, counsellor_a):
    return certificate_issue(acting_user=counsellor_a, participant=amina_ready, language="ar")


def _verify_url(certificate: Certificate) -> str:
    return reverse("certificates:verify", args=[certificate.number])


# The birth date --------------------------------------------------------------------------------


def test_birth_date_is_confirmed_only_when_typed_in(client, certificate):
    html = client.post(_verify_url(certificate), {"birth_date": RIGHT.isoformat()}).content.decode()
    assert "The date of birth matches the holder" in html
    assert "17.05.1990" not in html and "1990-05-17" not in html  # not even what was typed
    html = client.post(_verify_url(certificate), {"birth_date": WRONG.isoformat()}).content.decode()
    assert "does not match" in html


def test_birth_date_checks_are_audited_without_the_date(client, certificate):
    client.post(_verify_url(certificate), {"birth_date": WRONG.isoformat()})
    entry = AuditEntry.objects.filter(action="certificate.birth_date_check").get()
    assert entry.detail == {"answer": "mismatch"} and entry.actor is None
    assert "1990" not in json.dumps(entry.detail)


def test_a_few_wrong_dates_lock_the_certificate_for_a_day(certificate):
    now = timezone.now()
    answers = [certificate_birth_date_confirm(certificate=certificate, birth_date=WRONG + dt.timedelta(days=n),
                                              now=now) for n in range(BIRTH_DATE_ATTEMPTS)]
    assert answers == [BirthDateAnswer.MISMATCH] * BIRTH_DATE_ATTEMPTS
    # locked: even the right date gets no answer now
    assert certificate_birth_date_confirm(certificate=certificate, birth_date=RIGHT, now=now) == BirthDateAnswer.LOCKED
    later = now + BIRTH_DATE_WINDOW
    assert certificate_birth_date_confirm(certificate=certificate, birth_date=RIGHT, now=later) == BirthDateAnswer.MATCH


def test_the_lock_is_said_on_the_page(client, certificate):
    for n in range(BIRTH_DATE_ATTEMPTS):
        client.post(_verify_url(certificate), {"birth_date": (WRONG + dt.timedelta(days=n)).isoformat()})
    html = client.post(_verify_url(certificate), {"birth_date": RIGHT.isoformat()}).content.decode()
    assert "Too many wrong dates" in html and "matches the holder" not in html


def test_a_date_that_is_not_a_date_is_an_error_not_an_attempt(client, certificate):
    response = client.post(_verify_url(certificate), {"birth_date": "soon"})
    assert response.status_code == 200 and 'class="error"' in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.birth_date_failures == 0


@pytest.mark.postgres
@pytest.mark.skipif(settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
                    reason="needs PostgreSQL (DATABASE_URL=postgres://…): SQLite serialises writers anyway")
@pytest.mark.django_db(transaction=True)
def test_many_guesses_at_once_get_no_more_answers_than_the_limit(certificate):
    guesses = [WRONG + dt.timedelta(days=n) for n in range(30)]
    start = threading.Barrier(len(guesses))
    answers: list[BirthDateAnswer] = []
    lock = threading.Lock()

    def guess(day: dt.date) -> None:
        try:
            start.wait()
            answer = certificate_birth_date_confirm(certificate=certificate, birth_date=day)
        finally:
            connection.close()
        with lock:
            answers.append(answer)

    threads = [threading.Thread(target=guess, args=(day,)) for day in guesses]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers.count(BirthDateAnswer.MISMATCH) == BIRTH_DATE_ATTEMPTS
    assert answers.count(BirthDateAnswer.LOCKED) == len(guesses) - BIRTH_DATE_ATTEMPTS
    certificate.refresh_from_db()
    assert certificate.birth_date_failures == BIRTH_DATE_ATTEMPTS


# An erased holder (issue 15) -------------------------------------------------------------------


def test_erased_holder_is_not_named_but_validity_is_still_shown(client, certificate, manager):
    person = participant_anonymise(acting_user=manager, participant=certificate.participant, reason="request")
    response = client.get(_verify_url(certificate))
    html = response.content.decode()
    assert response.status_code == 200 and "valid" in html and certificate.number in html
    for absent in ["Amina", "Haddad", person.case_number, person.first_name, "1990", 'name="birth_date"']:
        assert absent not in html, absent
    html = client.post(_verify_url(certificate), {"birth_date": RIGHT.isoformat()}).content.decode()
    assert "matches" not in html and "does not match" not in html
    assert person.case_number not in html


def test_erased_holders_revoked_certificate_says_revoked_without_the_reason(client, certificate, manager):
    certificate_revoke(acting_user=manager, certificate=certificate, reason="Amina Haddad asked")
    participant_anonymise(acting_user=manager, participant=certificate.participant, reason="request")
    html = client.get(_verify_url(certificate)).content.decode()
    assert "revoked" in html and "Amina" not in html and "asked" not in html


# A pasted or uploaded credential ---------------------------------------------------------------

CHECK_URL = "/certificates/verify/"


def test_check_url_is_the_public_route():
    assert reverse("certificates:verify_credential") == CHECK_URL


def _check(client, document) -> str:
    text = document if isinstance(document, str) else json.dumps(document)
    response = client.post(CHECK_URL, {"credential": text})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    return unescape(response.content.decode())


def test_pasted_valid_credential_is_valid_in_german_english_and_its_third_language(client, certificate):
    html = _check(client, certificate.credential)
    for language in ("de", "en", "ar"):
        assert VERDICTS[language]["valid"] in html, language
    assert 'lang="ar" dir="rtl"' in html and certificate.number in html
    assert "Amina" not in html  # checked, not echoed


def test_uploaded_file_is_checked_too(client, certificate):
    upload = SimpleUploadedFile("c.json", json.dumps(certificate.credential).encode(), "application/json")
    page = unescape(client.post(CHECK_URL, {"file": upload}).content.decode())
    assert VERDICTS["en"]["valid"] in page


def test_one_character_changed_is_a_signature_failure(client, certificate):
    changed = copy.deepcopy(certificate.credential)
    changed["credentialSubject"]["identifier"][0]["identityHash"] = "Amina Haddaf"
    html = _check(client, changed)
    for language in ("de", "en", "ar"):
        assert VERDICTS[language]["signature"] in html
    assert VERDICTS["en"]["valid"] not in html


def test_revoked_is_read_from_the_status_list(client, certificate, counsellor_a):
    certificate_revoke(acting_user=counsellor_a, certificate=certificate, reason="Error")
    assert VERDICTS["en"]["revoked"] in _check(client, certificate.credential)


def test_superseded_is_said(client, certificate, counsellor_a, amina_ready):
    certificate_issue(acting_user=counsellor_a, participant=amina_ready, language="fr")
    assert VERDICTS["en"]["superseded"] in _check(client, certificate.credential)


def test_a_key_not_ours_is_an_issuer_key_failure(client, certificate):
    method = certificate.credential["proof"][0]["verificationMethod"].rsplit("#", 1)[0] + "#key-stranger"
    forged = credentials.credential_sign(certificate.credential, private_key=Ed25519PrivateKey.generate(),
                                         verification_method=method, created="2026-01-01T00:00:00Z", proof_set=True)
    assert VERDICTS["en"]["issuer_key"] in _check(client, forged)


def test_expired_credential_says_so(client, certificate):
    key = issuer_key_current()
    expired = {**certificate.credential, "validUntil": "2020-01-01T00:00:00Z"}
    signed = credentials.credential_sign(expired, private_key=key[1], verification_method=verification_method(key[0]),
                                         created="2026-01-01T00:00:00Z", proof_set=True)
    assert VERDICTS["en"]["expired"] in _check(client, signed)


@pytest.mark.parametrize(("text", "message"), [
    ("", ERROR_CREDENTIAL_MISSING),  # lazy: worded in the test's language, not at collection
    ("[1, 2]", ERROR_CREDENTIAL_NOT_OBJECT),
    ("{nonsense", "This is not JSON"),
])
def test_bad_input_gets_a_clear_error(client, text, message):
    page = unescape(client.post(CHECK_URL, {"credential": text}).content.decode())
    assert str(message) in page


def test_verdicts_are_written_in_every_certificate_language():
    assert set(VERDICTS) == set(LABELS)
    for language, sentences in VERDICTS.items():
        assert set(sentences) == set(VERDICTS["en"]), language


# A phone-sized screen (issue 18) --------------------------------------------------------------


@BROWSER_MARKS[0]
@BROWSER_MARKS[1]
@pytest.mark.django_db(transaction=True)
def test_verification_pages_do_not_scroll_sideways_on_a_phone(live_server, amina_ready, counsellor_a):
    certificate = certificate_issue(acting_user=counsellor_a, participant=amina_ready, language="ti")
    with browser_page(**PHONE) as phone:
        phone.goto(f"{live_server.url}{_verify_url(certificate)}")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        phone.fill("textarea[name=credential]", json.dumps(certificate.credential, indent=2))
        phone.click("#check-credential button[type=submit]")
        phone.wait_for_selector(".verify-status")
        assert VERDICTS["ti"]["valid"] in phone.content()
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
