"""What the standalone benchmarks share: a throw-away database named after the benchmark,
Django set up for it, the machine's load beside the figures, and one JSON line at the end.

A benchmark calls `django_for_bench()` before it imports anything of Django's or the
project's, then runs inside `bench_database()`::

    from scaffold import bench_database, django_for_bench, machine_line, median, print_json

    BENCH = django_for_bench("audit")
    from accounts.models import User  # noqa: E402  (and the rest)
    ...
    figures = {}
    with bench_database(BENCH):
        ...
        figures["load_average"] = machine_line()
    print_json(figures)

DATABASE_URL: PostgreSQL (postgres://…/name) gets `<name>_bench_<benchmark>`, created
afresh and dropped at the end; unset means a SQLite file in a temporary folder.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Bench:
    #: the throw-away PostgreSQL database ("" on SQLite)
    database: str
    #: the DATABASE_URL the run was started with (where the throw-away database is made)
    source_url: str
    #: a temporary folder for the SQLite file and REINTEGRA_VAR_DIR
    tmp: str


def django_for_bench(name: str) -> Bench:
    """Point DATABASE_URL at the benchmark's own database and set Django up for it."""
    sys.path.insert(0, str(ROOT))
    tmp = tempfile.mkdtemp(prefix=f"bench-{name}-")
    source = os.environ.get("DATABASE_URL", "")
    if source.startswith("postgres"):
        parts = urlsplit(source)
        database = (parts.path.lstrip("/") or "reintegra") + f"_bench_{name}"
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path="/" + database))
    else:
        database = ""
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "reintegra.settings"
    os.environ["REINTEGRA_TESTING"] = "1"
    os.environ.setdefault("REINTEGRA_VAR_DIR", tmp)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    return Bench(database=database, source_url=source, tmp=tmp)


def _admin(bench: Bench, statement: str) -> None:
    import psycopg

    admin = urlunsplit(urlsplit(bench.source_url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(statement)


@contextmanager
def bench_database(bench: Bench) -> Iterator[None]:
    """A fresh, migrated database for the block (connections not kept), dropped afterwards."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    if bench.database:
        _admin(bench, f'DROP DATABASE IF EXISTS "{bench.database}"')
        _admin(bench, f'CREATE DATABASE "{bench.database}"')
    try:
        settings.DATABASES["default"]["CONN_MAX_AGE"] = 0
        call_command("migrate", verbosity=0)
        yield
    finally:
        connections.close_all()
        if bench.database:
            _admin(bench, f'DROP DATABASE IF EXISTS "{bench.database}" WITH (FORCE)')


def median(values: Iterable[float], digits: int | None = 3) -> float:
    """The median of the runs, rounded to `digits` (None: as it is)."""
    middle = statistics.median(values)
    return middle if digits is None else round(middle, digits)


def machine_line() -> float:
    """Print the machine's CPUs and load (other work slows the figures); the load, rounded."""
    load = os.getloadavg()[0]
    print(f"machine: {os.cpu_count()} CPUs, load average {load:.1f} (other work slows the figures)")
    return round(load, 1)


def print_json(figures: dict[str, Any]) -> None:
    """The last line of a run: the figures for the record."""
    print(json.dumps(figures))
