"""Benchmark of the deadline-aware scheduler on seeded instances.

For each size: completed plans for greedy first-come-first-served, greedy earliest-departure-
first, the optimiser and the LP bound (plus CP-SAT's own proven bound when the blocks are
whole components), the ratios, times and peak memory. Ends with one JSON line.

    python bench/bench_scheduler.py            # 500, 5,000 and 50,000 participants
    python bench/bench_scheduler.py --quick    # skips 50,000
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scheduling.solver import Options, greedy_edf, greedy_fcfs, lp_bound, solve, validate  # noqa: E402
from scheduling.solver.generate import generate  # noqa: E402
from scheduling.solver.prepare import Index  # noqa: E402

TIME_LIMITS = {500: 10.0, 5000: 60.0, 50000: 540.0}


def run(size: int, *, seed: int, tightness: float, check: bool, trace: bool) -> dict[str, object]:
    if trace:
        tracemalloc.start()  # exact Python peak, but slows allocation-heavy code two- to threefold
    started = time.perf_counter()
    instance = generate(participants=size, seed=seed, tightness=tightness, pins=0.1)
    generated = time.perf_counter() - started
    index = Index(instance)
    t0 = time.perf_counter()
    fcfs = greedy_fcfs(instance, index)
    edf = greedy_edf(instance, index)
    greedy_seconds = time.perf_counter() - t0
    t0 = time.perf_counter()
    bound = lp_bound(instance, index)
    bound_seconds = time.perf_counter() - t0
    limit = TIME_LIMITS.get(size, 60.0)
    t0 = time.perf_counter()
    best = solve(instance, Options(time_limit=limit, deterministic_time_per_participant=0.02))
    solve_seconds = time.perf_counter() - t0
    peak = 0
    if trace:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux: process peak so far
    problems = validate(instance, best) if check else []
    row = {
        "participants": size,
        "sessions": len(instance.sessions),
        "tightness": tightness,
        "greedy_fcfs": fcfs.completed_count,
        "greedy_edf": edf.completed_count,
        "optimizer": best.completed_count,
        "lp_bound": bound,
        "proven_bound": best.stats.get("proven_bound", -1),
        "optimizer_over_bound": round(best.completed_count / bound, 4) if bound else 1.0,
        "optimizer_over_fcfs": round(best.completed_count / max(1, fcfs.completed_count), 3),
        "optimizer_over_edf": round(best.completed_count / max(1, edf.completed_count), 3),
        "optimizer_hours": best.hours,
        "blocks": best.blocks,
        "time_limit_s": limit,
        "solve_s": round(solve_seconds, 2),
        "bound_s": round(bound_seconds, 2),
        "greedy_s": round(greedy_seconds, 2),
        "generate_s": round(generated, 2),
        "peak_traced_mb": round(peak / 2**20, 1) if trace else None,
        "peak_rss_mb_so_far": round(rss, 1),
        "valid": not problems,
    }
    print(
        f"{size:>6} people, {len(instance.sessions):>5} sessions: FCFS {fcfs.completed_count}, "
        f"EDF {edf.completed_count}, optimiser {best.completed_count}, LP bound {bound}, "
        f"proven bound {row['proven_bound']} | opt/bound {row['optimizer_over_bound']:.3f}, "
        f"opt/FCFS {row['optimizer_over_fcfs']:.2f} | solve {solve_seconds:.1f}s (limit {limit:.0f}s), "
        f"LP {bound_seconds:.1f}s | peak RSS so far {row['peak_rss_mb_so_far']} MB | valid {not problems}",
        flush=True,
    )
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="skip 50,000 participants")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--tightness", type=float, default=1.3, help="demand over seats (above 1 is tight)")
    parser.add_argument("--no-check", action="store_true", help="skip the validator")
    parser.add_argument("--trace-memory", action="store_true", help="tracemalloc peak (slow)")
    args = parser.parse_args()
    sizes = [500, 5000] if args.quick else [500, 5000, 50000]
    rows = [run(size, seed=args.seed, tightness=args.tightness, check=not args.no_check, trace=args.trace_memory)
            for size in sizes]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"benchmark": "scheduler", "seed": args.seed, "max_rss_mb": round(rss, 1), "runs": rows}))


if __name__ == "__main__":
    main()
