"""Load test: the roles' real paths at 20 concurrent clients, with Locust, against the production stack.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reintegra_big \\
      python bench/bench_load.py --start [--users 20] [--run-time 60] [--workers 3] [--roles counsellor,instructor]

Prepares login accounts in DATABASE_URL's database (load-counsellor-*, load-manager-*,
load-funder-*, one account for each simulated client, each with its own TOTP key, so no two
clients share a session or a lockout counter; the demo's own logins are left alone), samples
the records they visit, then runs Locust headless against --host (127.0.0.1 only). With
--start it starts gunicorn itself (deploy/gunicorn.conf.py, production settings, DEBUG off)
on 127.0.0.1:8602 and stops it afterwards; otherwise point --host at `make serve`.
Seed the data first: `manage.py seed_demo --participants 100000`.

Logging in (PBKDF2 password hashing, then the TOTP step) is the warm-up: the figures are
reset once every client is logged in. Prints p50/p95/errors per page and the targets (p95 <= 300 ms caseload, case file,
session pages; <= 500 ms figures, funder report, exports; no errors), the machine's load
average beside them, and ends with one JSON line.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import secrets
import subprocess  # noqa: S404 - runs locust and gunicorn from this virtualenv
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
PASSWORD = "load-test-" + "x" * 8  # noqa: S105 - the load accounts' password, local databases only
TARGETS_MS = {
    "caseload": 300, "caseload search": 300, "caseload page": 300, "case file": 300, "enrolment": 300,
    "session attendance": 300, "attendance day": 300, "session list": 300,
    "programme figures": 500, "funder report": 500, "funder api": 500, "export csv": 500, "export xlsx": 500,
}


#: the Locust user class of each role (bench/locustfile.py)
ROLES = {"counsellor": "Counsellor", "instructor": "Instructor", "manager": "Manager", "funder": "Funder"}


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="http://127.0.0.1:8602")
    parser.add_argument("--start", action="store_true", help="start gunicorn on --host's port and stop it after")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1,
                        help="gunicorn processes with --start (default as deploy/gunicorn.conf.py: 2 × cores + 1)")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--spawn-rate", type=float, default=2)
    parser.add_argument("--run-time", type=int, default=60, help="seconds")
    parser.add_argument("--per-role", type=int, default=0,
                        help="accounts per role (default --users: one account for each simulated client)")
    parser.add_argument("--roles", default=",".join(ROLES),
                        help=f"comma-separated roles to simulate (of {', '.join(ROLES)}), e.g. counsellor for "
                             "the caseload and case file alone")
    args = parser.parse_args()
    roles = [role.strip() for role in args.roles.split(",") if role.strip()]
    if not roles or any(role not in ROLES for role in roles):
        parser.error(f"--roles: choose from {', '.join(ROLES)}")
    args.roles = roles
    args.per_role = args.per_role or args.users
    return args


def _prepare(per_role: int) -> dict[str, object]:
    """Accounts with their own TOTP keys and the records each may open (ids only)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reintegra.settings")
    os.environ.setdefault("REINTEGRA_TESTING", "1")
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import Role, Site, User
    from funding.models import Funder
    from participants.models import Participant
    from scheduling.models import Meeting, Session

    password = make_password(PASSWORD)
    sites = list(Site.objects.order_by("code"))
    funder = Funder.objects.order_by("pk").first()
    accounts: dict[str, list[dict[str, object]]] = {"counsellor": [], "manager": [], "funder": [], "instructor": []}

    def account(username: str, role: str, **fields: object) -> dict[str, object]:
        user, _created = User.objects.update_or_create(
            username=username, defaults={"role": role, "password": password, "is_active": True, **fields}
        )
        key = secrets.token_hex(20)
        TOTPDevice.objects.filter(user=user).delete()
        TOTPDevice.objects.create(user=user, name="load test", key=key, confirmed=True)
        return {"username": username, "totp_key": key}

    for number in range(per_role):
        site = sites[number % len(sites)]
        entry = account(f"load-counsellor-{number}", Role.COUNSELLOR, site=site)
        people = Participant.objects.filter(site=site)
        entry["participants"] = list(people.order_by("?").values_list("pk", flat=True)[:300])
        entry["last_page"] = max(1, math.ceil(people.count() / 25))
        entry["sessions"] = list(
            Session.objects.filter(site=site, enrolments__isnull=False).distinct().order_by("?")
            .values_list("pk", flat=True)[:200]
        )
        accounts["counsellor"].append(entry)
        manager = account(f"load-manager-{number}", Role.MANAGER, site=None)
        accounts["manager"].append(manager)
        # the session pages as site staff open them (a manager: every site's sessions)
        sheet = dict(account(f"load-sitestaff-{number}", Role.MANAGER, site=None))
        sheet["sessions"] = entry["sessions"]
        sheet["meetings"] = list(
            Meeting.objects.filter(session__site=site, attendances__isnull=False).distinct().order_by("?")
            .values_list("pk", flat=True)[:200]
        )
        accounts["instructor"].append(sheet)
        accounts["funder"].append(account(f"load-funder-{number}", Role.FUNDER, site=None, funder=funder))
    names = list(Participant.objects.order_by("?").values_list("last_name", flat=True)[:50])
    searches = sorted({name[:4] for name in names}) + ["RI-2025-1", "zz-nobody"]
    return {"password": PASSWORD, "accounts": accounts, "searches": searches,
            "participants": Participant.objects.count()}


