"""Drafting eval: (a) the deterministic drafter passes the checker; (b) the verifier stops injected errors.

Usage: .venv/bin/python evals/drafting/run.py [--write] [--share 0.3]   (--write updates RESULTS.md)

(a) Every case in ``cases/`` is drafted offline in zh-TW, zh-TW with ROC years and English; the
    whole draft goes through the review checker (the same rules as ``kaoping review``, with
    self-ratings removed because a draft states computed lights) and every goal section through
    the verifier's strict number check. Target: zero flags.
(b) A language model is simulated by a real OpenAI-compatible HTTP server on 127.0.0.1 that
    answers each section prompt with the verified statements it was given, after injecting
    errors into a share of their sentences: a wrong actual value, a wrong achievement, a wrong
    target, an overclaimed status, a false trend or an invented number. Catch rate: each injected
    sentence is checked on its own (the faithful text passes, so any problem found is the
    injection's). End to end: the drafter runs against the server, errors injected afresh on
    each attempt, and the final draft is reviewed. Target: every injected number and status
    error caught, zero flags in final drafts.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from assistant.drafting import DraftOptions, write_draft  # noqa: E402
from assistant.drafting.verifier import (  # noqa: E402
    coverage_problems,
    number_problems,
    review_problems,
    section_metrics,
)
from assistant.llm import ChatModel, LLMConfig  # noqa: E402
from assistant.model import load_metrics  # noqa: E402
from assistant.model.metrics import MetricsFile  # noqa: E402
from assistant.review.rules import review_text  # noqa: E402
from assistant.scoring import get_framework  # noqa: E402
from assistant.scoring.engine import ScoreReport, score_metrics  # noqa: E402
from assistant.scoring.framework import Framework  # noqa: E402
from tests.support.drafting import reference_text, user_message  # noqa: E402
from tests.support.llm_stub import StubServer  # noqa: E402

sys.path.insert(0, str(ROOT / "evals"))
from results import write_results  # noqa: E402

HERE = Path(__file__).resolve().parent
CASES = sorted((HERE / "cases").glob("*.yaml"))
RESULTS = HERE / "RESULTS.md"
VARIANTS = {"zh-TW": DraftOptions("zh-TW"), "zh-TW (ROC years)": DraftOptions("zh-TW", True),
            "en": DraftOptions("en")}  # fmt: skip
NUMBER_KINDS = ("wrong_actual", "wrong_achievement", "wrong_target", "invented_number")
STATUS_KINDS = ("overclaim", "false_trend")


# --- (a) ---------------------------------------------------------------------------------


def deterministic_flags(data: MetricsFile, fw: Framework, options: DraftOptions) -> Counter[str]:
    draft = write_draft(data, fw, options=options)
    found: Counter[str] = Counter()
    everything = section_metrics(data, [g.id for g in data.goals])
    for flag in review_text(everything, fw, draft.text()):
        found[flag.kind.value] += 1
    for section in draft.sections:
        if section.kind == "goal":
            for p in number_problems(data, draft.report, section.indicators, section.text):
                found[p.kind] += 1
    return found


# --- (b) injections ----------------------------------------------------------------------

_NUM = r"(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?"


def _other(match: re.Match[str], rng: random.Random) -> str:
    """A different number written with the same precision (never the original value)."""
    whole, frac = match.group(1).replace(",", ""), match.group(2) or ""
    value = Decimal(whole + frac)
    step = Decimal(1).scaleb(-(len(frac) - 1)) if frac else Decimal(1)
    factor = Decimal(rng.choice(["0.8", "0.87", "1.13", "1.25"]))
    new = (value * factor).quantize(step) if frac else (value * factor).to_integral_value()
    if new == value:
        new = value + step * rng.choice([3, 5, 7])
    text = f"{new:f}"
    head, dot, tail = text.partition(".")
    grouped = f"{int(head):,}" if "," in match.group(1) else head
    return grouped + (dot + tail if dot else "")


def _replace_number(prefix: str) -> Callable[[str, random.Random], str | None]:
    """Change the number right after ``prefix`` (實際值為2,717 -> 實際值為3,070)."""
    regex = re.compile(f"(?:{prefix}){_NUM}")

    def mutate(sentence: str, rng: random.Random) -> str | None:
        m = regex.search(sentence)
        if not m:
            return None
        inner = re.compile(_NUM).match(sentence, m.start(1))
        assert inner is not None
        return sentence[: inner.start()] + _other(inner, rng) + sentence[inner.end() :]

    return mutate


def _overclaim(sentence: str, rng: random.Random) -> str | None:
    for before, after in (
        ("未達目標值", "超越目標值"),
        ("未能達成目標", "順利達成目標"),
        ("未達目標", "已達成目標"),
    ):
        if before in sentence:
            return sentence.replace(before, after, 1)
    return None


def _false_trend(sentence: str, rng: random.Random) -> str | None:
    for a, b in (
        ("增加", "減少"),
        ("減少", "增加"),
        ("逐年上升", "逐年下降"),
        ("逐年下降", "逐年上升"),
    ):
        if a in sentence and "持平" not in sentence:
            return sentence.replace(a, b, 1)
    return None


def _invented(sentence: str, rng: random.Random) -> str | None:
    if "實際值" not in sentence or not sentence.endswith("。"):
        return None
    n = rng.choice([1_234, 3_456, 8_765, 12_345, 57_890])
    return sentence[:-1] + f"，並累計服務{n:,}人次。"


MUTATIONS: dict[str, Callable[[str, random.Random], str | None]] = {
    "wrong_actual": _replace_number(r"實際值(?:為|達)?"),
    "wrong_achievement": _replace_number(r"達成度"),
    "wrong_target": _replace_number(r"目標值(?:為)?"),
    "overclaim": _overclaim,
    "false_trend": _false_trend,
    "invented_number": _invented,
}


def _sentences(text: str) -> list[str]:
    return re.findall(r"[^。]+。|[^。]+$", text)


@dataclass(frozen=True)
class Injection:
    kind: str
    sentence: str
    mutated: str


def _agency_text(sentence: str, explanations: list[str]) -> bool:
    """A sentence quoting the agency's explanation: the agency's words, not a claim to corrupt."""
    tail = sentence.split("：", 1)[-1].rstrip("。；")
    return any(tail and tail in e for e in explanations) or "原因" in sentence


def inject(
    text: str,
    share: float,
    seed: str,
    explanations: list[str] = (),  # type: ignore[assignment]
) -> tuple[str, list[Injection]]:
    """Mutate a share of the sentences of ``text`` (at most one error per sentence)."""
    rng = random.Random(int(hashlib.sha1(seed.encode()).hexdigest(), 16))
    done: list[Injection] = []
    paragraphs = []
    for paragraph in text.split("\n\n"):
        out = []
        for sentence in _sentences(paragraph):
            eligible = "【待機關補充" not in sentence and not _agency_text(sentence, explanations)
            if eligible and rng.random() < share:
                kinds = list(MUTATIONS)
                rng.shuffle(kinds)
                for kind in kinds:
                    mutated = MUTATIONS[kind](sentence, rng)
                    if mutated and mutated != sentence:
                        done.append(Injection(kind, sentence, mutated))
                        sentence = mutated
                        break
            out.append(sentence)
        paragraphs.append("".join(out))
    return "\n\n".join(paragraphs), done


def every_injection(text: str, seed: str, explanations: list[str]) -> list[Injection]:
    """Every error of every kind that applies to each sentence, one at a time."""
    rng = random.Random(int(hashlib.sha1(seed.encode()).hexdigest(), 16))
    found = []
    for sentence in _sentences(text.replace("\n\n", "")):
        if "【待機關補充" in sentence or _agency_text(sentence, explanations):
            continue
        for kind, mutate in MUTATIONS.items():
            mutated = mutate(sentence, rng)
            if mutated and mutated != sentence:
                found.append(Injection(kind, sentence, mutated))
    return found


def verifier_problems(data: MetricsFile, fw: Framework, report: ScoreReport, goal_id: str,
                      indicators: list[str], text: str) -> list[Any]:  # fmt: skip
    sub = section_metrics(data, [goal_id])
    return (
        review_problems(sub, fw, text)
        + number_problems(data, report, indicators, text)
        + coverage_problems(sub, text)
    )


def catch_rates() -> tuple[Counter[str], Counter[str], list[str]]:
    injected: Counter[str] = Counter()
    caught: Counter[str] = Counter()
    missed: list[str] = []
    for path in CASES:
        data = load_metrics(path).metrics
        fw = get_framework(data.framework)
        report = score_metrics(data, fw)
        draft = write_draft(data, fw, report=report)
        for section in draft.sections:
            if section.kind != "goal":
                continue
            explanations = [i.explanation or "" for g in data.goals for i in g.indicators]
            for inj in every_injection(section.text, f"{path.name}|{section.id}", explanations):
                text = section.text.replace(inj.sentence, inj.mutated, 1)
                injected[inj.kind] += 1
                if verifier_problems(data, fw, report, section.id, section.indicators, text):
                    caught[inj.kind] += 1
                else:
                    missed.append(f"{path.name} {section.id} {inj.kind}: {inj.mutated}")
    return injected, caught, missed


def end_to_end(share: float) -> dict[str, Any]:
    counts: Counter[str] = Counter()
    flags: Counter[str] = Counter()
    attempts: Counter[str] = Counter()
    details: list[str] = []

    def responder(request: dict[str, Any]) -> str:
        text = reference_text(request)
        seed = hashlib.sha1(user_message(request).encode()).hexdigest()
        explanations = re.findall(r"機關說明：(.+)$", user_message(request), re.M)
        mutated, injections = inject(text, share, seed, explanations)
        counts["injected"] += len(injections)
        attempts["requests"] += 1
        return mutated

    with StubServer(responder) as stub:
        model = ChatModel(LLMConfig(stub.base_url, "stub-model", "eval", 10.0, 2, 0.01, 0.0))
        for path in CASES:
            data = load_metrics(path).metrics
            fw = get_framework(data.framework)
            draft = write_draft(data, fw, model=model)
            for section in draft.sections:
                if section.kind == "goal":
                    counts[section.source] += 1
            everything = section_metrics(data, [g.id for g in data.goals])
            for flag in review_text(everything, fw, draft.text()):
                flags[flag.kind.value] += 1
                details.append(f"{path.name} {flag.kind.value} {flag.indicator_id}: {flag.quote}")
            for section in draft.sections:
                if section.kind == "goal":
                    for p in number_problems(data, draft.report, section.indicators, section.text):
                        flags[p.kind] += 1
                        details.append(f"{path.name} {p.kind}: {p.quote}")
    return {"details": details, "counts": counts, "flags": flags, "requests": attempts["requests"],
            "usage": model.usage.to_json()}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--share", type=float, default=0.3)
    args = parser.parse_args()
    out: list[str] = []

    out += ["## (a) The deterministic drafter against the review checker", "",
            f"{len(CASES)} metrics files (`evals/drafting/cases/`, made by `generate.py`).", "",
            "| variant | drafts | review flags | unsupported numbers |", "|---|---|---|---|"]  # fmt: skip
    total_a = 0
    for name, options in VARIANTS.items():
        found: Counter[str] = Counter()
        for path in CASES:
            data = load_metrics(path).metrics
            found += deterministic_flags(data, get_framework(data.framework), options)
        review = sum(v for k, v in found.items() if k != "unsupported_number")
        out.append(f"| {name} | {len(CASES)} | {review} | {found['unsupported_number']} |")
        if found:
            out.append(f"|  | kinds: {dict(found)} | | |")
        total_a += sum(found.values())
    out.append("")

    injected, caught, missed = catch_rates()
    out += ["## (b) Injected errors: catch rate of the verifier", "",
            "Every error of each kind that applies to a sentence of a deterministic goal section, "
            "injected one at a time (the faithful section passes, so any problem found is the "
            "injection's). The agency's own explanation is not corrupted.", "",
            "| error | injected | caught | catch rate |", "|---|---|---|---|"]  # fmt: skip
    for kind in (*NUMBER_KINDS, *STATUS_KINDS):
        n, c = injected[kind], caught[kind]
        out.append(f"| {kind} | {n} | {c} | {c / n:.3f} |" if n else f"| {kind} | 0 | 0 | — |")
    n, c = sum(injected.values()), sum(caught.values())
    out += [f"| **all** | {n} | {c} | **{c / n:.3f}** |", ""]
    if missed:
        out += ["Missed injections:", ""] + [f"- {m}" for m in missed] + [""]

    e2e = end_to_end(args.share)
    counts, flags = e2e["counts"], e2e["flags"]
    out += ["## (b) End to end: drafting against the stub server", "",
            f"Each section prompt answered with its verified statements after injecting errors into "
            f"{args.share:.0%} of sentences, afresh on each attempt (two attempts per section).", "",
            "| sections written by the model | fell back to deterministic text | requests | errors injected | flags in final drafts |",
            "|---|---|---|---|---|",
            f"| {counts['llm']} | {counts['fallback']} | {e2e['requests']} | {counts['injected']} | "
            f"**{sum(flags.values())}** |", ""]  # fmt: skip
    if flags:
        out += (
            [f"Final flags by kind: {dict(flags)}", ""] + [f"- {d}" for d in e2e["details"]] + [""]
        )
    body = "\n".join(out)
    print(body)
    if args.write:
        write_results(RESULTS, "Drafting eval", "python evals/drafting/run.py --write", body)
    failed = (
        total_a
        or sum(flags.values())
        or any(caught[k] != injected[k] for k in (*NUMBER_KINDS, *STATUS_KINDS))
    )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
