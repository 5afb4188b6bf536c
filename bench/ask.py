"""Benchmark: answering a question offline on the seed library.

Usage: .venv/bin/python bench/ask.py [--runs 3]

Builds (once, cached under evals/chat/.cache) a library of the seed report, then measures:
- warm: ``assistant.chat.ask`` in one process over every question of evals/chat/questions.yaml
  (what the API and the UI pay per question once loaded): median, p95, max;
- cold: the ``kaoping ask`` command end to end in a fresh process (imports, model and
  dictionary loading included), median of ``--runs``.
Prints Markdown rows for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "evals/chat"))

from library import SEED, library  # noqa: E402

from assistant.chat import ask  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    lib = library((SEED,))
    questions = [
        q["question"]
        for q in yaml.safe_load((ROOT / "evals/chat/questions.yaml").read_text(encoding="utf-8"))
    ]
    ask(questions[0], lib)  # warm-up: dictionary, embedding model, BM25 index
    times = []
    for question in questions:
        started = time.perf_counter()
        ask(question, lib)
        times.append(time.perf_counter() - started)
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    home = lib.home
    lib.close()
    cold = []
    env = {**os.environ, "KAOPING_HOME": str(home)}
    for _ in range(args.runs):
        started = time.perf_counter()
        subprocess.run([str(ROOT / ".venv/bin/kaoping"), "ask", "韓國財政項目自評的執行效率配分是多少？"],
                       env=env, capture_output=True, check=True)  # fmt: skip
        cold.append(time.perf_counter() - started)
    print(
        "| library | questions | warm median | warm p95 | warm max | `kaoping ask` cold (median) |"
    )
    print("|---|---|---|---|---|---|")
    print(
        f"| seed report ({SEED.stat().st_size // 1000} kB) | {len(times)} | "
        f"{statistics.median(times) * 1000:.0f} ms | {p95 * 1000:.0f} ms | {times[-1] * 1000:.0f} ms | "
        f"{statistics.median(cold):.2f} s |"
    )


if __name__ == "__main__":
    main()