def _wait_ready(host: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{host}/health/", timeout=5) as response:  # noqa: S310 - 127.0.0.1
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"no answer from {host}/health/ within {seconds:.0f} s")


def main() -> None:
    args = _arguments()
    host = urllib.parse.urlsplit(args.host)
    if host.hostname not in {"127.0.0.1", "localhost", "::1"}:
        raise SystemExit("--host must be on this machine (127.0.0.1)")
    plan = _prepare(args.per_role)
    workdir = Path(tempfile.mkdtemp(prefix="bench-load-"))
    plan_path = workdir / "plan.json"
    plan_path.write_text(json.dumps(plan))
    server = None
    if args.start:
        env = {key: value for key, value in os.environ.items() if key not in {"REINTEGRA_TESTING", "DJANGO_DEBUG"}}
        env.update({
            "GUNICORN_BIND": f"127.0.0.1:{host.port}", "WEB_CONCURRENCY": str(args.workers),
            "DJANGO_SECRET_KEY": env.get("DJANGO_SECRET_KEY", secrets.token_urlsafe(50)),
            "SECURE_SSL_REDIRECT": "0", "SECURE_COOKIES": "0", "LOG_LEVEL": "WARNING",
            "REINTEGRA_VAR_DIR": str(workdir),
            # as docs/operations.md runs it: the cache every app-server process shares (figures
            # counted since the last write are read from it; without it each process counts again)
            "REDIS_URL": env.get("REDIS_URL", "redis://127.0.0.1:6379/3"),
        })
        if "REINTEGRA_FIELD_KEYS" not in env:  # the load pages read no encrypted field of the copies' own
            import django.conf

            env["REINTEGRA_FIELD_KEYS"] = ",".join(django.conf.settings.REINTEGRA_FIELD_KEYS)
        subprocess.run([str(BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v", "0"],  # noqa: S603
                       cwd=ROOT, env=env, check=True)
        server = subprocess.Popen(  # noqa: S603 - our own gunicorn with a fixed argument list
            [str(BIN / "gunicorn"), "--config", "deploy/gunicorn.conf.py", "--access-logfile", "/dev/null",
             "reintegra.wsgi"], cwd=ROOT, env=env,
        )
    try:
        _wait_ready(args.host)
        load_before = os.getloadavg()
        started = time.monotonic()
        subprocess.run(  # noqa: S603 - locust from this virtualenv, fixed arguments
            [str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), *(ROLES[role] for role in args.roles),
             "--headless", "--only-summary",
             "-u", str(args.users), "-r", str(args.spawn_rate), "-t", f"{args.run_time}s", "--host", args.host,
             "--csv", str(workdir / "load"), "--loglevel", "WARNING", "--stop-timeout", "10"],
            # the figures start once every client has logged in (locustfile.py, `_logged_in`)
            cwd=ROOT, env={**os.environ, "LOAD_PLAN": str(plan_path)}, check=False, stdout=subprocess.DEVNULL,
        )
        seconds = time.monotonic() - started
        load_after = os.getloadavg()
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
    pages = {}
    with (workdir / "load_stats.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == "Aggregated" or row["Request Count"] in {"", "0"}:
                continue  # the logins were the warm-up: nothing counted after the reset
            pages[row["Name"]] = {"requests": int(row["Request Count"]), "errors": int(row["Failure Count"]),
                                  "p50_ms": float(row["50%"] or 0), "p95_ms": float(row["95%"] or 0)}
    print(f"Load test: {args.users} clients ({', '.join(args.roles)}) for {args.run_time} s against {args.host} "
          f"({plan['participants']:,} participants), {seconds:.0f} s wall")
    print(f"Machine: {os.cpu_count()} cores, load average before {load_before[0]:.1f}, after {load_after[0]:.1f} "
          f"(other work on the machine counts in)")
    print(f"{'page':<20}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'target':>9}  ")
    met = True
    for name, figures in sorted(pages.items()):
        target = TARGETS_MS.get(name)
        ok = target is None or (figures["p95_ms"] <= target and figures["errors"] == 0)
        met = met and ok
        print(f"{name:<20}{figures['requests']:>9}{figures['errors']:>8}{figures['p50_ms']:>9.0f}"
              f"{figures['p95_ms']:>9.0f}{target or '':>9}  {'ok' if ok else 'MISSED'}")
    print(json.dumps({"bench": "load", "users": args.users, "roles": args.roles, "run_time_s": args.run_time,
                      "participants": plan["participants"], "load_average": [load_before[0], load_after[0]],
                      "targets_met": met, "pages": pages}))


if __name__ == "__main__":
    main()
