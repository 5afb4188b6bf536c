"""Asking the guidance documents: retrieve, judge, answer with citations (or say not found).

Both modes share retrieval and the judgement of whether the passages answer at all (a
calibrated model over lexical and dense evidence, see answerable.py). Offline the answer
is quoted sentences (extractive.py); with a model it is the model's prose, kept only
sentence by sentence where verify.py finds it supported by the cited passages.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol

import numpy as np

from assistant.chat.answerable import Evidence, answers, confidence
from assistant.chat.conversation import (
    Conversation,
    Conversations,
    Turn,
    carried,
    is_conversation_id,
    new_id,
)
from assistant.chat.extractive import (
    Quote,
    asks_when,
    best_quotes,
    candidate_windows,
    expected_answers,
    given_values,
)
from assistant.chat.passages import Hit, Passage
from assistant.chat.scope import fitting
from assistant.chat.terms import (
    WeightedTerms,
    fold,
    is_used,
    mostly_english,
    named_words,
    pieces,
    question_lang,
    question_terms,
    question_words,
    spellings,
    squash,
    translations,
    weigh,
    wordings,
    years_named,
)
from assistant.chat.verify import Checked, check_answer
from assistant.i18n import t
from assistant.llm.types import LLMError
from prompts import load_prompt
from prompts.data import passage_tags
from retrieval.windows import opening

if TYPE_CHECKING:
    from assistant.llm.client import ChatModel

Event = Callable[[dict[str, Any]], None]
Mode = Literal["llm", "extractive"]
CANDIDATE_WINDOWS = 8
QUOTES = 3
# passages searched, at least: the answer often ranks sixth to eighth (8 beat 5 and 10 on the
# chat sets, evals/chat/RESULTS.md)
SEARCHED_PASSAGES = 8
# window rank: standardised dense similarity + half the standardised lexical coverage, less a
# prior for the passage's retrieval rank (chosen on the development set, evals/chat/RESULTS.md)
LEXICAL_WEIGHT = 0.5
PASSAGE_RANK_WEIGHT = 0.6
OUT_OF_SCOPE_KNOWN_SHARE = 0.3
# share of a question's subject words no passage uses above which it is about something else
OFF_TOPIC_UNKNOWN = 0.75
OUT_OF_SCOPE_PENALTY = 10.0  # a window of a document the question does not name comes last
# a window stating the band the question's own value falls in (執行率84% in 80%以上未達90%)
# answers it, whichever passage it is in
BAND_FIRST = 3.0
# a row of a bilingual glossary (個案計畫 ⇥ Individual program ⇥ …) defines a term: it answers
# a question about terms or what one means; otherwise its English words win it the place of an
# English question's answer (8 more answers found over the chat sets, 1 lost; evals/chat)
GLOSSARY_LAST = 10.0
# a window holding, as written, a name the question quotes (「政府績效管理基本法」) is about
# that name, not a neighbour that shares most of its words (政府績效評估基本法)
QUOTED_FIRST = 2.0
_QUOTED = re.compile(r"「([^」]{2,40})」|『([^』]{2,40})』|[\"“]([^\"”]{3,60})[\"”]")
_ASKS_TERM = re.compile(
    r"\bterms?\b|glossary|english|\bmeans?\b|meaning|defin|英文|名詞|用語|定義|是指|指的是|什麼是"
    r"|何謂|稱為|叫做",
    re.I,
)
# an instruction to the assistant, not a question about the documents
_INSTRUCTION = re.compile(
    r"ignore (all |any )?(of )?(your |the )?(previous|prior|above) (instructions|prompts?)|system prompt"
    r"|(忽略|無視|忘記).{0,8}(指示|指令|規則|設定)|系統提示|提示詞",
    re.I,
)
NOT_FOUND = "NOT_FOUND"


class Library(Protocol):
    """What answering needs of retrieval.library.Library."""

    embedder: Any

    def search(self, query: str, k: int = 5, **filters: Any) -> list[Any]: ...
    def term_statistics(self, terms: list[str]) -> tuple[dict[str, int], int]: ...
    def titles(self) -> list[str]: ...
    def opening_vectors(self, wanted: Sequence[tuple[str, str]]) -> np.ndarray: ...


@dataclass
class Answer:
    question: str
    standalone: str
    lang: str
    mode: Mode
    found: bool
    text: str
    citations: list[dict[str, Any]]
    see_also: list[dict[str, Any]] = field(default_factory=list)
    conversation_id: str | None = None
    evidence: Evidence | None = None
    confidence: float | None = None
    out_of_scope: bool = False
    unsupported: list[dict[str, Any]] = field(default_factory=list)
    prompts: list[dict[str, str]] = field(default_factory=list)
    llm: dict[str, Any] | None = None


def answer_json(answer: Answer) -> dict[str, Any]:
    """Contract §4.4 (answer, mode, found, citations) plus what a face may show."""
    return {
        "answer": answer.text,
        "mode": answer.mode,
        "found": answer.found,
        "citations": [{k: c[k] for k in ("doc", "page", "section", "heading", "quote", "n", "path")}
                      for c in answer.citations],
        "see_also": answer.see_also,
        "question": answer.question,
        "standalone_question": answer.standalone,
        "lang": answer.lang,
        "conversation_id": answer.conversation_id,
        "out_of_scope": answer.out_of_scope,
        "confidence": None if answer.confidence is None else round(answer.confidence, 4),
        "evidence": answer.evidence.to_json() if answer.evidence else None,
        "unsupported": answer.unsupported,
        "prompts": answer.prompts,
        "llm": answer.llm,
    }  # fmt: skip


def _rank_windows(
    library: Library,
    question: str,
    terms: WeightedTerms,
    passages: list[Passage],
    queries: np.ndarray,
    scope: set[str] | None = None,
) -> tuple[list[Quote], list[float]]:
    """Candidate windows by lexical coverage, then ordered by dense similarity + coverage; the
    documents the question names first. ``queries``: the question's embedding, then the
    searched query's when it differs (as ``retrieve`` embeds them)."""
    windows = candidate_windows(question, terms, passages)
    if not windows:
        return [], []
    quoted = quoted_names(question)
    # the opening of a window carries its topic: embedded once per library, then read (library)
    vectors = library.opening_vectors(
        [(w.passage.hit.chunk_id, opening(w.passage.hit.text, w.start, w.end)) for w in windows]
    )
    # windows are ordered by the searched query (an English question with its zh-TW terms),
    # the evidence of an answer is the question as asked (the calibration is fitted on that)
    similarity = (vectors @ queries.T).astype(np.float64)  # a column per query
    sims = [float(s) for s in similarity[:, 0]]
    rank = (
        _standardised(similarity.mean(axis=1))
        + LEXICAL_WEIGHT * _standardised(np.array([w.score for w in windows]))
        - PASSAGE_RANK_WEIGHT * np.array([w.passage.n - 1 for w in windows])
        - OUT_OF_SCOPE_PENALTY * np.array([_outside(w, scope) for w in windows])
        + BAND_FIRST * np.array([w.banded for w in windows])
        - GLOSSARY_LAST * np.array([w.glossary_row for w in windows]) * (not asks_term(question))
        + QUOTED_FIRST * np.array([_holds_quoted(w.text, quoted) for w in windows])
    )
    order = sorted(range(len(windows)), key=lambda i: (-float(rank[i]), i))
    return [windows[i] for i in order], [sims[i] for i in order]


