"""Benchmark: issue and render N certificates (signed credential + PDF/A in a third language).

Standalone: python bench/bench_certificates.py [--count 1000] [--workers 2]

Builds a throw-away database — SQLite in a temporary directory, or with DATABASE_URL=postgres://…
a fresh `<name>_bench` database on that server (created, migrated, dropped at the end) —
creates N participants who each passed a three-module plan, then times
  1. issuing as a session's bulk issue does (certificate_batch_start, then steps of 25 in
     one transaction each: eligibility, number, status index, signed credential, audit);
  2. rendering every PDF as a print run does (certificates.pdf.CertificatePrinter: each
     shared background laid out once, each person's fields stacked on top), in --workers
     processes (default: one per CPU; 1 = a plain loop), languages split between them;
  3. verifying every credential offline against the exported key document.
Prints readable figures, then one JSON line for the record.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import sys
import tempfile
import time
from decimal import Decimal
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="bench-certificates-")
os.environ["DJANGO_SETTINGS_MODULE"] = "reintegra.settings"
os.environ["REINTEGRA_TESTING"] = "1"
os.environ.setdefault("DATABASE_URL", f"sqlite:///{TMP}/bench.sqlite3")
os.environ.setdefault("REINTEGRA_VAR_DIR", TMP)
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Role, Site, User  # noqa: E402
from catalogue.models import Module, ModuleSkill, Trade  # noqa: E402
from certificates.credentials import credential_verify  # noqa: E402
from certificates.keys import issuer_key_document  # noqa: E402
from certificates.labels import LANGUAGES  # noqa: E402
from certificates.models import Certificate  # noqa: E402
from certificates.pdf import CertificatePrinter  # noqa: E402
from certificates.selectors import certificate_documents  # noqa: E402
from certificates.services import certificate_batch_start, certificate_batch_step  # noqa: E402
from participants.models import Participant  # noqa: E402
from plans.models import Plan, PlanItem, PlanStatus  # noqa: E402
from scheduling.models import Enrolment, Session  # noqa: E402
from training.models import Outcome, Result  # noqa: E402


def create_data(count: int) -> tuple[User, list[Participant]]:
    today = timezone.localdate()
    site = Site.objects.create(code="nue", name="Nürnberg Werkstatt", city="Nürnberg")
    counsellor = User.objects.create(username="counsellor", role=Role.COUNSELLOR, site=site)
    instructor = User.objects.create(username="instructor", role=Role.INSTRUCTOR, site=site)
    trade = Trade.objects.create(code="metal", name_de="Metallbau", name_en="Metalwork")
    modules = [
        Module.objects.create(
            trade=trade, code=f"MET-{n}01", title_de=f"Metallbearbeitung {n}", title_en=f"Metalworking {n}",
            hours=Decimal("40"), learning_outcomes_de="sicher anreißen, sägen und feilen\nMaße prüfen",
            learning_outcomes_en="mark out, saw and file safely\ncheck dimensions",
        )
        for n in range(1, 4)
    ]
    # what the credential's ESCO alignments are read from (skills of the shipped subset)
    ModuleSkill.objects.bulk_create(
        ModuleSkill(module=module, skill_uri=uri, level=2)
        for module in modules
        for uri in ("http://data.europa.eu/esco/skill/d2d9051a-10e1-41c5-9cfb-bbdc58016176",
                    "urn:reintegra:skill:manual-metalworking")
    )
    sessions = [
        Session.objects.create(
            module=module, site=site, instructor=instructor, capacity=count,
            starts_on=today - dt.timedelta(days=60 - 14 * n), ends_on=today - dt.timedelta(days=55 - 14 * n),
        )
        for n, module in enumerate(modules)
    ]
    participants = Participant.objects.bulk_create(
        Participant(
            case_number=f"BENCH-{n:05d}", first_name=f"Person{n}", last_name="Beispiel",
            date_of_birth=dt.date(1980, 1, 1) + dt.timedelta(days=n), origin_country="SY",
            languages=[LANGUAGES[n % len(LANGUAGES)]], site=site, counsellor=counsellor,
            intake_date=today - dt.timedelta(days=90), planned_departure=today + dt.timedelta(days=90),
        )
        for n in range(count)
    )
    plans = Plan.objects.bulk_create(
        Plan(participant=p, version=1, status=PlanStatus.FINAL, agreed_on=today - dt.timedelta(days=80),
             created_by=counsellor)
        for p in participants
    )
    PlanItem.objects.bulk_create(
        PlanItem(plan=plan, module=module, position=position)
        for plan in plans for position, module in enumerate(modules, start=1)
    )
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(session=session, participant=p, enrolled_by=counsellor) for p in participants for session in sessions
    )
    Result.objects.bulk_create(
        Result(enrolment=e, outcome=Outcome.PASSED, recorded_by=instructor, recorded_on=e.session.ends_on)
        for e in enrolments
    )
    return counsellor, participants


def render_slice(ids: list[int]) -> tuple[int, int, float, int, int]:
    """Render the PDFs of these certificates as a print run does (one CertificatePrinter:
    each shared background laid out once); (count, bytes, CPU seconds, backgrounds, fallbacks)."""
    connections.close_all()  # a fresh database connection per process
    started = time.process_time()
    size = 0
    printer = CertificatePrinter()
    for document in certificate_documents(
        certificates=list(Certificate.objects.filter(pk__in=ids).order_by("language", "pk"))
    ):
        size += len(printer.pdf(document=document))
    return len(ids), size, time.process_time() - started, printer.backgrounds_laid_out, printer.fallbacks


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    arguments = parser.parse_args()
    count, workers = arguments.count, max(1, arguments.workers)

    started = time.perf_counter()
    database = connection.vendor
    if database == "sqlite":
        call_command("migrate", verbosity=0)  # the temporary file set above
        run(count, workers, started, database)
        return
    # a server database: a fresh one beside the named one, dropped afterwards
    original_name = settings.DATABASES["default"]["NAME"]
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = f"{original_name}_bench"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        run(count, workers, started, database)
    finally:
        connections.close_all()
        connection.creation.destroy_test_db(original_name, verbosity=0)


def run(count: int, workers: int, started: float, database: str) -> None:
    counsellor, participants = create_data(count)
    setup_seconds = time.perf_counter() - started
    print(f"setup: migrate + {count} participants with 3 passed modules each: {setup_seconds:.1f} s")

    started, cpu_started = time.perf_counter(), time.process_time()
    # as the session's bulk issue does it: queue everyone, then steps of 25 in one transaction each
    session = Session.objects.order_by("-starts_on").first()
    assert session is not None
    batch = certificate_batch_start(acting_user=counsellor, session=session)
    steps = 0
    while batch.finished_at is None:
        certificate_batch_step(batch=batch)
        steps += 1
    ids = list(batch.items.exclude(certificate=None).values_list("certificate_id", flat=True))
    assert len(ids) == count, f"only {len(ids)} of {count} issued"
    issue_seconds = time.perf_counter() - started
    issue_cpu = time.process_time() - cpu_started
    print(f"issue (bulk, {steps} steps; credential signed, audited): {issue_seconds:.1f} s wall"
          f" = {1000 * issue_seconds / count:.1f} ms each"
          f" ({1000 * issue_cpu / count:.1f} ms CPU each)")

    started = time.perf_counter()
    # one language after the other, in contiguous shares: each worker lays out the
    # backgrounds of only its own languages
    ordered = list(Certificate.objects.filter(pk__in=ids).order_by("language", "pk").values_list("pk", flat=True))
    share = -(-len(ordered) // workers)
    slices = [ordered[n * share:(n + 1) * share] for n in range(workers)]
    connections.close_all()
    if workers == 1:
        results = [render_slice(ids)]
    else:
        with get_context("fork").Pool(workers) as pool:
            results = pool.map(render_slice, slices)
    pdf_seconds = time.perf_counter() - started
    pdf_bytes = sum(result[1] for result in results)
    cpu_seconds = sum(result[2] for result in results)
    backgrounds = sum(result[3] for result in results)
    fallbacks = sum(result[4] for result in results)
    print(
        f"PDF ({workers} process{'es' if workers > 1 else ''}): {pdf_seconds:.1f} s wall, "
        f"{1000 * cpu_seconds / count:.0f} ms CPU per PDF, {pdf_bytes / count / 1024:.0f} KiB each; "
        f"{backgrounds} shared backgrounds laid out, {fallbacks} laid out whole (a field did not fit)"
    )
    load = os.getloadavg()[0]
    print(f"machine: {os.cpu_count()} CPUs, load average {load:.1f} (other work slows the wall-clock figures);"
          f" database: {database}")

    started = time.perf_counter()
    keys = issuer_key_document()
    credentials = list(Certificate.objects.values_list("credential", flat=True))
    valid = sum(credential_verify(credential, key_document=keys).valid for credential in credentials)
    verify_seconds = time.perf_counter() - started
    print(f"verify offline: {valid}/{len(credentials)} valid in {verify_seconds:.2f} s")
    assert valid == count

    seconds = issue_seconds + pdf_seconds
    peak_mib = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024
    print(f"peak memory (largest process): {peak_mib:.0f} MiB")
    print(f"total (issue + PDF): {seconds:.1f} s for {count} certificates = {1000 * seconds / count:.1f} ms each"
          f" (target ≤ 60 s for 1,000)")
    print(json.dumps({
        "benchmark": "certificates", "count": count, "database": database, "seconds": round(seconds, 2),
        "per_certificate_ms": round(1000 * seconds / count, 1), "workers": workers,
        "issue_seconds": round(issue_seconds, 2), "pdf_seconds": round(pdf_seconds, 2),
        "cpu_ms_per_certificate": round(1000 * (issue_cpu + cpu_seconds) / count, 1),
        "load_average": round(load, 1), "peak_mib": round(peak_mib),
        "backgrounds": backgrounds, "whole_layouts": fallbacks,
    }))


if __name__ == "__main__":
    main()
