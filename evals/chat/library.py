"""Build (or reuse) the eval libraries: the development one (seed + handbook) and the chat one
(seed + handbook + the city's project-review rules)."""

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


def library(docs: tuple[Path, ...]) -> Library:
    """A library of ``docs`` under a cache folder keyed by their bytes (built once)."""
    key = hashlib.sha1(b"".join(p.read_bytes() for p in docs)).hexdigest()[:12]
    home = CACHE / key
    lib = Library(home)
    if not lib.catalog.documents():
        report = lib.ingest(list(docs), kind="guideline")
        if report.failed:
            raise SystemExit(f"could not ingest: {report.failed}")
    return lib
