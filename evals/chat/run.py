"""Chat eval: evidence hit rate, citation precision and "not in the documents" detection.

Usage: .venv/bin/python evals/chat/run.py [--write] [--set NAME|all] [--first-run NAME]

A set whose folder holds a file UNSEEN is a blind set nobody has run: it is skipped unless named
with --first-run (then record that run in HISTORY.md and delete UNSEEN).

The chat set (questions.yaml, blind) runs over the library of the seed, the handbook and the
city's project-review rules; follow-ups run as the next turn of their conversation. Offline
(extractive) mode is measured on every question; LLM mode runs against a real
OpenAI-compatible server on 127.0.0.1 (tests/support/llm_stub.py) whose model answers from
the passages it is given, and on every third question instead fabricates a citation or a
number, to measure that the verifier catches it.

- evidence hit rate: answerable questions whose cited quotes contain an evidence string
  (a declined answerable question is a miss);
- citation precision: citations whose quote occurs in the cited passage (folded);
- unanswerable detection: unanswerable questions answered with found = false;
- wrongly declined: answerable questions answered with found = false.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from library import SETS, library, unseen  # noqa: E402

from assistant.chat import ConversationStore, ask  # noqa: E402
from assistant.chat.terms import squash  # noqa: E402
from assistant.llm.client import ChatModel  # noqa: E402
from assistant.llm.config import LLMConfig  # noqa: E402
from tests.support.llm_stub import StubServer  # noqa: E402

sys.path.insert(0, str(ROOT / "evals"))
from results import write_results  # noqa: E402

RESULTS = HERE / "RESULTS.md"


def _chunk_text(lib: Any, chunk_id: str) -> str:
    rows = lib._rows([chunk_id])
    return rows[chunk_id].text if chunk_id in rows else ""


def run_mode(questions: list[dict], lib: Any, model: ChatModel | None) -> dict[str, Any]:
    store = ConversationStore(Path(tempfile.mkdtemp(prefix="kaoping-chat-eval-")))
    conversations: dict[str, str] = {}
    tally: Counter[str] = Counter()
    latencies: list[float] = []
    misses: list[str] = []
    for q in questions:
        parent = q.get("follow_up_of")
        conversation = conversations.get(parent) if parent else None
        started = time.perf_counter()
        answer = ask(q["question"], lib, model=model, store=store, conversation_id=conversation)
        latencies.append(time.perf_counter() - started)
        conversations[q["id"]] = answer.conversation_id or ""
        for c in answer.citations:
            tally["citations"] += 1
            if squash(c["quote"]) and squash(c["quote"]) in squash(_chunk_text(lib, c["chunk_id"])):
                tally["citations_found"] += 1
        if q["answerable"]:
            tally["answerable"] += 1
            quotes = "".join(squash(c["quote"]) for c in answer.citations)
            hit = answer.found and any(squash(e) in quotes for e in q["evidence"])
            tally["evidence_hit"] += hit
            tally["declined"] += not answer.found
            if not hit:
                misses.append(
                    f"{q['id']} {'declined' if not answer.found else 'no evidence in quotes'}: {q['question']}"
                )
        else:
            tally["unanswerable"] += 1
            tally["detected"] += not answer.found
            if answer.found:
                misses.append(f"{q['id']} answered an unanswerable question: {q['question']}")
        for u in answer.unsupported:
            tally["unsupported_sentences"] += 1
            if "unknown_citation" in u["problems"]:
                tally["fabricated_citation_caught"] += 1
            if "number_not_in_passage" in u["problems"]:
                tally["invented_number_caught"] += 1
    return {"tally": tally, "latency": latencies, "misses": misses}


def _faulty_model_answer(request: dict[str, Any]) -> str:
    """The stub's model: quote the first passage faithfully; every third request, lie."""
    user = next(m["content"] for m in request["messages"] if m["role"] == "user")
    if "【後續問題】" in user or "FOLLOW-UP QUESTION" in user:
        return user.rsplit("\n", 2)[-2].strip() or "?"  # condensing: keep the follow-up as is
    blocks = re.findall(
        r'<(?:文件|document) n="(\d+)"[^>]*>\n(.*?)\n</(?:文件|document)>', user, re.S
    )
    if not blocks:
        return "NOT_FOUND"
    n, text = blocks[0]
    sentence = next(
        (s for s in re.split(r"(?<=[。；])", text) if len(s.strip()) > 8), text[:60]
    ).strip()
    _faulty_model_answer.calls += 1  # type: ignore[attr-defined]
    good = f"依文件所載：「{sentence.rstrip('。；')}」［{n}］。"
    kind = _faulty_model_answer.calls % 3  # type: ignore[attr-defined]
    if kind == 1:
        return good + "此外，另有補充規定可參考［9］。"
    if kind == 2:
        return good + "該項比例為37.5%［" + n + "］。"
    return good


