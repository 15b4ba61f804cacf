"""The tqdm bar the backup commands show per table while checksumming."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from tqdm import tqdm

from backups.services import Progress


def progress_bars(*, enabled: bool) -> Progress | None:
    if not enabled:
        return None

    @contextmanager
    def bar(*, table: str, total: int) -> Iterator[Callable[[int], object]]:
        # stderr, so stdout keeps only the summary (scripts and cron mails read that).
        with tqdm(total=total, desc=f"checksum {table}", unit="rows", file=sys.stderr, leave=False) as display:
            yield display.update

    return bar
