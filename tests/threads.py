"""Several threads doing one thing at the same moment, for the tests that show a lock or a
unique key holding under concurrency (PostgreSQL: SQLite serialises writers anyway).

Usage::

    pytestmark = POSTGRES_ONLY

    def send(index, start):
        client = ...          # what each thread prepares on its own
        start()               # every thread waits here until all are ready
        return service(...)

    results, failures = at_once(4, send)
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

import pytest
from django.conf import settings
from django.db import connection

T = TypeVar("T")

POSTGRES_ONLY = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="needs PostgreSQL (DATABASE_URL=postgres://…): SQLite serialises writers anyway",
    ),
]

#: how long a thread waits for the others at the start line before the run counts as broken
START_TIMEOUT = 60


def at_once(count: int, work: Callable[[int, Callable[[], object]], T]) -> tuple[list[T], list[BaseException]]:
    """Run `work(index, start)` in `count` threads; each calls `start()` when ready and all go
    on together. Each thread's database connection is closed at its end. Returns the results
    (in the order the threads finished) and whatever the threads raised; a thread that fails
    before its start line breaks the barrier, so the others fail instead of waiting forever."""
    barrier = threading.Barrier(count, timeout=START_TIMEOUT)
    results: list[T] = []
    failures: list[BaseException] = []
    lock = threading.Lock()

    def run(index: int) -> None:
        try:
            result = work(index, barrier.wait)
        except BaseException as exc:  # noqa: BLE001 - handed back to the test, with the others
            barrier.abort()
            with lock:
                failures.append(exc)
        else:
            with lock:
                results.append(result)
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, failures
