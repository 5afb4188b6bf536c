"""Review eval: precision and recall per flag kind on the labelled cases.

Usage: .venv/bin/python evals/review/run.py [--write]   (--write updates RESULTS.md)

A predicted flag matches an expected one when kind and indicator agree and, where
the label gives a quote, the flagged sentence contains it (whitespace ignored: PDF
text spaces numbers differently). Unmatched predictions are false positives; a
false positive quoting one of the case's traps is listed as a trap violation.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from assistant.model import load_metrics  # noqa: E402
from assistant.review import FlagKind, load_narrative, review  # noqa: E402
from assistant.scoring import get_framework  # noqa: E402

sys.path.insert(0, str(ROOT / "evals"))
from results import write_results  # noqa: E402

HERE = Path(__file__).resolve().parent
SETS = {
    "cases": "development set (the rules were tuned on it)",
    "holdout": "first held-out set (studied after its first run)",
    "blind2": "second blind set (studied after its first run)",
    "blind3": "third blind set (studied after its first run)",
    "blind4": "fourth blind set (studied after its first run)",
    "blind5": "fifth blind set (studied after its first run)",
    "blind6": "sixth blind set (studied after its first run)",
    "blind7": "seventh blind set (studied after its first run)",
    "blind8": "eighth blind set (studied after its first run)",
    "blind9": "ninth blind set (written without sight of the rules or the other sets)",
}
RESULTS = HERE / "RESULTS.md"


def _squash(text: str | None) -> str:
    return re.sub(r"\s+", "", str(text) if text is not None else "")


@dataclass
class Tally:
    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    clean_flags: int = 0
    clean_cases: int = 0
    trap_violations: int = 0


def narrative_path(case: Path, fmt: str) -> Path:
    return case / f"narrative.{fmt}"


def run_case(case: Path, tally: Tally) -> None:
    spec = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))
    loaded = load_metrics(case / "metrics.yaml")
    framework = get_framework(loaded.metrics.framework)
    narrative = load_narrative(narrative_path(case, spec.get("format", "md")))
    flags = review(loaded.metrics, framework, narrative)
    expected = list(spec.get("expected") or [])
    unmatched = list(flags)
    for item in expected:
        match = next(
            (
                f for f in unmatched
                if f.kind.value == item["kind"] and f.indicator_id == item.get("indicator_id")
                and (not item.get("quote") or not f.quote or _squash(item["quote"]) in _squash(f.quote))
            ),
            None,
        )  # fmt: skip
        if match is None:
            tally.fn[item["kind"]] += 1
            tally.notes.append(
                f"- {case.name}: missed {item['kind']} {item.get('indicator_id')} «{item.get('quote', '')}»"
            )
        else:
            tally.tp[item["kind"]] += 1
            unmatched.remove(match)
    traps = [_squash(t) for t in spec.get("traps") or []]
    for flag in unmatched:
        tally.fp[flag.kind.value] += 1
        trap = any(t and t in _squash(flag.quote) for t in traps)
        tally.trap_violations += trap
        tally.notes.append(
            f"- {case.name}: extra {flag.kind.value} {flag.indicator_id} «{flag.quote or ''}»"
            + (" (trap)" if trap else "")
        )
    if not expected:
        tally.clean_cases += 1
        tally.clean_flags += len(flags)


def ratio(numerator: int, denominator: int) -> str:
    return f"{numerator / denominator:.3f}" if denominator else "—"


def report(tally: Tally, cases: int) -> str:
    rows = [
        "| kind | expected | found | TP | FP | FN | precision | recall |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for kind in FlagKind:
        k = kind.value
        tp, fp, fn = tally.tp[k], tally.fp[k], tally.fn[k]
        rows.append(
            f"| {k} | {tp + fn} | {tp + fp} | {tp} | {fp} | {fn} | {ratio(tp, tp + fp)} | {ratio(tp, tp + fn)} |"
        )
    tp, fp, fn = sum(tally.tp.values()), sum(tally.fp.values()), sum(tally.fn.values())
    rows.append(
        f"| **overall** | {tp + fn} | {tp + fp} | {tp} | {fp} | {fn} | **{ratio(tp, tp + fp)}** | **{ratio(tp, tp + fn)}** |"
    )
    lines = [
        f"Cases: {cases} ({tally.clean_cases} clean narratives). "
        f"Flags on clean narratives: {tally.clean_flags}. Trap violations: {tally.trap_violations}.",
        "",
        *rows,
        "",
        "Misses and extras:" if tally.notes else "No misses and no extras.",
        "",
        *tally.notes,
    ]
    return "\n".join(lines) + "\n"


def run_set(name: str) -> tuple[Tally, int]:
    tally = Tally()
    cases = sorted(p for p in (HERE / name).iterdir() if p.is_dir())
    for case in cases:
        run_case(case, tally)
    return tally, len(cases)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", action="store_true", help="update evals/review/RESULTS.md")
    args = parser.parse_args()
    sections = []
    overall = Tally()
    total = 0
    for name, title in SETS.items():
        tally, count = run_set(name)
        total += count
        for field_name in ("tp", "fp", "fn"):
            getattr(overall, field_name).update(getattr(tally, field_name))
        overall.clean_flags += tally.clean_flags
        overall.clean_cases += tally.clean_cases
        overall.trap_violations += tally.trap_violations
        sections.append(f"## {title}: `evals/review/{name}/`\n\n" + report(tally, count))
    summary = report(
        Tally(
            overall.tp,
            overall.fp,
            overall.fn,
            [],
            overall.clean_flags,
            overall.clean_cases,
            overall.trap_violations,
        ),
        total,
    )
    body = "\n".join(sections) + "\n## All sets together\n\n" + summary
    print(body)
    if args.write:
        write_results(
            RESULTS, "Review eval results", ".venv/bin/python evals/review/run.py --write", body,
            preface=(HERE / "HISTORY.md").read_text(encoding="utf-8"),
        )  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
