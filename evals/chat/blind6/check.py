#!/usr/bin/env python3
"""Validate evals/chat/blind6/questions.yaml (the shared checks: evals/chat/blind_check.py).
Prints the counts and OK on success, otherwise the problems, and exits 1."""

import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from blind_check import check  # noqa: E402

MIN = {
    "answerable": 90,
    "seed": 25,
    "guideline": 25,
    "rules": 25,
    "english": 10,
    "follow_up": 8,
    "unanswerable": 30,
    "in_domain_none": 22,
    "out_of_scope": 8,
}
OUT_OF_SCOPE_IDS = {f"h{n:03d}" for n in range(206, 213 + 1)}

if __name__ == "__main__":
    sys.exit(check(HERE / "questions.yaml", MIN, OUT_OF_SCOPE_IDS))
