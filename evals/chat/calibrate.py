"""Fit the "do the passages answer?" model on the development questions and write it.

Usage: .venv/bin/python evals/chat/calibrate.py [--max-declined 0.08]

Development set: evals/retrieval/questions.yaml (49 answerable, 7 unanswerable, over the seed
and the handbook), never the blind chat set. Features come from the same code the service
runs (assistant.chat.service.retrieve). A logistic regression (L2, Newton steps) gives the
weights; the threshold is the highest one that wrongly declines at most ``--max-declined`` of
the answerable development questions. Written to assistant/chat/calibration.yaml with the
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

from library import DEV_DOCS, library  # noqa: E402

from assistant.chat.answerable import CALIBRATION, FEATURES, Evidence  # noqa: E402
from assistant.chat.service import retrieve  # noqa: E402

DEV = ROOT / "evals/retrieval/questions.yaml"


def features(questions: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    lib = library(DEV_DOCS)
    rows, labels = [], []
    for q in questions:
        evidence: Evidence = retrieve(q["question"], lib, 5).evidence
        rows.append(evidence.vector())
        labels.append(1.0 if q["answerable"] else 0.0)
    return np.array(rows), np.array(labels)


def fit(x: np.ndarray, y: np.ndarray, l2: float = 0.1, steps: int = 50) -> np.ndarray:
    """Logistic regression with an intercept, by Newton's method (tiny data, no library needed)."""
    xb = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(xb.shape[1])
    # unanswerable questions are few: weigh them so both classes count equally
    weight = np.where(y == 1, 0.5 / y.mean(), 0.5 / (1 - y.mean()))
    for _ in range(steps):
        p = 1 / (1 + np.exp(-xb @ w))
        grad = xb.T @ (weight * (p - y)) + l2 * np.r_[0, w[1:]]
        hess = (xb.T * (weight * p * (1 - p))) @ xb + l2 * np.diag(np.r_[0, np.ones(len(w) - 1)])
        w -= np.linalg.solve(hess, grad)
    return w


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--max-declined", type=float, default=0.08)
    args = parser.parse_args()
    questions = yaml.safe_load(DEV.read_text(encoding="utf-8"))
    x, y = features(questions)
    mean, std = x.mean(axis=0), x.std(axis=0)
    std[std == 0] = 1.0
    z = fit((x - mean) / std, y)  # on standardised features, so the L2 penalty treats them alike
    w = np.r_[z[0] - np.sum(z[1:] * mean / std), z[1:] / std]
    p = 1 / (1 + np.exp(-(np.hstack([np.ones((len(x), 1)), x]) @ w)))
    answerable = np.sort(p[y == 1])
    allowed = int(np.floor(args.max_declined * len(answerable)))
    threshold = float(answerable[allowed]) if allowed < len(answerable) else 0.5
    declined = float(np.mean(p[y == 1] < threshold))
    detected = float(np.mean(p[y == 0] < threshold))
    model = {
        "bias": round(float(w[0]), 6),
        "weights": {name: round(float(v), 6) for name, v in zip(FEATURES, w[1:], strict=True)},
        "threshold": round(threshold, 6),
        "fitted_on": {
            "questions": str(DEV.relative_to(ROOT)),
            "answerable": int(y.sum()),
            "unanswerable": int(len(y) - y.sum()),
            "answerable_declined": round(declined, 3),
            "unanswerable_detected": round(detected, 3),
            "command": "python evals/chat/calibrate.py",
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