@dataclass(frozen=True)
class Retrieved:
    """Passages for a question, its weighted terms, the ranked quote windows and the evidence."""

    hits: list[Hit]
    passages: list[Passage]
    terms: WeightedTerms
    windows: list[Quote]
    evidence: Evidence
    scope: set[str] | None = None  # the titles of the documents the question names, if it does
    quotes: list[Quote] = field(default_factory=list)  # what an extractive answer quotes


def search_query(question: str, lang: str) -> str:
    """An English question gains the zh-TW terms of its words (the glossary), so the lexical arm
    can find Chinese passages too; a Chinese question is searched as asked."""
    if lang != "en":
        return question
    extra = [
        zh for word in re.findall(r"[a-z][a-z-]+", question.lower()) for zh in translations(word)
    ]
    return " ".join([question, *dict.fromkeys(extra)])


def retrieve(question: str, library: Library, k: int, lang: str | None = None) -> Retrieved:
    """Search, weigh the question's terms, rank quote windows and measure the evidence."""
    lang = lang or question_lang(question)
    k = max(k, SEARCHED_PASSAGES)
    searched = search_query(question, lang)
    # the question and the searched query embedded once, for the search and the windows both
    asked = [question] if searched == question else [question, searched]
    queries = np.asarray(library.embedder.embed_query(asked), dtype=np.float32)
    hits: list[Hit] = list(library.search(searched, k, query_vector=queries[-1]))
    passages = [Passage(i + 1, h) for i, h in enumerate(hits)]
    wanted, words, names = question_terms(question), question_words(question), named_words(question)
    counted = [p for w in words + names for wording in wordings(w) for p in pieces(wording)]
    parts = clauses(question)
    per_clause = [question_terms(c) for c in parts] if len(parts) > 1 else []
    needed = list(dict.fromkeys(wanted + counted + [t for ts in per_clause for t in ts]))
    frequencies, count = _term_statistics(library, needed)
    terms = weigh(wanted, frequencies, count, words, question_words(question, wording=False))
    scope = fitting(question, library.titles())
    windows, sims = _rank_windows(library, question, terms, passages, queries, scope)
    each = [
        best_quotes(part, weigh(ts, frequencies, count), passages, limit=1, cutoff=0.0)
        for part, ts in zip(parts, per_clause, strict=False)
    ]
    evidence = Evidence(
        lexical=max((w.score for w in windows), default=0.0),
        dense=max(sims, default=0.0),
        typed=windows[0].typed if windows else False,
        english=lang == "en",
        unknown=1 - terms.known_share() if terms.weights else 1.0,
        unknown_name=any(not is_used(name, frequencies) for name in names),
    )
    quotes = covering(windows, [q[0] for q in each if q and not _outside(q[0], scope)])
    return Retrieved(hits, passages, terms, windows, evidence, scope, quotes)


