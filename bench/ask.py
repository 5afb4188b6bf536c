"""Benchmark: answering a question offline on the seed library.

Usage: .venv/bin/python bench/ask.py [--runs 3]

Builds (once, cached under evals/chat/.cache) a library of the seed report, then measures:
- warm: ``assistant.chat.ask`` in one process over every question of evals/chat/questions.yaml
  (what the API and the UI pay per question once loaded): median, p95, max;
- cold: the ``kaoping ask`` command end to end in a fresh process with no resident
  (``KAOPING_RESIDENT_MINUTES=0``: imports, model and dictionary loading included), median of
  ``--runs``;
- the command as an officer meets it: the first ``kaoping ask`` (which starts the resident
  answering process, assistant/cli/resident.py), then every question of the set as its own
  ``kaoping ask`` process answered by that resident: median, p95, max, end to end. Three
  times, each with a new resident: on a library never asked before (no quote-window opening
  kept yet: each is embedded when a question first needs it, or by the resident while it
  waits), the questions back to back right after the first; on a library never asked before,
  the questions after the resident, idle after the first, has kept every opening (the wait is
  printed); then on a library in use: first asked, in one process, every question of the
  other sets (evals/chat/blind*, the retrieval set), whose openings it keeps in its catalog;
  the share of the library's openings kept is printed.
The warm pass and the cold commands also start from a library never asked before.
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
from assistant.cli import resident  # noqa: E402
from retrieval.library import Library  # noqa: E402
from retrieval.windows import openings  # noqa: E402

KAOPING = str(ROOT / ".venv/bin/kaoping")
OTHER_SETS = [
    *sorted(str(p.relative_to(ROOT)) for p in ROOT.glob("evals/chat/blind*/questions.yaml")),
    "evals/retrieval/questions.yaml",
]


def _command(question: str, env: dict[str, str]) -> float:
    """Seconds for one ``kaoping ask QUESTION`` process, end to end."""
    started = time.perf_counter()
    subprocess.run([KAOPING, "ask", question], env=env, capture_output=True, check=True)
    return time.perf_counter() - started


def _p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[int(0.95 * (len(ordered) - 1))]


def _processes(
    questions: list[str], env: dict[str, str], warmed: tuple[Library, int] | None = None
) -> tuple[float, list[float], float | None]:
    """A new resident: the first command (which starts it), then one command per question.

    With ``warmed`` (the library and its number of openings), the questions wait until the
    resident, idle after the first, has kept every opening; the seconds that took are returned."""
    socket = resident.socket_path()
    resident.stop(socket)
    first = _command(questions[0], env)
    waited = None
    if warmed:
        started = time.perf_counter()
        while warmed[0].catalog.opening_count() < warmed[1] and time.perf_counter() - started < 600:
            time.sleep(0.2)
        waited = time.perf_counter() - started
    commands = [_command(question, env) for question in questions]
    resident.stop(socket)
    return first, commands, waited


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    lib = library((SEED,))
    questions = [
        q["question"]
        for q in yaml.safe_load((ROOT / "evals/chat/questions.yaml").read_text(encoding="utf-8"))
    ]
    warmup = "這份報告是哪一年出版的？"  # not in the set: loads dictionary, model, BM25 index
    ask(warmup, lib)
    lib.catalog.forget_openings()  # a library never asked before
    times = []
    for question in questions:
        started = time.perf_counter()
        ask(question, lib)
        times.append(time.perf_counter() - started)
    lib.catalog.forget_openings()  # a library never asked before
    home = lib.home
    env = {**os.environ, "KAOPING_HOME": str(home)}
    off = {**env, "KAOPING_RESIDENT_MINUTES": "0"}
    cold = [_command("韓國財政項目自評的執行效率配分是多少？", off) for _ in range(args.runs)]
    lib.catalog.forget_openings()  # a library never asked before
    on = {**env, "KAOPING_RESIDENT_MINUTES": "10"}
    os.environ.update(on)
    all_openings = sum(len(openings(c.text, c.heading)) for c in lib.catalog.chunks())
    runs = {"never asked before, questions back to back": _processes(questions, on)}
    lib.catalog.forget_openings()  # a library never asked before
    first, commands, waited = _processes(questions, on, (lib, all_openings))
    runs[f"never asked before, after the resident warmed it ({waited:.0f} s idle)"] = (
        first,
        commands,
        waited,
    )
    lib.catalog.forget_openings()  # a library never asked before
    others = [q["question"] for name in OTHER_SETS for q in yaml.safe_load(
        (ROOT / name).read_text(encoding="utf-8"))]  # fmt: skip
    for question in others:
        ask(question, lib)
    kept = lib.catalog.opening_count()
    lib.close()
    runs[f"in use: {len(others)} other questions asked, {kept} of {all_openings} openings kept"] = (
        _processes(questions, on)
    )
    print(
        "| library | questions | warm median | warm p95 | warm max "
        "| `kaoping ask` without a resident (median) |"
    )
    print("|---|---|---|---|---|---|")
    print(
        f"| seed report ({SEED.stat().st_size // 1000} kB) | {len(times)} | "
        f"{statistics.median(times) * 1000:.0f} ms | {_p95(times) * 1000:.0f} ms | "
        f"{max(times) * 1000:.0f} ms | {statistics.median(cold):.2f} s |"
    )
    print()
    print(
        "| library | `kaoping ask` processes | first (starts the resident) | then: median "
        "| p95 | max |"
    )
    print("|---|---|---|---|---|---|")
    for label, (first, commands, _) in runs.items():
        print(
            f"| {label} | {1 + len(commands)} | {first:.2f} s | "
            f"{statistics.median(commands) * 1000:.0f} ms | {_p95(commands) * 1000:.0f} ms | "
            f"{max(commands) * 1000:.0f} ms |"
        )


if __name__ == "__main__":
    main()
