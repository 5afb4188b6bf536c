"""Fit the "do the passages answer?" model on the development questions and write it.

Usage: .venv/bin/python evals/chat/calibrate.py [--max-declined 0.08]

Sets: the development set (evals/retrieval/questions.yaml, over the seed and the handbook) and
the chat sets whose first blind run is recorded in HISTORY.md (``--sets``); never a blind set
before its first run. Features come from the same code the service runs
(assistant.chat.service.retrieve). A class-weighted L2 logistic regression
(assistant.logistic) gives the weights;
the threshold is the highest one that wrongly declines at most ``--max-declined`` of the
answerable questions, counting those the service declines before the model is asked (no quote,
an instruction, a kind of value no quote states). Written to assistant/chat/calibration.yaml with the
numbers it reached, so the file says where it came from.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from library import SETS, library, unseen  # noqa: E402

from assistant import logistic  # noqa: E402
from assistant.chat.answerable import CALIBRATION, FEATURES, Evidence  # noqa: E402
from assistant.chat.conversation import Turn, carried  # noqa: E402
from assistant.chat.service import refused, retrieve  # noqa: E402


def features(names: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """Evidence per question, asked the way the service asks it (a follow-up carries its parent),
    and whether the service declines it before the model is asked (refused)."""
    rows, labels, gated, ids = [], [], [], []
    for name in names:
        path, docs = SETS[name]
        lib = library(docs)
        questions = yaml.safe_load(path.read_text(encoding="utf-8"))
        by_id = {q["id"]: q for q in questions}
        for q in questions:
            question = q["question"]
            parent = by_id.get(q.get("follow_up_of") or "")
            if parent is not None:
                question = carried(question, Turn(parent["question"], parent["question"], "", True))
            found = retrieve(question, lib, 5)
            evidence: Evidence = found.evidence
            rows.append(evidence.vector())
            gated.append(refused(question, found))
            labels.append(1.0 if q["answerable"] else 0.0)
            ids.append(f"{name}:{q['id']}")
    return np.array(rows), np.array(labels), np.array(gated), ids


L2 = 0.1  # the penalty's strength (scikit-learn's C is its inverse)


def fit_standardised(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Weights on raw features, bias first; fitted on standardised features so the L2 penalty
    treats them alike, with both classes weighed alike (unanswerable questions are few)."""
    intercept, weights = logistic.fit_standardised(x, y, c=1 / L2, balanced=True).raw()
    return np.r_[intercept, weights]


def probabilities(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-(np.hstack([np.ones((len(x), 1)), x]) @ w)))


def threshold_for(p: np.ndarray, y: np.ndarray, gated: np.ndarray, max_declined: float) -> float:
    """The highest threshold that declines at most ``max_declined`` of the answerable questions,
    counting those the service declines anyway (gated) first."""
    answerable = np.sort(p[(y == 1) & ~gated])
    allowed = int(np.floor(max_declined * np.sum(y == 1))) - int(np.sum((y == 1) & gated))
    if allowed < 0:
        return 0.0
    return float(answerable[allowed]) if allowed < len(answerable) else 0.5


def cross_validated(
    x: np.ndarray, y: np.ndarray, gated: np.ndarray, max_declined: float, folds: int = 10
) -> tuple[float, float]:
    """Declined and detected rates (gates included) when each fold is judged by a model fitted
    on the others."""
    order = np.arange(len(y)) % folds
    declined = detected = 0
    for fold in range(folds):
        train, test = order != fold, order == fold
        w = fit_standardised(x[train], y[train])
        t = threshold_for(probabilities(w, x[train]), y[train], gated[train], max_declined)
        no = (probabilities(w, x[test]) < t) | gated[test]
        declined += int(np.sum(no & (y[test] == 1)))
        detected += int(np.sum(no & (y[test] == 0)))
    return declined / float(np.sum(y == 1)), detected / float(np.sum(y == 0))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--max-declined", type=float, default=0.08)
    parser.add_argument("--sets", default="dev,chat")
    args = parser.parse_args()
    names = args.sets.split(",")
    for name in names:
        if name not in SETS or unseen(name):
            parser.error(f"{name}: not a set, or a blind set before its first run")
    x, y, gated, _ = features(names)
    w = fit_standardised(x, y)
    p = probabilities(w, x)
    threshold = threshold_for(p, y, gated, args.max_declined)
    cv_declined, cv_detected = cross_validated(x, y, gated, args.max_declined)
    declined = (p < threshold) | gated
    model = {
        "bias": round(float(w[0]), 6),
        "weights": {name: round(float(v), 6) for name, v in zip(FEATURES, w[1:], strict=True)},
        "threshold": round(threshold, 6),
        "fitted_on": {
            "sets": names,
            "answerable": int(y.sum()),
            "unanswerable": int(len(y) - y.sum()),
            "answerable_declined": round(float(np.mean(declined[y == 1])), 3),
            "unanswerable_detected": round(float(np.mean(declined[y == 0])), 3),
            "cross_validated_declined": round(cv_declined, 3),
            "cross_validated_detected": round(cv_detected, 3),
            "command": f"python evals/chat/calibrate.py --sets {args.sets} --max-declined {args.max_declined}",
        },
    }
    header = (
        "# Written by evals/chat/calibrate.py: the model that decides whether passages answer.\n"
    )
    CALIBRATION.write_text(
        header + yaml.safe_dump(model, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    print(yaml.safe_dump(model, sort_keys=False, allow_unicode=True))


if __name__ == "__main__":
    main()
