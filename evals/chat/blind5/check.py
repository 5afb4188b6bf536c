#!/usr/bin/env python3
"""Validate evals/chat/blind5/questions.yaml (the shared checks: evals/chat/blind_check.py).
Prints the counts and OK on success, otherwise the problems, and exits 1."""

import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from blind_check import check  # noqa: E402

MIN = {
    "answerable": 70,
    "seed": 20,
    "guideline": 20,
    "rules": 20,
    "english": 8,
    "follow_up": 7,
    "unanswerable": 25,
    "in_domain_none": 18,
    "out_of_scope": 6,
}
OUT_OF_SCOPE_IDS = {f"g{n}" for n in range(116, 123)}

if __name__ == "__main__":
    sys.exit(check(HERE / "questions.yaml", MIN, OUT_OF_SCOPE_IDS))