# where one question ends and the next begins: a question mark or a full stop, or in English
# "…, and how often…" / "… and which…" (a second question joined to the first)
_CLAUSE_END = re.compile(
    r"[？?；;。！!]|,\s*and\s+(?=(?:how|what|which|when|who|where|whether|is|are|does|do|can|must"
    r"|should|may)\b)|\s+and\s+(?=(?:how|what|which|when|who|where|whether)\b)",
    re.I,
)


def clauses(question: str) -> list[str]:
    """The questions inside a question (「是什麼等第？有團體獎金嗎？」 asks two, as does "Which
    unit runs it, and how often is it backed up?")."""
    return [c.strip() for c in _CLAUSE_END.split(question) if len(c.strip()) >= 2]


def covering(windows: list[Quote], clause_bests: list[Quote]) -> list[Quote]:
    """The quotes of an answer: the best window for the whole question, then the best of each
    clause the question asks (so that a second question in it is answered too), then the rest
    in rank order; never two overlapping windows. One English window at most while Chinese ones
    are left: an English question draws a Chinese document's English summary, whose sentences
    say again, and with less detail, what the governing Chinese clauses say."""
    candidates = [*windows[:1], *clause_bests, *windows[1:]]
    english = [mostly_english(q.text) for q in candidates]
    chosen: list[int] = []  # places in candidates, so the answer keeps their order
    for english_allowed in (1, QUOTES):  # a second pass fills up from English windows
        for i, quote in enumerate(candidates):
            if len(chosen) == QUOTES:
                break
            if any(candidates[j].overlaps(quote) for j in chosen):  # itself included
                continue
            if english[i] and sum(english[j] for j in chosen) >= english_allowed:
                continue
            chosen.append(i)
    return [candidates[i] for i in sorted(chosen)]


def _outside(window: Quote, scope: set[str] | None) -> bool:
    return scope is not None and window.passage.hit.doc not in scope


def quoted_names(question: str) -> tuple[str, ...]:
    """The names a question quotes (「重大計畫」, "Request for reconsideration"), folded."""
    return tuple(fold(next(g for g in m.groups() if g)) for m in _QUOTED.finditer(question))


def _holds_quoted(text: str, quoted: tuple[str, ...]) -> bool:
    """Whether a window holds one of the question's quoted names as written."""
    return bool(quoted) and any(name in fold(text) for name in quoted)


def asks_term(question: str) -> bool:
    """A question about a term: its English name, what it means, how a document defines it."""
    return bool(_ASKS_TERM.search(question))


def is_instruction(question: str) -> bool:
    """An instruction to the assistant (ignore your instructions, show the system prompt)."""
    return bool(_INSTRUCTION.search(question))


