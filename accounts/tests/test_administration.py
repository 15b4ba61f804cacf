"""The manager's administration pages: staff accounts and sites. Ladder: anonymous → login,
other roles → 403, manager → the page; every write audited; a manager cannot lock themself out."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AuditEntry, Role, Site, User
from accounts.services import ERROR_NOT_YOURSELF, ERROR_SITE_REQUIRED
from accounts.tests.factories import UserFactory
from accounts.tests.login import force_login_verified, totp_device_for

ADMIN_PAGES = ["accounts:administration", "accounts:staff_list", "accounts:staff_invite", "accounts:site_list",
               "accounts:site_new"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_the_ladder(name, client_for, manager, counsellor_a, instructor_a, funder, dpo):
    url = reverse(name)
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and reverse("accounts:login") in anonymous["Location"]
    for other in (counsellor_a, instructor_a, funder, dpo):
        assert client_for(other).get(url).status_code == 403, other.role
    assert client_for(manager).get(url).status_code == 200


@pytest.mark.django_db
def test_manager_opening_the_django_admin_is_sent_to_the_administration(client_for, manager):
    """The README no longer promises managers the Django admin: /admin/ leads to their own pages."""
    response = client_for(manager).get("/admin/")
    assert response.status_code == 302
    response = client_for(manager).get(response["Location"], follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:administration")
    assert response.status_code == 200 and b"Staff accounts" in response.content


@pytest.mark.django_db
def test_the_django_admin_still_works_for_superusers(client_for, site_a):
    root = UserFactory(username="root", role=Role.MANAGER, site=None, is_staff=True, is_superuser=True)
    client = client_for(root)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 200
    assert client.get("/admin/catalogue/module/").status_code == 200
    # Without the second factor, not even a superuser gets in.
    plain = Client()
    Client.force_login(plain, root)
    assert plain.get("/admin/").status_code == 302


@pytest.mark.django_db(transaction=True)
def test_invite_then_set_password_once_then_log_in_and_enrol(client_for, manager, site_a):
    client = client_for(manager)
    response = client.post(reverse("accounts:staff_invite"), {
        "username": "berater.neu", "first_name": "Nora", "last_name": "Neu", "email": "nora@example.org",
        "role": Role.COUNSELLOR, "site": site_a.pk,
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(username="berater.neu")
    assert not user.has_usable_password() and user.site == site_a
    assert AuditEntry.objects.filter(action="user.invite", object_id=str(user.pk)).exists()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nora@example.org"]
    path = re.search(r"https?://[^/\s]+(/password/set/\S+/)", mail.outbox[0].body).group(1)
    assert "Nora" not in path and "nora" not in path  # no personal data in the link
    newcomer = Client(HTTP_ACCEPT_LANGUAGE="en")
    form_url = newcomer.get(path, follow=True).redirect_chain[-1][0]
    response = newcomer.post(form_url, {"new_password1": "Wolke-Kaffee-91", "new_password2": "Wolke-Kaffee-91"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    user.refresh_from_db()
    assert user.check_password("Wolke-Kaffee-91")
    # The link works once.
    again = Client(HTTP_ACCEPT_LANGUAGE="en").get(path, follow=True)
    assert b"has been used already or has expired" in again.content
    # Password, then the authenticator set-up (no device yet).
    response = Client().post(reverse("accounts:login"), {"username": "berater.neu", "password": "Wolke-Kaffee-91"},
                             follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:otp_enrol"))


@pytest.mark.django_db
def test_invitation_refuses_what_is_missing_and_keeps_what_was_typed(client_for, manager):
    response = client_for(manager).post(reverse("accounts:staff_invite"), {
        "username": "ausbilder.neu", "first_name": "Ali", "last_name": "Neu", "email": "",
        "role": Role.INSTRUCTOR, "site": "",
    })
    body = response.content.decode()
    assert response.status_code == 400
    assert str(ERROR_SITE_REQUIRED) in body and 'value="ausbilder.neu"' in body
    assert not User.objects.filter(username="ausbilder.neu").exists() and mail.outbox == []


@pytest.mark.django_db
def test_change_role_and_site(client_for, manager, counsellor_a, site_b):
    response = client_for(manager).post(reverse("accounts:staff_edit", args=[counsellor_a.pk]), {
        "first_name": "Clara", "last_name": "Berg", "email": "", "role": Role.INSTRUCTOR, "site": site_b.pk,
    })
    assert response.status_code == 302
    counsellor_a.refresh_from_db()
    assert (counsellor_a.role, counsellor_a.site) == (Role.INSTRUCTOR, site_b)
    entry = AuditEntry.objects.get(action="user.update", object_id=str(counsellor_a.pk))
    assert set(entry.detail["fields"]) >= {"role", "site"}


@pytest.mark.django_db
def test_deactivate_reactivate_and_reset_the_authenticator(client_for, manager, counsellor_a):
    totp_device_for(counsellor_a)
    victim = Client()
    force_login_verified(victim, counsellor_a)
    client = client_for(manager)
    client.post(reverse("accounts:staff_action", args=[counsellor_a.pk, "reset-second-factor"]))
    assert not TOTPDevice.objects.filter(user=counsellor_a).exists()
    assert victim.get(reverse("participants:caseload")).status_code == 302  # session ended
    client.post(reverse("accounts:staff_action", args=[counsellor_a.pk, "deactivate"]))
    counsellor_a.refresh_from_db()
    assert not counsellor_a.is_active
    client.post(reverse("accounts:staff_action", args=[counsellor_a.pk, "reactivate"]))
    counsellor_a.refresh_from_db()
    assert counsellor_a.is_active
    actions = list(AuditEntry.objects.filter(object_id=str(counsellor_a.pk)).values_list("action", flat=True))
    assert actions[-3:] == ["totp_device.reset", "user.deactivate", "user.reactivate"]


@pytest.mark.django_db
def test_a_manager_cannot_lock_themself_out(client_for, manager):
    client = client_for(manager)
    response = client.post(reverse("accounts:staff_action", args=[manager.pk, "deactivate"]), follow=True)
    assert str(ERROR_NOT_YOURSELF) in response.content.decode()
    response = client.post(reverse("accounts:staff_edit", args=[manager.pk]), {
        "first_name": "M", "last_name": "M", "email": "", "role": Role.COUNSELLOR, "site": "",
    })
    manager.refresh_from_db()
    assert response.status_code == 400 and manager.role == Role.MANAGER and manager.is_active


@pytest.mark.django_db
def test_superusers_and_participants_are_not_administered_here(client_for, manager, participant_user):
    root = UserFactory(username="root", role=Role.MANAGER, site=None, is_superuser=True, is_staff=True)
    client = client_for(manager)
    for pk in (root.pk, participant_user.pk):
        assert client.get(reverse("accounts:staff_edit", args=[pk])).status_code == 404
        assert client.post(reverse("accounts:staff_action", args=[pk, "deactivate"])).status_code == 404
    listing = client.get(reverse("accounts:staff_list")).content.decode()
    assert "root" not in listing and "participant_a" not in listing


@pytest.mark.django_db
def test_sites_are_created_and_changed_with_an_audit_entry(client_for, manager):
    client = client_for(manager)
    response = client.post(reverse("accounts:site_new"), {"code": "augsburg", "name": "Werkstatt Augsburg",
                                                          "city": "Augsburg", "address": ""})
    assert response.status_code == 302
    site = Site.objects.get(code="augsburg")
    client.post(reverse("accounts:site_edit", args=[site.pk]), {"code": "augsburg", "name": "Werkstatt Augsburg",
                                                                "city": "Augsburg", "address": "Ulmer Str. 1"})
    site.refresh_from_db()
    assert site.address == "Ulmer Str. 1"
    assert list(AuditEntry.objects.filter(action__startswith="site.").values_list("action", flat=True)) == [
        "site.create", "site.update"]
    duplicate = client.post(reverse("accounts:site_new"), {"code": "augsburg", "name": "X", "city": "Y"})
    assert duplicate.status_code == 400 and Site.objects.filter(code="augsburg").count() == 1
