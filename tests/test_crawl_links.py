"""Every link each demo login can reach answers without 4xx/5xx (issue 18: "0 dead links").

The demo is seeded once (demo/management/commands/seed_demo.py), then one login of each
role follows every link from its start page: manager, a counsellor and an instructor of
Nürnberg, the funder, the data protection officer, and a participant in the portal."""

from __future__ import annotations

import time

import pytest
from django.core.management import call_command

from accounts.models import Role, User
from tests.crawl import crawl

LOGINS = ["manager", "berater.nuernberg", "ausbilder.naehen", "foerderer", "datenschutz"]


@pytest.fixture
def demo(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from io import StringIO

    call_command("seed_demo", stdout=StringIO())


@pytest.mark.django_db
def test_every_link_of_every_demo_login_answers(demo, client):
    from accounts.tests.login import force_login_verified

    report = []
    dead_all: list[tuple[str, ...]] = []
    usernames = list(User.objects.exclude(role=Role.PARTICIPANT).order_by("role", "username")
                     .values_list("username", flat=True))
    chosen = [name for name in LOGINS if name in usernames] or usernames
    for username in chosen:
        user = User.objects.get(username=username)
        client.logout()
        force_login_verified(client, user)
        started = time.perf_counter()
        result = crawl(client, "/")
        report.append(f"{username}: {result.visited} pages in {time.perf_counter() - started:.1f} s")
        dead_all.extend((username, *dead) for dead in result.dead)
    participant = User.objects.filter(role=Role.PARTICIPANT).order_by("username").first()
    if participant is not None:
        client.logout()
        client.force_login(participant)
        result = crawl(client, "/portal/")
        report.append(f"{participant.username}: {result.visited} pages")
        dead_all.extend((participant.username, *dead) for dead in result.dead)
    print("\n".join(report))
    assert not dead_all, "\n".join(f"{who}: {status} {url} (linked from {where})"
                                   for who, url, status, where in dead_all[:60])