def refused(question: str, retrieved: Retrieved) -> bool:
    """Declined whatever the evidence model says: no quote at all, an instruction rather than a
    question, a question for a kind of value (an amount, a rank, a number of days) that no quote
    states (the passages are about the topic, not the answer), one about a document it names
    that no quote comes from (the city's rules asked, only the ministry's handbook says it), or
    one most of whose subject words no passage uses (the weather in Seoul, a recipe), or one
    about what happened in a year no quote mentions (_asks_a_record)."""
    windows = retrieved.windows
    untyped = bool(expected_answers(question)) and not any(w.typed for w in windows[:QUOTES])
    elsewhere = bool(windows) and _outside(windows[0], retrieved.scope)
    off_topic = retrieved.evidence.unknown > OFF_TOPIC_UNKNOWN
    return (
        not windows
        or untyped
        or elsewhere
        or off_topic
        or _asks_a_record(question, windows[:QUOTES])
        or is_instruction(question)
    )


# what a rule says, not what happened: an obligation, a permission, a limit
_ASKS_A_RULE = re.compile(
    r"要|應|須|需|可以|可否|能否|能不能|最晚|最遲|最多|至少|上限|下限"
    r"|\b(must|should|shall|can|could|may|need|needs|have to|has to|required?|allowed)\b",
    re.IGNORECASE,
)


# a time a question means without naming its year: 去年, the most recent round
_RECENT = re.compile(
    r"去年|今年|前年|最近一(次|屆|期|年)|上一(次|屆|期)|最新一?(期|次|屆)?"
    r"|\b(latest|most recent|last year|this year|previous year)\b",
    re.IGNORECASE,
)


def _asks_a_record(question: str, quotes: Sequence[Quote]) -> bool:
    """Whether the question asks what happened in a year none of the quotes mentions, a record
    that rules and a study report do not keep: 「部裡113年度的預算執行率實際做到幾%？」, "What
    grade did the ministry get in 2022?", 「研考會去年發出的團體獎金總共是多少？」.

    A rule or a deadline asked for a year (「115年度的報告最晚什麼時候要公開？」) is the rule
    applied to it, answered without the year; so is a case the question states itself
    (「今年綠燈占評燈指標62%，整體評等會是什麼？」)."""
    if _ASKS_A_RULE.search(question) or asks_when(question):
        return False
    years = years_named(question)
    if years:
        quoted = fold("".join(q.text for q in quotes))
        return not any(year in quoted for year in years)
    return bool(_RECENT.search(question)) and not given_values(question)


def _term_statistics(library: Library, terms: list[str]) -> tuple[dict[str, int], int]:
    """Passage frequencies of folded terms, counting every spelling a document may use."""
    variants = {term: spellings(term) for term in terms}
    found, count = library.term_statistics(
        list(dict.fromkeys(v for vs in variants.values() for v in vs))
    )
    return {term: max(found.get(v, 0) for v in vs) for term, vs in variants.items()}, count


def _standardised(values: np.ndarray) -> np.ndarray:
    spread = float(values.std())
    result: np.ndarray = (values - values.mean()) / (spread if spread > 0 else 1.0)
    return result


def _see_also(passages: list[Passage], limit: int = 3) -> list[dict[str, Any]]:
    return [p.citation(" ".join(p.hit.text.split())[:80]) for p in passages[:limit]]


def _extractive_text(quotes: list[Quote], lang: str) -> str:
    lines = [t("chat.lead.extractive", lang)]
    lines += [f"［{q.passage.n}］「{' '.join(q.text.split())}」" for q in quotes]
    return "\n".join(lines)


def _condense(question: str, conversation: Conversation | None, model: ChatModel | None,
              lang: str) -> str:  # fmt: skip
    previous = conversation.last() if conversation else None
    if conversation is None or previous is None:
        return question
    if model is None:
        return carried(question, previous)
    prompt = load_prompt("chat.condense", lang)
    history = "\n".join(f"Q: {t.standalone}\nA: {t.answer[:300]}" for t in conversation.turns[-3:])
    try:
        rewritten = model.complete(
            [
                ("system", prompt.text("system")),
                ("user", prompt.text("user", history=history, question=question)),
            ]
        ).text.strip()
    except LLMError:
        return carried(question, previous)
    return rewritten.splitlines()[0].strip() if rewritten else carried(question, previous)


