"""Benchmark: load, validate and score many metrics files offline.

Usage: .venv/bin/python bench/score.py [--agencies 1000] [--indicators 8]

Generates a batch CSV in a temp folder (deterministic seed), then times
(1) loading the table into validated metrics files and (2) scoring each under
tw-kpi and rendering the §4.1 JSON. Prints a Markdown row for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import random
import resource
import tempfile
import time
from pathlib import Path

from assistant.model import load_table
from assistant.scoring import get_framework, report_json, score_metrics

COLUMNS = [
    "agency_id", "agency_name", "level", "period", "framework", "goal_id", "goal_name", "goal_weight",
    "indicator_id", "indicator_name", "type", "unit", "direction", "baseline", "target", "actual",
    "weight", "self_rating", "history_2021", "history_2022",
]  # fmt: skip


def write_table(path: Path, agencies: int, indicators: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for a in range(agencies):
            for i in range(indicators):
                goal = i % 2 + 1
                direction = "lower" if i % 4 == 3 else "higher"
                target = round(rng.uniform(50, 100), 1)
                actual = "" if rng.random() < 0.02 else round(target * rng.uniform(0.7, 1.2), 1)
                writer.writerow([
                    f"agency-{a:04d}", f"示範機關{a:04d}", "central", "2023", "tw-kpi",
                    f"G{goal}", f"目標{goal}", 50, f"G{goal}.{i}", f"指標{i}", "outcome", "%",
                    direction, round(target * 0.9, 1), target, actual, "", "green",
                    round(target * 0.85, 1), round(target * 0.9, 1),
                ])  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--agencies", type=int, default=1000)
    parser.add_argument("--indicators", type=int, default=8)
    args = parser.parse_args()
    framework = get_framework("tw-kpi")
    with tempfile.TemporaryDirectory() as tmp:
        table_path = Path(tmp) / "batch.csv"
        write_table(table_path, args.agencies, args.indicators)
        start = time.perf_counter()
        table = load_table(table_path)
        loaded = time.perf_counter()
        size = 0
        for item in table.agencies:
            size += len(
                json.dumps(report_json(score_metrics(item.metrics, framework)), ensure_ascii=False)
            )
        scored = time.perf_counter()
    assert not table.failures and len(table.agencies) == args.agencies
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    total = scored - start
    print(
        f"| {args.agencies} × {args.indicators} | {loaded - start:.2f} s | {scored - loaded:.2f} s "
        f"| {args.agencies / total:.0f} | {peak_mb:.0f} MB | Python {platform.python_version()} |"
    )


if __name__ == "__main__":
    main()
