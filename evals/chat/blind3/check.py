#!/usr/bin/env python3
"""Validate evals/chat/blind3/questions.yaml (the shared checks: evals/chat/blind_check.py).
Prints the counts and OK on success, otherwise the problems, and exits 1."""

import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from blind_check import check  # noqa: E402

MIN = {
    "answerable": 40,
    "seed": 12,
    "guideline": 11,
    "rules": 14,
    "english": 5,
    "follow_up": 5,
    "unanswerable": 20,
    "in_domain_none": 14,
    "out_of_scope": 6,
}
OUT_OF_SCOPE_IDS = {"d67", "d68", "d69", "d70", "d71", "d72"}

if __name__ == "__main__":
    sys.exit(check(HERE / "questions.yaml", MIN, OUT_OF_SCOPE_IDS))
