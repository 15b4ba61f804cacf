"""Locust: the roles' real paths through Reintegra (driven by bench/bench_load.py).

Every virtual user logs in through the real two-step login (password, then a TOTP code from
its own authenticator key, prepared by bench_load.py in the file named by LOAD_PLAN) and
then walks its role's pages. Request names group pages (ids left out), so the figures are
per page, not per record. Only 127.0.0.1 is ever addressed (bench_load.py checks the host).
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import os
import random
import re
import struct
import time
from typing import Any

from locust import HttpUser, between, task

PLAN: dict[str, Any] = json.loads(open(os.environ["LOAD_PLAN"], encoding="utf-8").read())  # noqa: SIM115
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_ACCOUNTS = {role: itertools.cycle(accounts) for role, accounts in PLAN["accounts"].items()}
SEARCHES = PLAN["searches"]


def totp_now(key_hex: str) -> str:
    """RFC 6238 (SHA-1, 30 s, 6 digits), as django-otp checks it."""
    counter = struct.pack(">Q", int(time.time()) // 30)
    digest = hmac.new(bytes.fromhex(key_hex), counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"




_LOGINS = {"done": 0}


def _logged_in(user: HttpUser) -> None:
    """Logging in (PBKDF2, then TOTP) is the warm-up: once the last client has logged in, the
    figures start afresh (Locust's --reset-stats resets when the clients are started, while
    their logins still run and would hold the app server's processes)."""
    _LOGINS["done"] += 1
    runner = user.environment.runner
    if runner is not None and _LOGINS["done"] == runner.target_user_count:
        user.environment.stats.reset_all()


class _Staff(HttpUser):
    abstract = True
    role = ""
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        self.account = next(_ACCOUNTS[self.role])
        page = self.client.get("/login/", name="login")
        token = _CSRF.search(page.text)
        response = self.client.post(
            "/login/", name="login",
            data={"username": self.account["username"], "password": PLAN["password"],
                  "csrfmiddlewaretoken": token.group(1) if token else ""},
        )
        token = _CSRF.search(response.text)
        with self.client.post(
            "/login/code/", name="login code", catch_response=True,
            data={"code": totp_now(self.account["totp_key"]), "csrfmiddlewaretoken": token.group(1) if token else ""},
        ) as answer:
            if "/login" in answer.url:
                answer.failure("login did not finish")
        _logged_in(self)

    def _get(self, url: str, name: str) -> None:
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200 or "/login" in response.url:
                response.failure(f"{response.status_code} at {response.url}")


class Counsellor(_Staff):
    role = "counsellor"
    weight = 8

    @task(4)
    def caseload(self) -> None:
        self._get("/participants/", "caseload")

    @task(2)
    def caseload_search(self) -> None:
        self._get(f"/participants/?q={random.choice(SEARCHES)}", "caseload search")

    @task(2)
    def caseload_paging(self) -> None:
        page = random.choice([2, 3, 10, self.account["last_page"]])
        self._get(f"/participants/?page={page}", "caseload page")

    @task(4)
    def case_file(self) -> None:
        self._get(f"/participants/{random.choice(self.account['participants'])}/", "case file")

    @task(1)
    def enrolment(self) -> None:
        self._get(f"/scheduling/participants/{random.choice(self.account['participants'])}/enrol/", "enrolment")

    @task(2)
    def session_attendance(self) -> None:
        self._get(f"/training/sessions/{random.choice(self.account['sessions'])}/attendance/", "session attendance")


class Instructor(_Staff):
    role = "instructor"
    weight = 4

    @task(2)
    def sessions(self) -> None:
        self._get("/scheduling/sessions/", "session list")

    @task(3)
    def session_attendance(self) -> None:
        self._get(f"/training/sessions/{random.choice(self.account['sessions'])}/attendance/", "session attendance")

    @task(3)
    def day_sheet(self) -> None:
        self._get(f"/training/meetings/{random.choice(self.account['meetings'])}/attendance/", "attendance day")


class Manager(_Staff):
    role = "manager"
    weight = 4

    @task(3)
    def figures(self) -> None:
        self._get("/reporting/", "programme figures")

    @task(1)
    def export_csv(self) -> None:
        self._get("/reporting/export/csv/", "export csv")

    @task(1)
    def export_xlsx(self) -> None:
        self._get("/reporting/export/xlsx/", "export xlsx")


class Funder(_Staff):
    role = "funder"
    weight = 4

    @task(3)
    def report(self) -> None:
        self._get("/reporting/", "funder report")

    @task(1)
    def api(self) -> None:
        self._get("/reporting/api/report/", "funder api")
