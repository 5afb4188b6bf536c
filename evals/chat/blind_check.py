"""Validate a blind chat question set (evals/chat/blind*/questions.yaml).

Checks: schema, unique ids, evidence strings are exact one-line substrings (8-40 chars, no
Markdown syntax) of the named document, unanswerable items have doc none and no evidence,
follow_up_of points to an earlier id, the listed out-of-scope ids are unanswerable, minimum
counts. Each set's spec.yaml gives its own minimums and out-of-scope ids.

Usage: .venv/bin/python evals/chat/blind_check.py blind6 (or a set's own check.py)
"""

import pathlib

import yaml

REPO = pathlib.Path(__file__).resolve().parents[2]
DOCS = {
    "seed": pathlib.Path("/work/shared/seed/000_0627d1d9bb9fc946.txt"),
    "guideline": REPO / "evals/retrieval/corpus/guideline.md",
    "rules": REPO / "evals/chat/corpus/project-review-rules.md",
}
FORBIDDEN = set("|#*`") | {"\n", "\r", "\t"}
KEYS = {"id", "doc", "question", "evidence", "answerable", "follow_up_of"}


def check(questions: pathlib.Path, minimums: dict[str, int], out_of_scope: set[str]) -> int:
    """Print the counts and every problem (or OK); 0 when the set is valid, else 1."""
    texts = {k: v.read_text(encoding="utf-8") for k, v in DOCS.items()}
    items = yaml.safe_load(questions.read_text(encoding="utf-8"))
    errs = []
    if not isinstance(items, list):
        print("questions.yaml must be a list")
        return 1
    seen = []
    counts = dict.fromkeys(minimums, 0)
    for n, it in enumerate(items):
        iid = it.get("id", f"#{n}")
        extra = set(it) - KEYS
        missing = {"id", "doc", "question", "evidence", "answerable"} - set(it)
        if extra or missing:
            errs.append(f"{iid}: bad keys extra={extra} missing={missing}")
            continue
        if iid in seen:
            errs.append(f"{iid}: duplicate id")
        doc, ev, ans, q = it["doc"], it["evidence"], it["answerable"], it["question"]
        if not isinstance(q, str) or not q.strip():
            errs.append(f"{iid}: empty question")
        if not isinstance(ev, list) or not isinstance(ans, bool):
            errs.append(f"{iid}: evidence must be a list, answerable a bool")
            continue
        if ans:
            if doc not in DOCS:
                errs.append(f"{iid}: answerable item needs doc in {sorted(DOCS)}")
                continue
            if not 1 <= len(ev) <= 3:
                errs.append(f"{iid}: need 1-3 evidence strings")
            for e in ev:
                if not isinstance(e, str) or not 8 <= len(e) <= 40:
                    errs.append(f"{iid}: evidence length not 8-40: {e!r}")
                elif FORBIDDEN & set(e):
                    errs.append(f"{iid}: evidence has forbidden char: {e!r}")
                elif e not in texts[doc]:
                    errs.append(f"{iid}: evidence not in {doc}: {e!r}")
            counts["answerable"] += 1
            counts[doc] += 1
            if q.isascii():
                counts["english"] += 1
        else:
            if doc != "none" or ev:
                errs.append(f"{iid}: unanswerable item needs doc none and evidence []")
            counts["unanswerable"] += 1
            counts["out_of_scope" if iid in out_of_scope else "in_domain_none"] += 1
        if "follow_up_of" in it:
            parent = it["follow_up_of"]
            if parent not in seen:
                errs.append(f"{iid}: follow_up_of {parent!r} is not an earlier id")
            else:
                pdoc = next(x["doc"] for x in items if x.get("id") == parent)
                if pdoc != doc:
                    errs.append(f"{iid}: follow-up doc {doc} differs from parent {pdoc}")
            counts["follow_up"] += 1
        seen.append(iid)
    unans = {x.get("id") for x in items if x.get("answerable") is False}
    for oid in sorted(out_of_scope - unans):
        errs.append(f"{oid}: listed as out of scope but not an unanswerable item")
    for k, m in minimums.items():
        if counts[k] < m:
            errs.append(f"count {k}={counts[k]} below minimum {m}")
    print("counts:", ", ".join(f"{k}={v}" for k, v in counts.items()), f"total={len(items)}")
    if errs:
        print("\n".join(errs))
        return 1
    print("OK")
    return 0


def main(folder: pathlib.Path) -> int:
    """Check FOLDER/questions.yaml against FOLDER/spec.yaml."""
    spec = yaml.safe_load((folder / "spec.yaml").read_text(encoding="utf-8"))
    return check(folder / "questions.yaml", spec["minimums"], set(spec["out_of_scope"]))


if __name__ == "__main__":
    import sys

    sys.exit(main(pathlib.Path(__file__).resolve().parent / sys.argv[1]))
