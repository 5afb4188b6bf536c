"""Sanity check for evals/chat/blind2/questions.yaml (run from repo root or anywhere)."""

import collections
import pathlib
import sys

import yaml

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[2]
DOCS = {
    "seed": pathlib.Path("/work/shared/seed/000_0627d1d9bb9fc946.txt"),
    "guideline": ROOT / "evals/retrieval/corpus/guideline.md",
    "rules": ROOT / "evals/chat/corpus/project-review-rules.md",
}
MINIMUMS = {"answerable": 40, "unanswerable": 20, "follow_up": 5}

items = yaml.safe_load((HERE / "questions.yaml").read_text(encoding="utf-8"))
texts = {k: v.read_text(encoding="utf-8") for k, v in DOCS.items()}
errors = []
seen = []
for it in items:
    iid = it.get("id")
    if set(it) - {"id", "doc", "question", "evidence", "answerable", "follow_up_of"}:
        errors.append(f"{iid}: unexpected keys {set(it)}")
    if iid in seen:
        errors.append(f"{iid}: duplicate id")
    doc, ev, ans = it.get("doc"), it.get("evidence"), it.get("answerable")
    if doc not in (*DOCS, "none"):
        errors.append(f"{iid}: bad doc {doc!r}")
    if not isinstance(it.get("question"), str) or not it["question"].strip():
        errors.append(f"{iid}: empty question")
    if not isinstance(ev, list) or not isinstance(ans, bool):
        errors.append(f"{iid}: evidence must be list, answerable bool")
        continue
    if ans:
        if doc == "none" or not 1 <= len(ev) <= 3:
            errors.append(f"{iid}: answerable needs a doc and 1-3 evidence strings")
        for e in ev:
            if not 8 <= len(e) <= 40 or "\n" in e or any(c in e for c in "|#*"):
                errors.append(f"{iid}: evidence length/format {len(e)} {e!r}")
            if doc in texts and e not in texts[doc]:
                errors.append(f"{iid}: evidence not in {doc}: {e!r}")
    elif doc != "none" or ev:
        errors.append(f"{iid}: unanswerable must have doc none and evidence []")
    fu = it.get("follow_up_of")
    if fu is not None and fu not in seen:
        errors.append(f"{iid}: follow_up_of {fu!r} is not an earlier id")
    seen.append(iid)

ans = [i for i in items if i["answerable"]]
una = [i for i in items if not i["answerable"]]
fus = [i for i in items if i.get("follow_up_of")]
eng = [i for i in items if i["question"].isascii()]
print(
    "total",
    len(items),
    "answerable",
    len(ans),
    "unanswerable",
    len(una),
    "follow_ups",
    len(fus),
    "english",
    len(eng),
)
print("answerable by doc", dict(collections.Counter(i["doc"] for i in ans)))
print("english answerable", sum(i["answerable"] for i in eng))
for k, n in (("answerable", len(ans)), ("unanswerable", len(una)), ("follow_up", len(fus))):
    if n < MINIMUMS[k]:
        errors.append(f"too few {k}: {n} < {MINIMUMS[k]}")
for e in errors:
    print("ERROR", e)
print("OK" if not errors else f"{len(errors)} error(s)")
sys.exit(1 if errors else 0)
