"""Build (or reuse) the eval libraries: the development one (seed + handbook) and the chat one
(seed + handbook + the city's project-review rules); and the question sets asked of them."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from retrieval.library import Library  # noqa: E402

SEED = next((ROOT.parent / "shared/seed").glob("*.txt"))  # the seed report, beside the repository
HANDBOOK = ROOT / "evals/retrieval/corpus/guideline.md"
RULES = ROOT / "evals/chat/corpus/project-review-rules.md"
DEV_DOCS = (SEED, HANDBOOK)
CHAT_DOCS = (SEED, HANDBOOK, RULES)
CACHE = ROOT / "evals/chat/.cache"
HERE = ROOT / "evals/chat"
# every question set and the documents it is asked of, in the order results are reported
SETS = {
    "chat": (HERE / "questions.yaml", CHAT_DOCS),
    "blind2": (HERE / "blind2/questions.yaml", CHAT_DOCS),
    "blind3": (HERE / "blind3/questions.yaml", CHAT_DOCS),
    "blind4": (HERE / "blind4/questions.yaml", CHAT_DOCS),
    "blind5": (HERE / "blind5/questions.yaml", CHAT_DOCS),
    "blind6": (HERE / "blind6/questions.yaml", CHAT_DOCS),
    "blind7": (HERE / "blind7/questions.yaml", CHAT_DOCS),
    "blind8": (HERE / "blind8/questions.yaml", CHAT_DOCS),
    "blind9": (HERE / "blind9/questions.yaml", CHAT_DOCS),
    "blind10": (HERE / "blind10/questions.yaml", CHAT_DOCS),
    "blind11": (HERE / "blind11/questions.yaml", CHAT_DOCS),
    "blind12": (HERE / "blind12/questions.yaml", CHAT_DOCS),
    "blind13": (HERE / "blind13/questions.yaml", CHAT_DOCS),
    "blind14": (HERE / "blind14/questions.yaml", CHAT_DOCS),
    "blind15": (HERE / "blind15/questions.yaml", CHAT_DOCS),
    "blind16": (HERE / "blind16/questions.yaml", CHAT_DOCS),
    "blind17": (HERE / "blind17/questions.yaml", CHAT_DOCS),
    "dev": (ROOT / "evals/retrieval/questions.yaml", DEV_DOCS),
}


def unseen(name: str) -> bool:
    """A blind set nobody has run yet (its folder holds UNSEEN): only run.py's ``--first-run``
    runs it, and calibration never reads it."""
    return (SETS[name][0].parent / "UNSEEN").exists()


def library(docs: tuple[Path, ...]) -> Library:
    """A library of ``docs`` under a cache folder keyed by their bytes, built once: another
    checkout (a worktree measuring older code) reuses it as it is; asking it to ingest its own
    paths would add every document a second time."""
    key = hashlib.sha1(b"".join(p.read_bytes() for p in docs)).hexdigest()[:12]
    home = CACHE / key
    lib = Library(home)
    if not lib.catalog.documents():
        report = lib.ingest(list(docs), kind="guideline")
        if report.failed:
            raise SystemExit(f"could not ingest: {report.failed}")
    return lib
