"""Benchmark of `backups`: back up, restore and verify a database of realistic size.

Honours DATABASE_URL: a postgres:// address means a throw-away database `<name>_bench_backup`
on that server (restored into `<name>_bench_restored`; both dropped at the end); unset or
sqlite, a throw-away SQLite file. Builds the database (migrate, then 20,000 participants with two consents
each, some with encrypted health notes), then times a full checksum pass, the backup (online
copy + manifest checksums) and the restore (copy back + verification of every table).
Ends with one JSON line.

    python bench/bench_backup_restore.py                 # 20,000 participants
    python bench/bench_backup_restore.py --participants 2000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def _postgres_admin(sql: str) -> None:
    import psycopg

    server = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(sql)


def _configure(workdir: Path) -> dict[str, str]:
    """Point Django at a fresh database; returns the names of the PostgreSQL ones made."""
    # Before Django is imported: settings are read from the environment once.
    os.environ["DJANGO_SETTINGS_MODULE"] = "reintegra.settings"
    os.environ["REINTEGRA_TESTING"] = "1"
    os.environ["REINTEGRA_VAR_DIR"] = str(workdir)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    if not POSTGRES:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
        return {}
    server, name = os.environ["DATABASE_URL"].rsplit("/", 1)
    names = {"live": f"{name}_bench_backup", "restored": f"{name}_bench_restored"}
    for database in names.values():
        _postgres_admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    _postgres_admin(f'CREATE DATABASE "{names["live"]}"')
    os.environ["DATABASE_URL"] = f"{server}/{names['live']}"
    return names


def _populate(participants: int) -> int:
    from accounts.models import Role, Site, User
    from participants.models import Consent, ConsentPurpose, Participant

    site = Site.objects.create(code="bench", name="Bench Werkstatt", city="Nürnberg", address="Teststraße 1")
    counsellor = User.objects.create(username="bench_counsellor", role=Role.COUNSELLOR, site=site)
    today = dt.date(2025, 6, 1)
    people = [
        Participant(
            case_number=f"RI-BENCH-{n:06d}", first_name=f"Amina{n}", last_name="Haddad",
            date_of_birth=dt.date(1970, 1, 1) + dt.timedelta(days=n % 12000), gender="fmdx"[n % 4],
            origin_country=("SY", "AF", "IQ", "UA")[n % 4], languages=["ar", "de"] if n % 2 else ["fa"],
            site=site, counsellor=counsellor, intake_date=today - dt.timedelta(days=n % 300),
            planned_departure=today + dt.timedelta(days=90 + n % 200), has_health_limits=n % 10 == 0,
            health_notes=f"Rückenbeschwerden, Nr. {n}" if n % 10 == 0 else "",
        )
        for n in range(participants)
    ]
    Participant.objects.bulk_create(people, batch_size=2000)
    ids = list(Participant.objects.order_by("pk").values_list("pk", flat=True))
    consents = [
        Consent(participant_id=pk, purpose=purpose, given_on=today, recorded_by=counsellor)
        for pk in ids
        for purpose in (ConsentPurpose.PARTICIPATION, ConsentPurpose.FOLLOW_UP)
    ]
    Consent.objects.bulk_create(consents, batch_size=5000)
    return len(ids) + len(consents)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=20_000)
    arguments = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="reintegra-bench-backup-") as tmp:
        workdir = Path(tmp)
        made = _configure(workdir)
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from backups.services import SQLITE_ENGINE, backup_create, backup_restore, table_checksums

        if made:
            _postgres_admin(f'CREATE DATABASE "{made["restored"]}"')
            target = {**connection.settings_dict, "NAME": made["restored"]}
        else:
            target = {"ENGINE": SQLITE_ENGINE, "NAME": str(workdir / "restored.sqlite3")}

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        migrate_s = time.perf_counter() - started

        started = time.perf_counter()
        generated = _populate(arguments.participants)
        populate_s = time.perf_counter() - started

        started = time.perf_counter()
        live = table_checksums(connection=connection)
        checksum_s = time.perf_counter() - started

        started = time.perf_counter()
        result = backup_create(output_dir=workdir / "backups")
        backup_s = time.perf_counter() - started

        started = time.perf_counter()
        report = backup_restore(path=result.backup_path, database_settings=target)
        restore_s = time.perf_counter() - started

        assert result.tables == live, "the manifest differs from the live database"
        figures = {
            "benchmark": "backup_restore",
            "engine": result.engine,
            "participants": arguments.participants,
            "rows": result.rows,
            "rows_generated": generated,
            "tables": len(result.tables),
            "backup_mb": round(result.size_bytes / 1_000_000, 2),
            "migrate_s": round(migrate_s, 2),
            "populate_s": round(populate_s, 2),
            "checksum_s": round(checksum_s, 3),
            "backup_s": round(backup_s, 3),
            "restore_s": round(restore_s, 3),
            "rows_restored": report.rows_restored,
            "rows_lost": report.rows_lost,
            "tables_differing": len(report.mismatches),
        }
        print(f"database: {figures['rows']} rows in {figures['tables']} tables, {figures['backup_mb']} MB")
        print(f"  migrate {migrate_s:.2f} s, generate {generated} rows {populate_s:.2f} s")
        print(f"  checksum pass over every table   {checksum_s:7.3f} s  ({result.rows / checksum_s:,.0f} rows/s)")
        print(f"  backup (copy + manifest)         {backup_s:7.3f} s")
        print(f"  restore (copy back + verify)     {restore_s:7.3f} s")
        print(f"  restored {report.rows_restored} of {report.rows_expected} rows: {report.rows_lost} rows lost, "
              f"{len(report.mismatches)} tables differ")
        print(json.dumps(figures))
        connection.close()
        for database in made.values():
            _postgres_admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        if not report.ok:
            sys.exit(1)


if __name__ == "__main__":
    main()
