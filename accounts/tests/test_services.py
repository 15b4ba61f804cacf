"""Deactivating a user ends their sessions; sessions end after 30 idle minutes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry
from accounts.services import user_deactivate
from accounts.tests.login import VerifiedClient


def _logged_in(user) -> VerifiedClient:
    client = VerifiedClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def _refused(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_deactivated_user_is_refused_on_the_next_request_even_without_the_service(counsellor_a):
    # Django's guarantee: ModelBackend.get_user() returns no inactive user.
    client = _logged_in(counsellor_a)
    assert client.get(reverse("participants:caseload")).status_code == 200
    counsellor_a.is_active = False
    counsellor_a.save()
    assert _refused(client.get(reverse("participants:caseload")))


@pytest.mark.django_db
def test_user_deactivate_ends_every_session_of_that_user_only(manager, counsellor_a, counsellor_b):
    office, laptop, colleague = _logged_in(counsellor_a), _logged_in(counsellor_a), _logged_in(counsellor_b)
    own_keys = {office.session.session_key, laptop.session.session_key}

    ended = user_deactivate(acting_user=manager, user=counsellor_a)

    assert ended == 2
    assert not Session.objects.filter(session_key__in=own_keys).exists()
    assert Session.objects.filter(session_key=colleague.session.session_key).exists()
    counsellor_a.refresh_from_db()
    assert counsellor_a.is_active is False
    assert _refused(office.get(reverse("participants:caseload")))
    assert _refused(laptop.get(reverse("participants:caseload")))
    assert colleague.get(reverse("participants:caseload")).status_code == 200
    entry = AuditEntry.objects.get(action="user.deactivate")
    assert entry.actor == manager and entry.object_id == str(counsellor_a.pk)
    assert entry.detail == {"sessions_ended": 2}


@pytest.mark.django_db
def test_deactivating_in_the_admin_ends_the_sessions(client_for, manager, counsellor_a):
    manager.is_superuser = True  # the back-office account with every model permission
    manager.save()
    victim = _logged_in(counsellor_a)
    admin = client_for(manager)
    url = reverse("admin:accounts_user_change", args=[counsellor_a.pk])
    form = admin.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
    data.update(
        {
            "is_active": "",
            "date_joined_0": counsellor_a.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": counsellor_a.date_joined.strftime("%H:%M:%S"),
            "groups": [],
            "user_permissions": [],
            "is_staff": "",
            "is_superuser": "",
        }
    )
    data = {key: value for key, value in data.items() if key not in {"date_joined", "last_login"}}
    response = admin.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert _refused(victim.get(reverse("participants:caseload")))
    assert AuditEntry.objects.filter(action="user.deactivate", actor=manager).exists()


def test_sessions_expire_after_30_idle_minutes():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


@pytest.mark.django_db
def test_every_request_moves_the_expiry_and_an_idle_session_is_refused(client_for, counsellor_a):
    client = client_for(counsellor_a)
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + dt.timedelta(minutes=1))
    assert client.get(reverse("participants:caseload")).status_code == 200
    expiry = Session.objects.get(session_key=key).expire_date
    assert expiry > timezone.now() + dt.timedelta(minutes=29)

    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    assert _refused(client.get(reverse("participants:caseload")))
