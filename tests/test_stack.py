"""The production stack as docs/operations.md starts it, driven over HTTP.

`honcho start` runs the Procfile (two gunicorn app servers on two ports, a Celery worker,
beat) against a PostgreSQL database of its own and Redis, after `manage.py migrate` and
`seed_demo` as the docs say. One user logs in on one server and continues on the other; a
proof uploaded on one is downloaded from the other; an optimiser run and a bulk certificate
issue finish on the worker while nobody polls.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess  # noqa: S404 - runs manage.py and honcho from this virtualenv with fixed arguments
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import requests
from cryptography.fernet import Fernet
from django.conf import settings
from django_otp.oath import totp

from demo.content import DEMO_PASSWORD
from demo.totp import DEMO_TOTP_KEY_HEX

ROOT = Path(settings.BASE_DIR)
BIN = Path(sys.executable).parent
PORT = 8603  # web.1; web.2 gets 8604 (honcho: one port a process)
A, B = f"http://127.0.0.1:{PORT}", f"http://127.0.0.1:{PORT + 1}"
DATABASE = settings.DATABASES["default"]

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(DATABASE["ENGINE"] != "django.db.backends.postgresql", reason="needs PostgreSQL"),
]


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=2):
            return True
    except OSError:
        return False


def _server_url(name: str) -> str:
    user, host, port = DATABASE["USER"] or "postgres", DATABASE["HOST"] or "127.0.0.1", DATABASE["PORT"] or 5432
    return f"postgres://{user}@{host}:{port}/{name}"


def _admin(sql: str) -> None:
    with psycopg.connect(_server_url("postgres"), autocommit=True) as admin:
        admin.execute(sql)


def _wait_for(check, *, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"{what}: not within {seconds:.0f} s")


def _healthy(base: str) -> bool:
    try:
        return requests.get(f"{base}/health/", timeout=5).status_code == 200
    except requests.RequestException:
        return False


@pytest.fixture(scope="module")
def stack(tmp_path_factory) -> Iterator[dict[str, str]]:
    if not _redis_up():
        pytest.skip("needs Redis on 127.0.0.1:6379 (.ci/run starts it)")
    name = f"{DATABASE['NAME'].removeprefix('test_')}_stack"
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{name}"')
    var = tmp_path_factory.mktemp("stack-var")
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DJANGO_", "REINTEGRA_", "CELERY_", "DATABASE_", "SECURE_", "PYTEST", "REDIS_"))}
    env.update({
        "DATABASE_URL": _server_url(name),
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/13", "REDIS_URL": "redis://127.0.0.1:6379/13",
        "CELERY_QUEUE": f"stack-test-{os.getpid()}",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50), "REINTEGRA_FIELD_KEYS": Fernet.generate_key().decode(),
        "SECURE_SSL_REDIRECT": "0", "SECURE_COOKIES": "0", "REINTEGRA_VAR_DIR": str(var),
        "WEB_CONCURRENCY": "1", "CELERY_CONCURRENCY": "1", "LOG_LEVEL": "WARNING",
        "PATH": f"{BIN}:{env.get('PATH', '')}",
    })
    for command in (["migrate", "-v", "0"], ["collectstatic", "--noinput", "-v", "0"], ["seed_demo"]):
        subprocess.run([str(BIN / "python"), "manage.py", *command], cwd=ROOT, env=env, check=True,  # noqa: S603
                       stdout=subprocess.DEVNULL, timeout=900)
    log = (var / "honcho.log").open("wb")
    honcho = subprocess.Popen(  # noqa: S603 - the Procfile as `make serve` runs it, two web processes
        [str(BIN / "honcho"), "--procfile", "Procfile", "start", "--port", str(PORT), "-c", "web=2,worker=1,beat=1"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        for base in (A, B):
            _wait_for(lambda base=base: _healthy(base), seconds=120, what=f"{base}/health/")
        yield {"database": _server_url(name), "log": str(var / "honcho.log")}
    finally:
        os.killpg(honcho.pid, signal.SIGTERM)
        try:
            honcho.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(honcho.pid, signal.SIGKILL)
        log.close()
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _csrf(client: requests.Session, url: str) -> str:
    client.get(url, timeout=30)
    return client.cookies["csrftoken"]


def _post(client: requests.Session, url: str, data: dict[str, str], **kwargs) -> requests.Response:
    return client.post(url, data={**data, "csrfmiddlewaretoken": client.cookies.get("csrftoken", "")},
                       headers={"Referer": url}, timeout=120, **kwargs)


def _login(base: str) -> requests.Session:
    client = requests.Session()
    _csrf(client, f"{base}/login/")
    _post(client, f"{base}/login/", {"username": "manager", "password": DEMO_PASSWORD})
    code = f"{totp(bytes.fromhex(DEMO_TOTP_KEY_HEX), 30, 0, 6, 0):06d}"
    response = _post(client, f"{base}/login/code/", {"code": code})
    assert response.status_code == 200 and "/login" not in response.url, response.url
    return client


def _one(database: str, sql: str, *args):
    with psycopg.connect(database) as connection:
        return connection.execute(sql, args).fetchone()


def test_two_app_servers_serve_one_user_and_the_worker_runs_the_long_jobs(stack):
    client = _login(A)  # logged in on A …
    caseload = client.get(f"{B}/participants/", timeout=60)  # … and continues on B
    assert caseload.status_code == 200 and "/login" not in caseload.url
    # ready as a load balancer sees it: asked again until every check passes (the worker may
    # still be starting on a busy machine), and what is not OK is named
    deadline = time.monotonic() + 90
    while True:
        ready = client.get(f"{B}/ready/?format=json", timeout=60).json()
        failing = {name: value for name, value in ready.items() if value != "OK"}
        if not failing or time.monotonic() > deadline:
            break
        time.sleep(2)
    assert failing == {}, failing
    assert any(name.startswith("Ping(") for name in ready)  # a Celery worker answered

    # a proof uploaded on A is downloaded from B (files live in the shared storage)
    (attendance,) = _one(stack["database"],
                         "SELECT id FROM training_attendance WHERE status <> 'present' ORDER BY id LIMIT 1")
    proof = b"%PDF-1.4\n%stack test sick note\n"
    uploaded = _post(client, f"{A}/training/attendance/{attendance}/proof/upload/", {},
                     files={"proof": ("note.pdf", proof, "application/pdf")})
    assert uploaded.status_code == 200
    download = client.get(f"{B}/training/attendance/{attendance}/proof/", timeout=60)
    assert download.status_code == 200 and download.content == proof

    # an optimiser run, started on B, finishes on the worker
    started = _post(client, f"{B}/scheduling/optimiser/", {"time_limit": "5"})
    run = int(started.url.rstrip("/").rsplit("/", 1)[1])
    status = _wait_for(lambda: (_one(stack["database"], "SELECT status FROM scheduling_schedulerun WHERE id = %s",
                                     run)[0] in {"finished", "failed"}) and _one(
        stack["database"], "SELECT status FROM scheduling_schedulerun WHERE id = %s", run)[0],
        seconds=240, what="the optimiser run")
    assert status == "finished", Path(stack["log"]).read_text(encoding="utf-8", errors="replace")[-3000:]

    # a bulk certificate issue, started on A, finishes on the worker while nobody polls
    sessions = [row[0] for row in psycopg.connect(stack["database"]).execute(
        "SELECT id FROM scheduling_session WHERE ends_on < now() ORDER BY ends_on DESC").fetchall()]
    for session in sessions:
        _post(client, f"{A}/certificates/sessions/{session}/", {"include_attendance": "on"})
        if _one(stack["database"], "SELECT count(*) FROM jobs_job WHERE kind = 'certificate_issue'")[0]:
            break
    else:
        raise AssertionError("no session had anybody to issue to")
    job = _wait_for(lambda: _one(stack["database"], "SELECT status, result::text FROM jobs_job "
                                 "WHERE kind = 'certificate_issue' AND status IN ('done', 'failed')"),
                    seconds=240, what="the bulk issue")
    assert job[0] == "done", job
    issued = _one(stack["database"], "SELECT count(*) FROM certificates_certificatebatchitem "
                  "WHERE certificate_id IS NOT NULL")[0]
    assert issued >= 1
    jobs_page = client.get(f"{B}/jobs/", timeout=60)
    assert jobs_page.status_code == 200 and "/login" not in jobs_page.url