def ask(
    question: str,
    library: Library,
    *,
    model: ChatModel | None = None,
    store: Conversations | None = None,
    conversation_id: str | None = None,
    k: int = 5,
    on_event: Event | None = None,
) -> Answer:
    """Answer ``question`` from the library; a conversation id continues an earlier one."""
    lang = question_lang(question)
    conversation = None
    if store is not None:
        conversation = store.load(conversation_id) if conversation_id else None
        if conversation is None:  # a new one, under the caller's id when it is a valid one
            valid = (
                conversation_id if conversation_id and is_conversation_id(conversation_id) else None
            )
            conversation = Conversation(valid or new_id())
    standalone = _condense(question, conversation, model, lang)
    found_passages = retrieve(standalone, library, k, lang)
    hits, passages, terms = found_passages.hits, found_passages.passages, found_passages.terms
    windows, evidence = found_passages.windows, found_passages.evidence
    quotes = found_passages.quotes
    instruction = is_instruction(standalone)
    found = not refused(standalone, found_passages) and answers(evidence)
    out_of_scope = (
        not terms.weights or terms.known_share() < OUT_OF_SCOPE_KNOWN_SHARE or instruction
    )
    result = Answer(question, standalone, lang, "extractive", False, "", [],
                    conversation_id=conversation.id if conversation else None,
                    evidence=evidence, confidence=confidence(evidence))  # fmt: skip
    if not hits:
        result.text = t("chat.empty_library", lang)
    elif not found:
        result.out_of_scope = out_of_scope
        result.text = t("chat.out_of_scope" if out_of_scope else "chat.not_found", lang)
        result.see_also = [] if out_of_scope else _see_also(passages)
    elif model is not None:
        _answer_with_model(result, model, passages, windows, quotes, lang, on_event)
    else:
        _answer_extractive(result, quotes)
    if on_event:
        on_event({"event": "answer", "answer": answer_json(result)})
    if store is not None and conversation is not None:
        conversation.turns.append(Turn(question, standalone, result.text, result.found))
        store.save(conversation)
    return result


def _answer_extractive(result: Answer, quotes: list[Quote]) -> None:
    result.mode = "extractive"
    result.found = True
    result.text = _extractive_text(quotes, result.lang)
    result.citations = [q.passage.citation(q.text) for q in quotes]


def _answer_with_model(result: Answer, model: ChatModel, passages: list[Passage],
                       windows: list[Quote], quotes: list[Quote], lang: str,
                       on_event: Event | None) -> None:  # fmt: skip
    prompt = load_prompt("chat.answer", lang)
    result.prompts = [prompt.meta()]
    block = passage_tags(
        ((p.n, f"{p.hit.doc} {p.hit.section}", p.hit.text) for p in passages), lang
    )
    emit = (lambda piece: on_event({"event": "token", "text": piece})) if on_event else None
    try:
        completion = model.complete(
            [("system", prompt.text("system")), ("user", prompt.text("user", passages=block, question=result.standalone))],
            on_token=emit,
        )  # fmt: skip
    except LLMError as error:
        _answer_extractive(result, quotes)
        result.unsupported = [{"text": "", "problems": [f"endpoint_{error.kind}"]}]
        result.llm = {"model": model.name, "usage": model.usage.to_json(), "error": error.kind}
        return
    result.llm = {"model": model.name, "usage": model.usage.to_json()}
    text = completion.text.strip()
    if text.startswith(NOT_FOUND):
        result.mode, result.found = "llm", False
        result.text = t("chat.not_found", lang)
        result.see_also = _see_also(passages)
        return
    by_number = {p.n: p for p in passages}
    checked = check_answer(text, by_number)
    kept = [c for c in checked if c.supported]
    result.unsupported = [
        {"text": c.text, "problems": list(c.problems)} for c in checked if not c.supported
    ]
    if not kept:
        _answer_extractive(result, quotes)
        return
    result.mode, result.found = "llm", True
    body = "".join(c.text for c in kept) if lang == "zh-TW" else " ".join(c.text for c in kept)
    if result.unsupported:
        body += "\n" + t("chat.removed", lang, count=len(result.unsupported))
    result.text = body
    result.citations = _model_citations(kept, by_number, windows)


def _model_citations(kept: list[Checked], passages: dict[int, Passage],
                     windows: list[Quote]) -> list[dict[str, Any]]:  # fmt: skip
    """One citation per cited passage: the text the answer quoted from it, else its best window."""
    out: dict[int, dict[str, Any]] = {}
    for checked in kept:
        for n in checked.cited:
            if n in out:
                continue
            passage = passages[n]
            quote = next((q for q in checked.quotes if squash(q) in squash(passage.hit.text)), None)
            if quote is None:
                window = next((w for w in windows if w.passage.n == n), None)
                quote = window.text if window else " ".join(passage.hit.text.split())[:120]
            out[n] = passage.citation(quote)
    return [out[n] for n in sorted(out)]
