"""Benchmark: the audit chain — verifying it, and what it costs audited case-file reads.

Standalone: python bench/bench_audit.py [--entries 100000] [--clients 20] [--seconds 10]

Honours DATABASE_URL: PostgreSQL (postgres://…/name) gets a throw-away database
`<name>_bench_audit` (dropped at the end); unset means a SQLite file in a temporary folder.
Measures
  1. audited case-file reads per second: --clients threads, each logged in as a counsellor,
     GET /participants/<pk>/ for --seconds, in three modes: the real chained audit write,
     the same entry inserted without the chain (no lock, no hash link), and no audit write
     at all. "chain cost" = 1 - chained / unchained;
  2. verifying --entries entries with the one verify function audit_verify and the DPO page
     use (entries per second, and the peak memory of the process, which must not grow with N).
Prints readable figures, then one JSON line for the record.
"""

from __future__ import annotations

import argparse
import itertools
import resource
import secrets
import threading
import time
from collections import Counter
from typing import Any

from scaffold import bench_database, django_for_bench, machine_line, print_json

BENCH = django_for_bench("audit")

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts import audit  # noqa: E402
from accounts.models import AuditEntry, Role, Site, User  # noqa: E402
from accounts.tests.login import VerifiedClient  # noqa: E402
from participants.tests.factories import ParticipantFactory  # noqa: E402


def create_people(count: int) -> tuple[User, list[int]]:
    site = Site.objects.create(code="nue", name="Nürnberg Werkstatt", city="Nürnberg")
    counsellor = User.objects.create(username="counsellor", role=Role.COUNSELLOR, site=site)
    people = ParticipantFactory.create_batch(count, site=site, counsellor=counsellor)
    return counsellor, [person.pk for person in people]


def reads_per_second(*, counsellor: User, pks: list[int], clients: int, seconds: float) -> tuple[float, int]:
    """Audited case-file reads per second by `clients` threads; and how many answered non-200."""
    counts = [0] * clients
    errors = [0] * clients
    start = threading.Barrier(clients + 1)
    stop = threading.Event()

    def client_loop(index: int) -> None:
        client = VerifiedClient(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(counsellor)
        client.get(f"/participants/{pks[index % len(pks)]}/")  # warm up: connection, templates
        start.wait()
        n = 0
        try:
            while not stop.is_set():
                try:
                    status = client.get(f"/participants/{pks[(index * 7 + n) % len(pks)]}/").status_code
                except Exception:  # noqa: BLE001 - the old chain's duplicate-hash errors are counted
                    status = 500
                if status == 200:
                    counts[index] += 1
                else:
                    errors[index] += 1
                n += 1
        finally:
            connection.close()

    threads = [threading.Thread(target=client_loop, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    return sum(counts) / elapsed, sum(errors)


def unchained(mode: str) -> Any:
    """Swap the chained append for a plain insert (mode 'plain') or for nothing (mode 'none')."""
    if hasattr(audit, "_chain_append"):  # the chain-head design
        original = audit._chain_append

        numbers = itertools.count(10**12)  # far past the chain, so the unique numbers never meet it
        number_lock = threading.Lock()

        def append(entries: list[AuditEntry]) -> list[AuditEntry]:
            if mode == "none":
                return entries
            for entry in entries:
                with number_lock:
                    entry.sequence = next(numbers)
                entry.at, entry.previous_hash, entry.entry_hash = timezone.now(), "", secrets.token_hex(32)
            return AuditEntry.objects.bulk_create(entries)

        audit._chain_append = append  # type: ignore[assignment]
        return lambda: setattr(audit, "_chain_append", original)
    # the code before: the last row locked, each entry chained to it
    original_last, original_save = audit._last_hash, AuditEntry.save
    audit._last_hash = lambda: secrets.token_hex(32)  # type: ignore[assignment]
    if mode == "none":
        AuditEntry.save = lambda self, *args, **kwargs: None  # type: ignore[method-assign]

    def restore() -> None:
        audit._last_hash = original_last  # type: ignore[assignment]
        AuditEntry.save = original_save  # type: ignore[method-assign]

    return restore


def verify_figures(entries: int, counsellor: User, pks: list[int]) -> tuple[float, float, bool]:
    AuditEntry.objects.all().delete()
    for name in ("AuditChainHead", "AuditCheckpoint"):  # the numbered chain (absent in the code before)
        model = getattr(audit, name, None)
        if model is not None:
            model.objects.all().delete()
    batch = 5000
    for offset in range(0, entries, batch):
        audit.audit_record_many(
            actor=counsellor, action="participant.view",
            items=[audit.AuditItem(participant_id=pks[n % len(pks)], detail={"n": n})
                   for n in range(offset, min(entries, offset + batch))],
        )
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    if hasattr(audit, "audit_chain_check"):
        intact = audit.audit_chain_check().intact
    else:
        intact = audit.audit_chain_verify() is None
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"verify: {entries} entries in {seconds:.1f} s, peak memory {before:.0f} → {peak:.0f} MiB, intact={intact}")
    return entries / seconds, peak - before, intact


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--skip-reads", action="store_true", help="only the verification figures")
    options = parser.parse_args()
    figures: dict[str, Any] = {}
    with bench_database(BENCH):
        counsellor, pks = create_people(options.people)
        figures.update(database=connection.vendor, clients=options.clients)
        for mode in () if options.skip_reads else ("chained", "plain", "none"):
            restore = unchained(mode) if mode != "chained" else (lambda: None)
            try:
                rate, errors = reads_per_second(
                    counsellor=counsellor, pks=pks, clients=options.clients, seconds=options.seconds
                )
            finally:
                restore()
            figures[f"reads_per_second_{mode}"] = round(rate, 1)
            figures[f"read_errors_{mode}"] = errors
            print(f"case-file reads, audit {mode}: {rate:.1f}/s with {options.clients} clients ({errors} failed)")
            if mode == "chained":  # did concurrent appends fork the chain?
                successors = Counter(AuditEntry.objects.values_list("previous_hash", flat=True))
                forks = sum(1 for count in successors.values() if count > 1)
                figures["forks_after_reads"] = forks
                print(f"entries with more than one successor after the reads: {forks}")
        if not options.skip_reads:
            cost = 1 - figures["reads_per_second_chained"] / figures["reads_per_second_plain"]
            figures["chain_cost"] = round(cost, 3)
            print(f"chain cost: {cost:.1%} of throughput (chained vs the same entry unchained)")
        rate, memory, intact = verify_figures(options.entries, counsellor, pks)
        figures.update(verify_entries=options.entries, verify_per_second=round(rate), verify_memory_mib=round(memory),
                       verify_intact=intact)
        figures["load_average"] = machine_line()
    print_json(figures)


if __name__ == "__main__":
    main()
