"""Deadline arithmetic: fazhi's cumulative working-day index vs a day-by-day loop.

10^6 deadlines "N working days after START" (START uniform over 2004-2025, N in 1..60)
are computed with `Calendar.add_workdays`; the first 10^5 of the same inputs are also
computed by walking day by day with `chinese_calendar.is_workday`, and the results must
be equal. Times come from time.perf_counter around each whole batch.

    .venv/bin/python bench/workdays.py [--count 1000000] [--naive 100000]

Last line: BENCH workdays fazhi_us=<µs per deadline> naive_us=<µs per deadline>
ratio=<naive/fazhi> n=<count>. Target: ratio >= 1000.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import chinese_calendar

from fazhi.workdays.calendar import build_calendar

FIRST, LAST = date(2004, 1, 1), date(2025, 12, 31)
SEED = 20201014


def make_inputs(count: int) -> tuple[list[date], list[int]]:
    rng = random.Random(SEED)
    span = (LAST - FIRST).days
    starts = [FIRST + timedelta(days=rng.randint(0, span)) for _ in range(count)]
    lengths = [rng.randint(1, 60) for _ in range(count)]
    return starts, lengths


def naive_add_workdays(start: date, n: int) -> date:
    """The loop the project must never write: one package call per calendar day."""
    day, counted = start, 0
    one = timedelta(days=1)
    while counted < n:
        day += one
        if chinese_calendar.is_workday(day):
            counted += 1
    return day


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--naive", type=int, default=100_000)
    parser.add_argument(
        "--repeat", type=int, default=3, help="fazhi runs; the best counts"
    )
    args = parser.parse_args()
    naive_count = min(args.naive, args.count)

    print(
        f"machine: {cpu_model()}, {os.cpu_count()} cores (shared), "
        f"Python {platform.python_version()}, chinese-calendar {chinese_calendar.__version__}"
    )
    print(
        f"inputs: {args.count} (start uniform {FIRST}..{LAST}, n uniform 1..60, seed {SEED}); "
        f"naive peer on the first {naive_count}; clock: time.perf_counter"
    )
    starts, lengths = make_inputs(args.count)

    t0 = time.perf_counter()
    cal = build_calendar()
    print(
        f"calendar built once in {(time.perf_counter() - t0) * 1e3:.1f} ms ({cal.first}..{cal.last})"
    )

    add = cal.add_workdays
    runs = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        fazhi_results = [add(s, n) for s, n in zip(starts, lengths, strict=True)]
        runs.append(time.perf_counter() - t0)
    fazhi_us = min(runs) / args.count * 1e6
    print(
        "fazhi add_workdays: "
        + ", ".join(f"{r:.3f} s" for r in runs)
        + f" for {args.count} -> best {fazhi_us:.3f} µs per deadline"
    )

    ordinal = cal.ordinal
    t0 = time.perf_counter()
    for d in fazhi_results:
        ordinal(d)
    print(
        f"fazhi ordinal (for 'due within N working days'): "
        f"{(time.perf_counter() - t0) / args.count * 1e6:.3f} µs per date"
    )

    calls = 0
    t0 = time.perf_counter()
    naive_results = [
        naive_add_workdays(s, n)
        for s, n in zip(starts[:naive_count], lengths[:naive_count], strict=True)
    ]
    naive_s = time.perf_counter() - t0
    for s, r in zip(starts[:naive_count], naive_results, strict=True):
        calls += (r - s).days
    naive_us = naive_s / naive_count * 1e6
    print(
        f"naive day-by-day loop: {naive_s:.1f} s for {naive_count} -> {naive_us:.1f} µs per deadline "
        f"({calls / naive_count:.1f} is_workday calls each, {naive_s / calls * 1e6:.1f} µs per call)"
    )

    mismatches = sum(a != b for a, b in zip(fazhi_results, naive_results, strict=False))
    if mismatches:
        print(f"FAIL: {mismatches} of {naive_count} results differ")
        sys.exit(1)
    print(f"results: the {naive_count} common deadlines are equal")

    print(
        f"BENCH workdays fazhi_us={fazhi_us:.3f} naive_us={naive_us:.1f} "
        f"ratio={naive_us / fazhi_us:.0f} n={args.count}"
    )


if __name__ == "__main__":
    main()
