#!/usr/bin/env python3
"""Validate evals/chat/blind4/questions.yaml (the shared checks: evals/chat/blind_check.py).
Prints the counts and OK on success, otherwise the problems, and exits 1."""

import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from blind_check import check  # noqa: E402

MIN = {
    "answerable": 50,
    "seed": 14,
    "guideline": 14,
    "rules": 16,
    "english": 6,
    "follow_up": 6,
    "unanswerable": 22,
    "in_domain_none": 16,
    "out_of_scope": 6,
}
OUT_OF_SCOPE_IDS = {f"e{n}" for n in range(99, 106)}

if __name__ == "__main__":
    sys.exit(check(HERE / "questions.yaml", MIN, OUT_OF_SCOPE_IDS))
