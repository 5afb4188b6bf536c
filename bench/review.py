"""Benchmark: review a 20,000-character narrative against 60 indicators.

Usage: .venv/bin/python bench/review.py [--chars 20000] [--indicators 60] [--runs 5]

Builds a deterministic metrics file and narrative (names, numbers, trends, status
words, causes and filler prose), then times the whole review (sentence split,
linking, numbers, rules) and prints a Markdown row for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from assistant.model.metrics import MetricsFile
from assistant.review import review_text
from assistant.scoring import get_framework

TOPICS = ["預算", "陳情案件", "長照服務", "公共運輸", "社會住宅", "資源回收", "空氣品質", "職業訓練", "數位服務",
          "防災演練", "食品抽驗", "道路養護", "用水普及", "圖書借閱", "觀光旅次", "中小企業輔導", "研發計畫",
          "技術移轉", "國際合作", "治安維護"]  # fmt: skip
MEASURES = [
    ("執行率", "%", "higher"),
    ("平均處理天數", "天", "lower"),
    ("服務人次", "人次", "higher"),
]
FILLER = "本機關持續檢討作業流程，並與相關單位密切合作，以提升整體施政效能及民眾滿意度。"


def build(indicators: int, chars: int, seed: int = 11) -> tuple[MetricsFile, str]:
    rng = random.Random(seed)
    goals = []
    items = []
    for n in range(indicators):
        topic = TOPICS[n % len(TOPICS)] + ("" if n < len(TOPICS) else f"第{n // len(TOPICS) + 1}類")
        measure, unit, direction = MEASURES[n % len(MEASURES)]
        target = (
            rng.randint(50, 95)
            if unit == "%"
            else rng.randint(5, 30)
            if unit == "天"
            else rng.randint(1000, 90000)
        )
        actual = round(target * rng.uniform(0.8, 1.15), 1)
        items.append({"id": f"K{n}", "name": topic + measure, "unit": unit, "direction": direction,
                      "target": str(target), "actual": str(actual),
                      "history": {"2021": str(round(actual * 0.95, 1)), "2022": str(round(actual * 0.97, 1))}})  # fmt: skip
    for g in range(0, indicators, 10):
        goals.append(
            {"id": f"G{g // 10}", "name": f"目標{g // 10}", "indicators": items[g : g + 10]}
        )
    metrics = MetricsFile.model_validate(
        {
            "agency": {"id": "bench", "name": "示範機關", "level": "central"},
            "period": "2023",
            "goals": goals,
        }
    )
    parts: list[str] = []
    while sum(map(len, parts)) < chars:
        item = rng.choice(items)
        value = item["actual"] if rng.random() < 0.7 else str(float(item["actual"]) + 3)
        parts.append(
            f"{item['name']}為 {value}{item['unit']}，較去年提升，{rng.choice(['已達成年度目標', '主因人力不足，將加強改善'])}。"
        )
        if rng.random() < 0.5:
            parts.append(FILLER)
        if rng.random() < 0.1:
            parts.append("\n\n")
    return metrics, "".join(parts)[:chars]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chars", type=int, default=20_000)
    parser.add_argument("--indicators", type=int, default=60)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    metrics, text = build(args.indicators, args.chars)
    framework = get_framework("tw-kpi")
    times = []
    flags = []
    for _ in range(args.runs):
        start = time.perf_counter()
        flags = review_text(metrics, framework, text)
        times.append(time.perf_counter() - start)
    print(
        f"| {len(text):,} chars × {args.indicators} indicators | {statistics.median(times):.2f} s "
        f"| {min(times):.2f} s | {max(times):.2f} s | {len(flags)} flags | {args.runs} runs |"
    )


if __name__ == "__main__":
    main()
