"""Benchmark of the deadline-aware scheduler on the seeded instance families.

For every family and size: completed plans of each greedy (first-come-first-served,
earliest-departure-first, whole plans earliest-departure-first), the optimiser, the best
proven bound (the smallest of: the class-aggregated LP or, above its size limit, the
Lagrangian bound; CP-SAT's own bound when the optimiser solved whole groups exactly; the
Lagrangian bound the optimiser computes for its seat prices), the ratios, times, peak
memory (ru_maxrss of a fresh process per run) and the workers. Ends with one JSON line.
The machine's load average is printed beside.

    python bench/bench_scheduler.py                                   # every family, 500 and 5,000
    python bench/bench_scheduler.py --families peaks --sizes 50000    # one family at 50,000
    python bench/bench_scheduler.py --quick                           # 500 only
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scheduling.solver import Options, greedy_edf, greedy_fcfs, greedy_whole_edf, solve, validate  # noqa: E402
from scheduling.solver.bound import class_bound  # noqa: E402
from scheduling.solver.generate import FAMILIES, SIZES, family  # noqa: E402
from scheduling.solver.prepare import Index  # noqa: E402

TIME_LIMITS = {500: 10.0, 5000: 60.0, 50000: 540.0}


def run(name: str, size: int, *, seed: int, workers: int, limit: float, check: bool) -> dict[str, Any]:
    load = os.getloadavg()[0]
    started = time.perf_counter()
    instance = family(name, participants=size, seed=seed)
    generated = time.perf_counter() - started
    t0 = time.perf_counter()
    index = Index(instance)
    greedies = [greedy_fcfs(instance, index), greedy_edf(instance, index), greedy_whole_edf(instance, index)]
    greedy_seconds = time.perf_counter() - t0
    t0 = time.perf_counter()
    bound_report: dict[str, float] = {}
    lp = class_bound(instance, index, report=bound_report)
    bound_seconds = time.perf_counter() - t0
    bound_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    del index
    t0 = time.perf_counter()
    # the proven bound lets the search stop once it holds that many plans (nothing left to gain)
    best = solve(instance, Options(time_limit=limit, num_workers=workers), bound=lp)
    solve_seconds = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    problems = validate(instance, best) if check else []
    proven = int(best.stats.get("proven_bound", -1))
    own = int(best.stats.get("lagrangian_bound", -1))  # the optimiser's own price step
    bound = min(b for b in (lp, proven, own) if b >= 0)
    best_greedy = max(g.completed_count for g in greedies)
    row: dict[str, Any] = {
        "family": name,
        "participants": size,
        "sessions": len(instance.sessions),
        "workers": workers,
        **{g.method: g.completed_count for g in greedies},
        "optimizer": best.completed_count,
        "optimizer_status": best.status,
        "class_lp_bound": lp,
        "bound_method": "lagrangian" if bound_report.get("method_lagrangian") else "class LP",
        "bound_iterations": int(bound_report.get("iterations", 0)),
        "cpsat_bound": proven,
        "optimizer_lagrangian_bound": own,
        "priced_start": int(best.stats.get("priced_start", -1)),
        "rounded_start": int(best.stats.get("rounded_start", -1)),
        "best_bound": bound,
        "optimizer_over_bound": round(best.completed_count / bound, 4) if bound else 1.0,
        "optimizer_over_best_greedy": round(best.completed_count / max(1, best_greedy), 4),
        "time_limit_s": limit,
        "solve_s": round(solve_seconds, 1),
        "bound_s": round(bound_seconds, 1),
        "greedy_s": round(greedy_seconds, 1),
        "generate_s": round(generated, 1),
        "peak_rss_mb_bound": round(bound_rss, 1),
        "peak_rss_mb": round(rss, 1),
        "lns_rounds": int(best.stats.get("lns_rounds", 0)),
        "valid": not problems,
        "load_before": round(load, 2),
        "load_after": round(os.getloadavg()[0], 2),
    }
    return row


def _child(queue: Any, *args: Any, **kwargs: Any) -> None:
    queue.put(run(*args, **kwargs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--families", default=",".join(FAMILIES), help=f"comma-separated, of {', '.join(FAMILIES)}")
    parser.add_argument("--sizes", default="500,5000", help=f"comma-separated (the families are tuned at {SIZES})")
    parser.add_argument("--quick", action="store_true", help="500 participants only")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--time-limit", type=float, help="seconds per solve (default: 10/60/540 by size)")
    parser.add_argument("--no-check", action="store_true", help="skip the validator")
    args = parser.parse_args()
    sizes = [500] if args.quick else [int(s) for s in args.sizes.split(",")]
    rows = []
    context = multiprocessing.get_context("fork")
    for name in args.families.split(","):
        for size in sizes:
            limit = args.time_limit or TIME_LIMITS.get(size, 60.0)
            queue = context.Queue()
            # a fresh process per run: ru_maxrss is then this run's peak, not the benchmark's
            child = context.Process(target=_child, args=(queue, name, size),
                                    kwargs={"seed": args.seed, "workers": args.workers, "limit": limit,
                                            "check": not args.no_check})
            child.start()
            row = queue.get()
            child.join()
            rows.append(row)
            print(
                f"{name:>6} {size:>6} people, {row['sessions']:>5} sessions, {args.workers} worker(s): "
                f"FCFS {row['greedy_fcfs']}, EDF {row['greedy_edf']}, whole-plan EDF {row['greedy_whole_edf']} | "
                f"optimiser {row['optimizer']} ({row['optimizer_status']}) | bound {row['best_bound']} "
                f"({row['bound_method']} {row['class_lp_bound']}, CP-SAT {row['cpsat_bound']}) | "
                f"opt/bound {row['optimizer_over_bound']:.3f}, "
                f"opt/best greedy {row['optimizer_over_best_greedy']:.3f} | "
                f"solve {row['solve_s']}s of {limit:.0f}s, bound {row['bound_s']}s | "
                f"peak RSS {row['peak_rss_mb']} MB | "
                f"valid {row['valid']} | load {row['load_before']}→{row['load_after']}",
                flush=True,
            )
    print(json.dumps({"benchmark": "scheduler", "seed": args.seed, "workers": args.workers, "runs": rows}))


if __name__ == "__main__":
    main()