_faulty_model_answer.calls = 0  # type: ignore[attr-defined]


def report(name: str) -> str:
    path, docs = SETS[name]
    questions = yaml.safe_load(path.read_text(encoding="utf-8"))
    lib = library(docs)
    offline = run_mode(questions, lib, None)
    _faulty_model_answer.calls = 0  # type: ignore[attr-defined]
    with StubServer(_faulty_model_answer) as stub:
        model = ChatModel(LLMConfig(stub.base_url, "stub-model", "eval", 10.0, 2, 0.01, 0.0))
        llm = run_mode(questions, lib, model)
    out = [f"## {name}", "",
           f"Set: `{path.relative_to(ROOT)}` ({sum(q['answerable'] for q in questions)} answerable, "
           f"{sum(not q['answerable'] for q in questions)} unanswerable, "
           f"{sum(1 for q in questions if q.get('follow_up_of'))} follow-ups); library: "
           + ", ".join(p.name for p in docs) + ".", "",
           "| mode | evidence hit rate | citation precision | unanswerable detected | answerable wrongly declined | median latency |",
           "|---|---|---|---|---|---|"]  # fmt: skip
    for mode, result in (("extractive (offline)", offline), ("llm (stub server)", llm)):
        tl = result["tally"]
        out.append(
            f"| {mode} | {tl['evidence_hit'] / tl['answerable']:.3f} | "
            f"{tl['citations_found'] / max(tl['citations'], 1):.3f} ({tl['citations']}) | "
            f"{tl['detected'] / max(tl['unanswerable'], 1):.3f} | {tl['declined'] / tl['answerable']:.3f} | "
            f"{statistics.median(result['latency']) * 1000:.0f} ms |"
        )
    tl = llm["tally"]
    out += ["", "LLM mode, faults the stub's model injected (every third answer a fabricated citation ［9］, "
            "every third an invented number): "
            f"{tl['fabricated_citation_caught']} fabricated citations and {tl['invented_number_caught']} "
            f"invented numbers caught, {tl['unsupported_sentences']} sentences removed in all; none shown "
            "as supported (citation precision above).", ""]  # fmt: skip
    out += ["Misses (offline):", ""] + [f"- {m}" for m in offline["misses"]] + [""]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--set", choices=[*sorted(SETS), "all"], default="all")
    parser.add_argument(
        "--first-run", metavar="NAME", choices=sorted(SETS),
        help="run an unseen set (its folder holds an UNSEEN file) once",
    )  # fmt: skip
    args = parser.parse_args()
    if args.first_run:
        names = [args.first_run]
    else:
        wanted = list(SETS) if args.set == "all" else [args.set]
        names = [name for name in wanted if not unseen(name)]
        for name in sorted(set(wanted) - set(names)):
            print(f"{name}: unseen, skipped (run it once with --first-run {name})")
    body = "\n".join(report(name) for name in names)
    print(body)
    if args.write:
        history = (HERE / "HISTORY.md").read_text(encoding="utf-8")
        write_results(RESULTS, "Chat eval", f"python evals/chat/run.py --write --set {args.set}", body,
                      preface=history.replace("# Chat eval history", "## History (first runs)", 1))  # fmt: skip


if __name__ == "__main__":
    main()
