"""Benchmark: the offline batch end to end on 1,000 agencies × 8 indicators.

Usage: .venv/bin/python bench/batch.py [--agencies 1000] [--formats md,docx] [--jobs 1 2]

Generates the table with bench/score.py's generator (fixed seed), then runs ``kaoping batch``
in a fresh process per setting and reports wall time, agencies per second and the peak memory
of the batch process and its workers. Target: under 120 s with --jobs 2, peak under 2 GB.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from score import write_table  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--agencies", type=int, default=1000)
    parser.add_argument("--formats", default="md,docx")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    print(
        "| agencies × indicators | formats | jobs | wall time | agencies / s | peak RSS (batch + workers) |"
    )
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        table = Path(tmp) / "table.csv"
        write_table(table, args.agencies, 8)
        for jobs in args.jobs:
            out = Path(tmp) / f"out-{jobs}"
            started = time.perf_counter()
            subprocess.run(
                [str(ROOT / ".venv/bin/kaoping"), "batch", str(table), "--out", str(out),
                 "--formats", args.formats, "--jobs", str(jobs)],
                check=False, capture_output=True, env={"KAOPING_HOME": str(Path(tmp) / "home"), "PATH": "/usr/bin:/bin"},
            )  # fmt: skip
            seconds = time.perf_counter() - started
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            print(f"| {args.agencies} × 8 | {args.formats} | {jobs} | {seconds:.1f} s | "
                  f"{args.agencies / seconds:.1f} | {peak:.0f} MB |")  # fmt: skip


if __name__ == "__main__":
    main()
