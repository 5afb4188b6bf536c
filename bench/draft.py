"""Benchmark: offline drafting of one agency's report, and its exports.

Usage: .venv/bin/python bench/draft.py [--runs 20]

Times, on ``evals/drafting/cases`` files with about 10 indicators (and on the
three examples): scoring + the deterministic drafter + the draft JSON (the
"offline draft" the issue targets at under 200 ms), then the chart (rendered once per
draft and shared by the formats) and each export (Markdown, DOCX, ODT) on its own. Prints Markdown rows for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from assistant.drafting import draft_json, write_draft
from assistant.export import charts
from assistant.export.draft_docx import draft_docx
from assistant.export.draft_markdown import draft_markdown
from assistant.export.draft_odt import draft_odt
from assistant.model import load_metrics
from assistant.scoring import get_framework

ROOT = Path(__file__).resolve().parents[1]


def _median_ms(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    fn()  # warm: templates, catalogs and fonts are loaded once per process
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    files = [p for p in sorted((ROOT / "evals/drafting/cases").glob("*.yaml"))]
    picked = []
    for path in files:
        data = load_metrics(path).metrics
        if len(data.indicators()) == 10:
            picked.append(path)
    picked = picked[:3] + sorted((ROOT / "examples").glob("*.yaml"))
    print(
        "| file | indicators | draft (score + text + JSON) | chart (PNG) | Markdown | DOCX | ODT |"
    )
    print("|---|---|---|---|---|---|---|")
    for path in picked:
        print(_row(path, args.runs))


def _row(path: Path, runs: int) -> str:
    data = load_metrics(path).metrics
    fw = get_framework(data.framework)
    draft_ms, draft_max = _median_ms(lambda: draft_json(write_draft(data, fw)), runs)
    doc = draft_json(write_draft(data, fw))
    chart_ms, _ = _median_ms(lambda: charts._render(doc, doc["lang"]), 5)  # uncached
    md_ms, _ = _median_ms(lambda: draft_markdown(doc, "c.png"), 5)
    docx_ms, _ = _median_ms(lambda: draft_docx(doc), 5)
    odt_ms, _ = _median_ms(lambda: draft_odt(doc), 5)
    return (
        f"| {path.name} | {len(data.indicators())} | {draft_ms:.1f} ms (max {draft_max:.1f}) "
        f"| {chart_ms:.0f} ms | {md_ms:.1f} ms | {docx_ms:.0f} ms | {odt_ms:.0f} ms |"
    )


if __name__ == "__main__":
    main()
