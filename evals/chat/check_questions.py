"""Validate evals/chat/questions.yaml against its source documents.

Checks: ids unique; fields well-formed; every evidence string is an exact, single-line
substring (8-40 characters, no Markdown syntax) of the document named by `doc`;
`follow_up_of` names an earlier item; unanswerable items have `doc: none` and no evidence;
and the set meets its minimum counts.

Usage: .venv/bin/python evals/chat/check_questions.py [--seed PATH]
Exit status 0 when every check passes, 1 otherwise.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
QUESTIONS = HERE / "questions.yaml"
DEFAULT_SEED = Path("/work/shared/seed/000_0627d1d9bb9fc946.txt")
DOC_PATHS = {
    "guideline": REPO / "evals" / "retrieval" / "corpus" / "guideline.md",
    "rules": HERE / "corpus" / "project-review-rules.md",
}

MIN_ANSWERABLE = 45
MIN_UNANSWERABLE = 18
MIN_FOLLOW_UPS = 6
EVIDENCE_LEN = (8, 40)
MARKDOWN_BITS = ("|", "#", "**", "`")
ALLOWED_KEYS = {"id", "doc", "question", "evidence", "answerable", "follow_up_of"}
ID_RE = re.compile(r"^c\d{2,3}$")


def load_docs(seed: Path) -> dict[str, str]:
    paths = {"seed": seed, **DOC_PATHS}
    return {name: path.read_text(encoding="utf-8") for name, path in paths.items()}


def is_english(text: str) -> bool:
    """Mostly English: more Latin letters than CJK characters (a quoted term may be Chinese)."""
    return len(re.findall(r"[A-Za-z]", text)) > len(re.findall(r"[\u4e00-\u9fff]", text))


def check(items: list[dict], docs: dict[str, str]) -> list[str]:
    errors: list[str] = []
    seen: list[str] = []
    for n, item in enumerate(items):
        where = f"item {n} ({item.get('id', '?')})"
        extra = set(item) - ALLOWED_KEYS
        if extra:
            errors.append(f"{where}: unknown keys {sorted(extra)}")
        qid = item.get("id")
        if not isinstance(qid, str) or not ID_RE.match(qid):
            errors.append(f"{where}: bad id {qid!r}")
        elif qid in seen:
            errors.append(f"{where}: duplicate id")
        question = item.get("question")
        if not isinstance(question, str) or not question.strip():
            errors.append(f"{where}: empty question")
        answerable = item.get("answerable")
        doc = item.get("doc")
        evidence = item.get("evidence")
        if not isinstance(answerable, bool):
            errors.append(f"{where}: answerable must be true or false")
        elif answerable:
            if doc not in docs:
                errors.append(f"{where}: doc must be one of {sorted(docs)}, got {doc!r}")
            if not isinstance(evidence, list) or not 1 <= len(evidence) <= 3:
                errors.append(f"{where}: answerable items need 1-3 evidence strings")
                evidence = evidence if isinstance(evidence, list) else []
            for ev in evidence:
                if not isinstance(ev, str):
                    errors.append(f"{where}: evidence {ev!r} is not a string")
                    continue
                if not EVIDENCE_LEN[0] <= len(ev) <= EVIDENCE_LEN[1]:
                    errors.append(f"{where}: evidence {ev!r} has {len(ev)} chars")
                if "\n" in ev:
                    errors.append(f"{where}: evidence {ev!r} spans lines")
                if any(bit in ev for bit in MARKDOWN_BITS):
                    errors.append(f"{where}: evidence {ev!r} contains Markdown syntax")
                if doc in docs and ev not in docs[doc]:
                    errors.append(f"{where}: evidence {ev!r} not found in {doc}")
        else:
            if doc != "none":
                errors.append(f"{where}: unanswerable items must have doc: none")
            if evidence != []:
                errors.append(f"{where}: unanswerable items must have evidence: []")
        parent = item.get("follow_up_of")
        if parent is not None:
            if parent not in seen:
                errors.append(f"{where}: follow_up_of {parent!r} is not an earlier id")
            elif not answerable:
                errors.append(f"{where}: follow-ups are expected to be answerable")
        if isinstance(qid, str):
            seen.append(qid)
    return errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=Path, default=DEFAULT_SEED, help="seed report (.txt)")
    args = parser.parse_args()

    docs = load_docs(args.seed)
    items = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))
    if not isinstance(items, list):
        print("questions.yaml must be a list of items")
        return 1
    errors = check(items, docs)

    answerable = [q for q in items if q.get("answerable") is True]
    unanswerable = [q for q in items if q.get("answerable") is False]
    follow_ups = [q for q in items if q.get("follow_up_of")]
    per_doc = Counter(q.get("doc") for q in answerable)
    english = sum(is_english(q.get("question", "")) for q in items)

    if len(answerable) < MIN_ANSWERABLE:
        errors.append(f"only {len(answerable)} answerable items (need {MIN_ANSWERABLE})")
    if len(unanswerable) < MIN_UNANSWERABLE:
        errors.append(f"only {len(unanswerable)} unanswerable items (need {MIN_UNANSWERABLE})")
    if len(follow_ups) < MIN_FOLLOW_UPS:
        errors.append(f"only {len(follow_ups)} follow-ups (need {MIN_FOLLOW_UPS})")

    print(f"items: {len(items)}")
    print(
        "answerable: "
        f"{len(answerable)} (seed {per_doc['seed']}, guideline {per_doc['guideline']}, "
        f"rules {per_doc['rules']})"
    )
    print(f"unanswerable: {len(unanswerable)}")
    print(f"follow-ups: {len(follow_ups)}")
    print(f"English questions: {english}")
    print(f"evidence strings checked: {sum(len(q.get('evidence') or []) for q in answerable)}")
    print(f"rules document: {len(docs['rules'])} characters")
    if errors:
        print(f"FAIL: {len(errors)} problem(s)")
        for error in errors:
            print(f"  - {error}")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
