"""The gap rules: one per flag kind, run sentence by sentence over the narrative.

A sentence is tied to indicators by the mentions in it, or — when it names
none — by the indicator its paragraph (or, failing that, its section heading)
was last about. Numbers go to the nearest indicator mentioned before them whose
unit fits. Every comparison uses the scoring core's results and the stated
precision and qualifier of the claim, so that a correctly rounded statement of
the truth is never flagged.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from assistant.claims.linking import IndicatorIndex, Mention
from assistant.claims.quantities import Quantity, find_quantities
from assistant.claims.text import Sentence, clause_bounds, split_sentences
from assistant.claims.units import base_unit_text, in_indicator_unit
from assistant.claims.words import compares_with_last_year, find_lights, find_status, find_trends
from assistant.model.metrics import MetricsFile
from assistant.model.numbers import format_decimal
from assistant.review.facts import Facts, build_facts, period_key
from assistant.review.flags import Flag, FlagKind, Severity
from assistant.scoring.engine import ScoreReport, score_metrics
from assistant.scoring.framework import Framework

_SERIES_CUE = re.compile(
    r"\d{2,4}\s*年?\s*(至|到|-|～|~)\s*\d{2,4}\s*年|分別為|分別是|respectively", re.I
)
_PLANNED_CUE = re.compile(r"(原訂|原定|預定|預計|原規劃)[\u4e00-\u9fff]{0,4}$")
_TARGET_CUE = re.compile(
    r"(目標值|目標|預定|原訂|原定|預期|預估|設定|targets?|goal)\s*(值|為|是|訂為|定為|訂|of|was|is|at|:)?\s*$",
    re.I,
)
_ACHIEVEMENT_CUE = re.compile(
    r"(達成度|達成率|達成比率|達成比例|achievement( rate)?)\s*(為|是|達|約|of|was|is|:)?\s*$", re.I
)
_CHANGE_CUE = re.compile(
    r"(增加|減少|成長|提升|下降|降低|增長|上升|縮短|提高|多|少|increased|decreased|rose|fell|grew|dropped|up|down)\s*(了|by)?\s*(約|逾|近)?\s*$",
    re.I,
)
_ACTUAL_CUE = re.compile(
    r"(達到|達|為|實際值?為?|提升至|提高至|增至|增為|增加至|降至|減至|減為|下降至|縮短至|成長至|"
    r"reached|was|were|stood at|rose to|fell to|increased to|decreased to|took|averaged|cut to|dropped to|"
    r"came to|totall?ed|amounted to|reduced to|shortened to)\s*(\d{2,4}\s*年度?之?)?\s*(約|逾|近|將近|超過|達)?\s*$",
    re.I,
)
_YEAR_CUE = re.compile(r"(\d{2,4})\s*年")
_LAST_YEAR_CUE = re.compile(r"去年|上年度|上一年|前一年|前年度|last year", re.I)
_BASELINE_CUE = re.compile(r"基準值|基期|baseline", re.I)
_CAUSE = re.compile(
    r"因(?!應|此|而)|由於|受[^。]{0,40}?影響|主因|原因|導致|致使|致未|肇因|係因|due to|because|owing to|caused by|as a result of|"
    r"mainly as|main cause|the cause|reason",
    re.I,
)
_REMEDY = re.compile(
    r"將|已(?!達|超|逾|見)|改善|加強|檢討|精進|研議|強化|增補|修正|督促|擴大辦理|"
    r"will|plan to|plans to|has set up|have set up|measures to|improve|strengthen|review",
    re.I,
)
_ACHIEVING = re.compile(
    r"達|完成|累計|提升|成長|增加|辦理|服務|共計|計有|參與|受益|培訓|輔導|核發|補助|協助|核貸|帶動|創造|促成|媒合|"
    r"吸引|新增|招募|出版|發放|查核|稽查|取締|救助|查獲|破獲|裁罰|救出|搶救|reached|served|completed|held|delivered|provided|trained|"
    r"planted|built|installed|opened|hosted|organi[sz]ed|recruited|issued|handled|processed|repaired|upgraded|"
    r"achieved|drew|attracted|created|assisted|approved|inspected|published|supported|helped",
    re.I,
)
_FUTURE = re.compile(r"預計|將於|將|規劃|未來|計畫於|擬|expected to|will|plan(s|ned)? to", re.I)
# 未達成原因及改善措施：… / Cause of the shortfall and remedy: … (the rest of the paragraph is the cause)
_CAUSE_LABEL = re.compile(r"原因[^。：:]{0,14}[:：]|(cause|shortfall)[^.:]{0,48}:", re.I)
_AGGREGATE = re.compile(
    r"本(策略)?(績效)?目標|目標分數|整體分數|總分|\boverall score|\bthis goal|\bgoal score", re.I
)
_CLAUSE_CAUSE = re.compile(r"(因(?!應|此|而)|由於|主因|受|致使|導致|原因)")
_CLAUSE_FUTURE = re.compile(r"將|預計|未來|規劃|擬|計畫於|will|plan to|aim to", re.I)
# A sentence opening with one of these turns to a new subject: it inherits no indicator.
_NEW_TOPIC = re.compile(
    r"^\s*(此外|另外|另|同時|另一方面|除此之外|其他|其它|in addition|also|moreover|furthermore|besides)",
    re.I,
)
_TARGET_AFTER = re.compile(
    r"^\s*(以上|以下|左右)?\s*(的|之)?\s*[\u4e00-\u9fff]{0,4}?(目標值?)"
    r"|^\s*(-?[a-z]+\s+)?(annual\s+)?(targets?|goals?)\b",
    re.I,
)
# 較年度目標多出約 2 千件: a difference from the target, not a value
_VS_TARGET_CUE = re.compile(
    r"(較|比)[^，。；;]{0,12}?(目標值?|預定)[^，。；;]{0,12}?(多出?|少|高出?|低|超出|增加|減少|提前|縮短)[\u4e00-\u9fff]{0,2}?了?\s*(約|逾|近)?\s*$"
    r"|(above|below|over|under) (the )?target by\s*$",
    re.I,
)


@dataclass
class _Context:
    metrics: MetricsFile
    framework: Framework
    text: str
    facts: dict[str, Facts]
    index: IndicatorIndex
    units: tuple[str, ...]
    flags: list[Flag] = field(default_factory=list)
    mentioned: dict[str, list[Sentence]] = field(default_factory=dict)
    # up to two sentences right after an indicator's last mention that name no indicator:
    # the remedy often opens the next paragraph (本署已於 113 年成立專案小組…)
    following: dict[str, list[Sentence]] = field(default_factory=dict)

    def flag(
        self,
        kind: FlagKind,
        indicator_id: str | None,
        severity: Severity,
        sentence: Sentence | None,
        claimed: str | None,
        objective: str | None,
        message_id: str,
        **params: object,
    ) -> None:
        name = self.facts[indicator_id].indicator.name if indicator_id in self.facts else ""
        self.flags.append(
            Flag(
                kind=kind,
                indicator_id=indicator_id,
                severity=severity,
                span=(sentence.start, sentence.end) if sentence else None,
                quote=sentence.quote(self.text) if sentence else None,
                claimed=claimed,
                objective=objective,
                message_id=message_id,
                params={"id": indicator_id or "", "name": name, "claimed": claimed or "",
                        "objective": objective or "", **params},
            )
        )  # fmt: skip


def _num(value: Decimal | None) -> str | None:
    return (
        None
        if value is None
        else format_decimal(value.normalize() if value == value.to_integral_value() else value)
    )


def consistent(value: Decimal, precision: Decimal, qualifier: str, truth: Decimal) -> bool:
    """Whether a statement (value, stated precision, qualifier) fits the true value."""
    half = precision / 2
    if qualifier == "lower":
        return truth >= value - half * Decimal("0.0001")
    if qualifier == "upper":
        return truth < value
    if qualifier == "near":
        below = precision if precision >= 1 else Decimal(1)
        return value - below <= truth <= value + min(half, Decimal("0.5"))
    if qualifier == "approx":
        return abs(truth - value) <= max(precision, half)
    return abs(truth - value) <= half


def _context(
    metrics: MetricsFile, framework: Framework, text: str, report: ScoreReport | None = None
) -> _Context:
    report = report or score_metrics(metrics, framework)
    facts = build_facts(metrics, report)
    return _Context(
        metrics, framework, text, facts, IndicatorIndex(metrics),
        tuple(sorted({u for _, _, _, i in metrics.indicators() if i.unit for u in (i.unit, base_unit_text(i.unit))})),
    )  # fmt: skip


def self_rating_flags(
    metrics: MetricsFile, framework: Framework, report: ScoreReport | None = None
) -> list[Flag]:
    """Only the agency's own lights against the computed ones (no narrative to read)."""
    ctx = _context(metrics, framework, "", report)
    _self_ratings(ctx)
    return _dedupe(ctx.flags)


def review_text(metrics: MetricsFile, framework: Framework, text: str) -> list[Flag]:
    """Every gap between ``text`` and the data of ``metrics`` scored under ``framework``."""
    ctx = _context(metrics, framework, text)
    paragraph_ids: list[str] = []
    section_ids: list[str] = []
    last_named: list[str] = []
    after_count = 0
    current_paragraph = -1
    cause_paragraph = -1
    cause_owners: list[str] = []
    for sentence in split_sentences(text):
        mentions = ctx.index.mentions(sentence.text)
        label = _CAUSE_LABEL.search(sentence.text)
        cause_from = 0 if sentence.paragraph == cause_paragraph else None
        if label and cause_from is None:
            cause_from, cause_paragraph = label.end(), sentence.paragraph
            # the cause belongs to the indicator named before its label, even when the cause
            # itself names another one (研究計畫因儀器交貨延遲而延後執行)
            named = [m.indicator_id for m in mentions if m.start < label.start()]
            cause_owners = list(dict.fromkeys(named)) or list(last_named)
        if cause_from is not None:
            for indicator_id in cause_owners:
                ctx.following.setdefault(indicator_id, []).append(sentence)
        direct = list(dict.fromkeys(m.indicator_id for m in mentions))
        if sentence.paragraph != current_paragraph:
            current_paragraph, paragraph_ids = sentence.paragraph, []
        if sentence.heading:
            section_ids = direct
        fallback = paragraph_ids or ([] if sentence.heading else section_ids)
        if _NEW_TOPIC.match(sentence.text):
            fallback = []
        linked = direct or fallback
        if direct:
            paragraph_ids = direct
        if last_named and after_count < 2 and not sentence.heading:
            # the sentence right after a mention may carry its remedy even when it names another
            # indicator (本中心已…並將對發生事故之礦場實施加強檢查); later ones only if they name none
            if after_count == 0 or not direct:
                for indicator_id in last_named:
                    if indicator_id not in direct:
                        ctx.following.setdefault(indicator_id, []).append(sentence)
            after_count += 1
        if direct:
            last_named, after_count = direct, 0
        for indicator_id in linked:
            ctx.mentioned.setdefault(indicator_id, []).append(sentence)
        _numbers(ctx, sentence, mentions, fallback, cause_from)
        if not sentence.heading:
            _status(ctx, sentence, mentions, fallback)
            _trends(ctx, sentence, mentions, fallback, cause_from)
            _lights(ctx, sentence, mentions, fallback)
    _self_ratings(ctx)
    _omitted_shortfalls(ctx)
    return _dedupe(ctx.flags)


# --- numbers ---------------------------------------------------------------------------


def _owners(position: int, mentions: list[Mention], fallback: list[str]) -> list[str]:
    before = [m for m in mentions if m.start < position]
    if before:
        nearest = max(before, key=lambda m: (m.start, m.end))
        return [m.indicator_id for m in before if (m.start, m.end) == (nearest.start, nearest.end)]
    if mentions:
        first = min(mentions, key=lambda m: m.start)
        return [m.indicator_id for m in mentions if m.start == first.start]
    return list(fallback)


def _inside(spans: Iterable[tuple[int, int]], q: Quantity) -> bool:
    return any(start <= q.start < end for start, end in spans)


def _numbers(
    ctx: _Context,
    sentence: Sentence,
    mentions: list[Mention],
    fallback: list[str],
    cause_from: int | None = None,
) -> None:
    name_spans = ctx.index.names_spans(sentence.text)
    unattached: list[Quantity] = []
    for q in find_quantities(sentence.text, ctx.units):
        if _inside(name_spans, q):
            continue
        named_before = any(m.end <= q.start for m in mentions)
        if cause_from is not None and q.start >= cause_from and not named_before:
            continue  # 救護案件量較去年增加一成 in the stated cause: about the cause, not the result
        if not named_before and _AGGREGATE.search(sentence.text[: q.start]):
            continue  # 目標分數99.39分, 整體分數: the goal's or the report's score
        if _CLAUSE_CAUSE.search(sentence.text[clause_bounds(sentence.text, q.start)[0] : q.start]):
            continue  # 因颱風取消8場: numbers in a cause describe the cause, not the result
        before_in_clause = sentence.text[clause_bounds(sentence.text, q.start)[0] : q.start]
        if (
            re.match(r"^\s*之(?!.{0,6}目標)", sentence.text[q.end : q.end + 8])
            and "目標" not in before_in_clause
        ):
            continue  # 150分鐘之SH150方案: a description, not a result
        owners = [ctx.facts[i] for i in _owners(q.start, mentions, fallback)]
        if q.noun_unit and not mentions:
            owners = []  # "9,500 job seekers" in a sentence naming no indicator is about something else
        fitting = [
            f for f in owners if q.percent or q.points or in_indicator_unit(q, f.indicator.unit)
        ]
        if not fitting:
            if (q.unit or q.percent) and not _CLAUSE_CAUSE.search(sentence.text[: q.start]):
                unattached.append(q)  # (after 主因係… a number describes the cause, not a result)
            continue
        mention_end = max((m.end for m in mentions if m.end <= q.start), default=0)
        clause_start, _ = clause_bounds(sentence.text, q.start)
        between = sentence.text[max(mention_end, clause_start) : q.start]
        clause_before = sentence.text[clause_start : q.start]
        after = sentence.text[q.end : q.end + 16]
        if _CLAUSE_FUTURE.search(clause_before) and not _TARGET_CUE.search(between):
            continue  # 將於113年完成5處: a plan, not a result
        verdicts = [_check_number(ctx, q, f, between, clause_before, after) for f in fitting]
        if any(v is None for v in verdicts) or all(v == "skip" for v in verdicts):
            continue
        for facts, verdict in zip(fitting, verdicts, strict=True):
            if isinstance(verdict, tuple):
                kind, objective, severity = verdict
                message = (
                    "flag.target_misstatement"
                    if kind is FlagKind.target_misstatement
                    else (
                        "flag.number_mismatch_na"
                        if facts.actual is None
                        else "flag.number_mismatch"
                    )
                )
                ctx.flag(kind, facts.id, severity, sentence, q.text.strip(), objective, message)
                break
    claims_something = _ACHIEVING.search(sentence.text) and not _FUTURE.search(sentence.text)
    about_all = ctx.index.scope(sentence.text, mentions) is not None
    if (
        mentions
    ):  # in a sentence about an indicator, only a known unit that fits none is another claim
        unattached = [q for q in unattached if not q.noun_unit]
    if unattached and claims_something and not about_all:
        _unsupported(ctx, sentence, unattached)


_COORDINATED = re.compile(r"[，,；;]\s*(?=並|且|另|同時|亦|以及|and also|as well as)")


_INDICATOR_NOUN = re.compile(r"(關鍵績效|績效)?(指標|目標)|KPI|達成|未達", re.I)
_INDICATOR_NOUN_EN = re.compile(
    r"^(key performance|indicators?|KPIs?|strategic goals?|goals?)\b", re.I
)


def _counts_indicators(sentence: Sentence, q: Quantity) -> bool:
    """4項指標中有2項達成目標, 12 key performance indicators: a count of the report's own items."""
    if q.noun_unit:
        return bool(_INDICATOR_NOUN_EN.match(q.unit))
    if q.unit not in ("項", "個"):
        return False
    near = sentence.text[max(0, q.start - 6) : q.end + 10]
    return bool(_INDICATOR_NOUN.search(near))


def _unsupported(ctx: _Context, sentence: Sentence, quantities: list[Quantity]) -> None:
    """One flag per distinct claim: claims joined by 並/且/同時 are separate achievements."""
    cuts = [0, *(m.end() for m in _COORDINATED.finditer(sentence.text)), len(sentence.text)]
    for start, end in itertools.pairwise(cuts):
        inside = [
            q for q in quantities if start <= q.start < end and not _counts_indicators(sentence, q)
        ]
        inside = [q for q in inside if _ACHIEVING.search(_clause_of(sentence.text, q, start))]
        if not inside:
            continue  # the achievement verb must be in the claim's own clause, not elsewhere in the sentence
        part = sentence if (start, end) == (0, len(sentence.text)) else _part(sentence, start, end)
        claimed = "、".join(q.text.strip() for q in inside)
        ctx.flag(
            FlagKind.unsupported_claim, None, "low", part, claimed, None, "flag.unsupported_claim"
        )


def _clause_of(text: str, q: Quantity, floor: int) -> str:
    """The clause holding ``q``, widened back to the previous clause when it opens with the number."""
    clause_start, clause_end = clause_bounds(text, q.start)
    if not text[clause_start : q.start].strip() and clause_start > floor:
        clause_start = clause_bounds(text, max(floor, clause_start - 2))[0]
    return text[max(floor, clause_start) : clause_end]


def _part(sentence: Sentence, start: int, end: int) -> Sentence:
    text = sentence.text[start:end].rstrip("，,；; ")
    return Sentence(
        sentence.start + start,
        sentence.start + start + len(text),
        text,
        sentence.paragraph,
        sentence.heading,
    )


Verdict = (
    tuple[FlagKind, str | None, Severity] | str | None
)  # None: consistent; "skip": cannot tell


def _better(facts: Facts, claimed: Decimal, truth: Decimal) -> bool:
    return claimed > truth if facts.indicator.direction == "higher" else claimed < truth


def _check_number(
    ctx: _Context, q: Quantity, facts: Facts, between: str, clause_before: str, after: str
) -> Verdict:
    ind = facts.indicator
    converted = in_indicator_unit(q, ind.unit)
    bare = not q.unit and not q.percent and not q.points and bool(ind.unit.strip())
    if bare and not _ACTUAL_CUE.search(between) and not _TARGET_CUE.search(between):
        # officers write the unit with a value (92.3%、6.4 天); a bare number with no verb before it
        # (COVID-19, 2.0, 110至114年) is rarely the indicator's value
        return "skip"
    if _VS_TARGET_CUE.search(between):
        if facts.actual is None or converted is None:
            return "skip"
        value, precision = converted
        gap = abs(facts.actual - ind.target)
        return (
            None
            if consistent(value, precision, q.qualifier, gap)
            else (FlagKind.number_mismatch, _num(gap), "medium")
        )
    if _CHANGE_CUE.search(between):
        return _check_change(ctx, q, facts)
    if _TARGET_CUE.search(between) or _TARGET_AFTER.match(after) or _PLANNED_CUE.search(between):
        if converted is None:
            return "skip"
        value, precision = converted
        # a target is written exactly (1,600億元 is not "about 1,650"), so only its decimals count;
        # 略低於八成之年度目標: the qualifier compares the actual with the target, it does not qualify it
        written = _written_precision(q)
        if written is not None and q.value:
            precision = min(precision, written * value / q.value)
        if consistent(value, precision, "exact", ind.target):
            return None
        severity: Severity = (
            "high"
            if facts.actual is not None and not _better(facts, ind.target, value)
            else "medium"
        )
        return FlagKind.target_misstatement, _num(ind.target), severity
    if _ACHIEVEMENT_CUE.search(between) and "達成率" not in ind.name:
        if not q.percent:
            return "skip"
        achieved = facts.score.achievement
        if achieved is not None and consistent(q.value, q.precision, q.qualifier, achieved):
            return None
        return FlagKind.number_mismatch, _num(achieved), "high"
    if _BASELINE_CUE.search(clause_before):
        return "skip"
    if _SERIES_CUE.search(clause_before):
        return (
            "skip" if not _fits_known(q, facts) else None
        )  # 110年至112年分別為…: a series of years
    years = _YEAR_CUE.findall(clause_before)
    year = (
        years[-1] if years else None
    )  # the year nearest the number: 由110年之8.3分鐘縮短至112年之6.8分鐘
    current = period_key(ctx.metrics.period)
    if year and current and (period_key(year) or (0, ""))[0] != current[0]:
        return "skip"  # a value for another year
    if _LAST_YEAR_CUE.search(clause_before):
        return "skip"
    if q.percent and not facts.percent:
        achieved = facts.score.achievement
        others = [achieved] if achieved is not None else []
        return (
            None
            if any(consistent(q.value, q.precision, q.qualifier, v) for v in others)
            else "skip"
        )
    if converted is None:
        return "skip"
    value, precision = converted
    stated = _ACTUAL_CUE.search(between) or q.qualifier != "exact" or len(between.strip()) <= 8
    if not stated and not _fits_known(q, facts):
        return (
            "skip"  # far from the indicator's name with no verb: more likely about something else
        )
    known = facts.reference_values()
    if facts.percent and facts.score.achievement is not None:
        known.append(facts.score.achievement)
    if facts.actual is not None and consistent(value, precision, q.qualifier, facts.actual):
        return None
    # A plain number may be about the target, baseline or history; a qualified one
    # (逾 95%) or one stated as the result (達 95%、降至 5.8 天) is about the actual.
    plain = q.qualifier == "exact" and not _ACTUAL_CUE.search(between)
    if plain and any(consistent(value, precision, "exact", v) for v in known):
        return None
    if facts.actual is None:
        return FlagKind.number_mismatch, None, "high"
    severity = "high" if _better(facts, value, facts.actual) else "medium"
    return FlagKind.number_mismatch, _num(facts.actual), severity


_SCALES = {"十": 10, "百": 100, "千": 1000, "萬": 10**4, "億": 10**8, "兆": 10**12}


def _written_precision(q: Quantity) -> Decimal | None:
    """The last digit as written (1,600億 -> 1億; 92.5 -> 0.1), or None for Chinese numerals."""
    match = re.search(r"(\d[\d,]*)(?:\.(\d+))?\s*([十百千萬億兆])?(?!.*\d)", q.text)
    if match is None or "成" in q.text:
        return None
    decimals = len(match.group(2) or "")
    return Decimal(1).scaleb(-decimals) * _SCALES.get(match.group(3) or "", 1)


def _fits_known(q: Quantity, facts: Facts) -> bool:
    """Whether a number equals (within its precision) any value the data holds for the indicator."""
    converted = in_indicator_unit(q, facts.indicator.unit)
    if converted is None:
        return False
    value, precision = converted
    known = [*facts.reference_values(), *([facts.actual] if facts.actual is not None else [])]
    return any(consistent(value, precision, "exact", v) for v in known)


def _check_change(ctx: _Context, q: Quantity, facts: Facts) -> Verdict:
    previous = facts.previous(ctx.metrics.period)
    if previous is None:
        return "skip"
    if facts.actual is None:
        return FlagKind.number_mismatch, None, "high"
    delta = facts.actual - previous
    candidates: list[Decimal] = []
    if q.points:
        if facts.percent:
            candidates.append(abs(delta))
    elif q.percent:
        if previous != 0:
            candidates.append(abs(delta / previous * 100))
        if facts.percent:
            candidates.append(abs(delta))
    else:
        converted = in_indicator_unit(q, facts.indicator.unit)
        if converted is None:
            return "skip"
        value, precision = converted
        if consistent(value, precision, q.qualifier, abs(delta)):
            return None
        return FlagKind.number_mismatch, _num(abs(delta)), "medium"
    if not candidates:
        return "skip"
    if any(consistent(q.value, q.precision, q.qualifier, c) for c in candidates):
        return None
    return FlagKind.number_mismatch, _num(round(candidates[0], 2)), "medium"


# --- status, trends, lights ------------------------------------------------------------


def _word_owners(
    ctx: _Context, sentence: Sentence, position: int, mentions: list[Mention], fallback: list[str]
) -> list[str]:
    scope = ctx.index.scope(sentence.text, mentions)
    if scope == "all":
        return list(ctx.facts)
    if scope == "others":
        named = {m.indicator_id for m in mentions}
        return [i for i in ctx.facts if i not in named]
    return _owners(position, mentions, fallback)


# 達成目標者7項、7項指標達成目標: a count of indicators, not a claim about each of them
_TALLY = re.compile(
    r"[\d０-９一二三四五六七八九十兩]+\s*(項|個)(指標|關鍵績效指標|KPI)?|\b\d+\s+(of\s+(the|them|which)|indicators?|KPIs?)\b",
    re.I,
)


def _tally(sentence: Sentence, position: int, mentions: list[Mention]) -> bool:
    """The status word counts indicators in a clause that names none of them."""
    start, end = clause_bounds(sentence.text, position)
    if any(start <= m.start < end for m in mentions):
        return False
    return bool(_TALLY.search(sentence.text[start:end]))


def _status(
    ctx: _Context, sentence: Sentence, mentions: list[Mention], fallback: list[str]
) -> None:
    for word in find_status(sentence.text):
        if word.polarity != "met" or _tally(sentence, word.start, mentions):
            continue
        for indicator_id in _word_owners(ctx, sentence, word.start, mentions, fallback):
            facts = ctx.facts[indicator_id]
            if facts.met is True:
                continue
            achieved = facts.score.achievement
            objective = f"{_num(achieved)}%" if achieved is not None else facts.score.rating.id
            message = "flag.status_overclaim_na" if achieved is None else "flag.status_overclaim"
            ctx.flag(
                FlagKind.status_overclaim,
                indicator_id,
                "high",
                sentence,
                word.text,
                objective,
                message,
            )


def _trends(
    ctx: _Context,
    sentence: Sentence,
    mentions: list[Mention],
    fallback: list[str],
    cause_from: int | None = None,
) -> None:
    for word in find_trends(sentence.text):
        if cause_from is not None and word.start >= cause_from:
            continue  # inside the stated cause and remedy: 公文案件數較去年增加 is a cause, not a result
        if any(start <= word.start < end for start, end in ctx.index.names_spans(sentence.text)):
            continue  # 人行道新建及改善長度: part of an indicator's name
        clause_start, clause_end = clause_bounds(sentence.text, word.start)
        in_clause = [m for m in mentions if clause_start <= m.start < clause_end]
        clause_text = sentence.text[clause_start : word.start]
        if _CLAUSE_CAUSE.search(clause_text) or _CLAUSE_FUTURE.search(clause_text):
            continue
        if in_clause:
            owners = _owners(word.start, in_clause, [])
        elif (
            compares_with_last_year(sentence.text[:clause_end]) or word.steady or clause_start == 0
        ):
            owners = _owners(word.start, mentions, fallback)
        else:
            continue
        for indicator_id in owners:
            _check_trend(
                ctx, sentence, word.direction, word.steady, word.text, ctx.facts[indicator_id]
            )


def _check_trend(
    ctx: _Context, sentence: Sentence, direction: str, steady: bool, text: str, facts: Facts
) -> None:
    series = facts.series(ctx.metrics.period)
    if facts.actual is None or len(series) < 2:
        return
    if direction in ("better", "worse"):
        up_is_better = facts.indicator.direction == "higher"
        direction = "up" if (direction == "better") == up_is_better else "down"
    pairs = list(itertools.pairwise(series)) if steady else [(series[-2], series[-1])]
    wrong = [(a, b) for a, b in pairs if (b <= a if direction == "up" else b >= a)]
    if wrong:
        shown = " → ".join(_num(v) or "" for v in (series if steady else series[-2:]))
        ctx.flag(
            FlagKind.trend_mismatch,
            facts.id,
            "medium",
            sentence,
            text,
            shown,
            "flag.trend_mismatch",
        )


def _lights(
    ctx: _Context, sentence: Sentence, mentions: list[Mention], fallback: list[str]
) -> None:
    ratings = ctx.framework.ratings
    for word in find_lights(sentence.text):
        if ratings.find(word.rating) is None:
            continue
        if not mentions and _AGGREGATE.search(sentence.text[: word.start]):
            continue  # 本目標…目標分數96.79分，列為黃燈: the goal's light, not an indicator's
        for indicator_id in _word_owners(ctx, sentence, word.start, mentions, fallback):
            computed = ctx.facts[indicator_id].score.rating
            if ratings.rank(word.rating) < _honest_rank(ctx, ctx.facts[indicator_id]):
                claimed = ratings.find(word.rating)
                ctx.flag(FlagKind.grade_inflation, indicator_id, "medium", sentence, word.rating,
                         computed.id, "flag.grade_inflation_text",
                         claimed_label=claimed.label if claimed else word.rating,
                         objective_label=computed.label)  # fmt: skip


def _honest_rank(ctx: _Context, facts: Facts) -> int:
    """The rank of the light the data gives; for a not-measurable indicator, the lowest light
    (自評為白燈 is honest there, anything better is inflation)."""
    ratings = ctx.framework.ratings
    return len(ratings.bands) - 1 if facts.met is None else ratings.rank(facts.score.rating.id)


def _self_ratings(ctx: _Context) -> None:
    ratings = ctx.framework.ratings
    flagged = {f.indicator_id for f in ctx.flags if f.kind is FlagKind.grade_inflation}
    for facts in ctx.facts.values():
        claimed = facts.indicator.self_rating
        if not claimed or facts.id in flagged:
            continue
        band = ratings.find(claimed)
        computed = facts.score.rating
        if band is not None and ratings.rank(band.id) < _honest_rank(ctx, facts):
            ctx.flag(FlagKind.grade_inflation, facts.id, "medium", None, band.id, computed.id,
                     "flag.grade_inflation", claimed_label=band.label, objective_label=computed.label)  # fmt: skip


def _omitted_shortfalls(ctx: _Context) -> None:
    for facts in ctx.facts.values():
        if facts.met is not False:
            continue
        sentences = ctx.mentioned.get(facts.id, [])
        achieved = f"{_num(facts.score.achievement)}%"
        if not sentences:
            ctx.flag(
                FlagKind.omitted_shortfall,
                facts.id,
                "high",
                None,
                None,
                achieved,
                "flag.omitted_shortfall",
            )
            continue
        joined = " ".join(s.text for s in sentences + ctx.following.get(facts.id, []))
        if not (_CAUSE.search(joined) and _REMEDY.search(joined)):
            ctx.flag(FlagKind.omitted_shortfall, facts.id, "medium", None, None, achieved,
                     "flag.omitted_shortfall_no_cause")  # fmt: skip


def _dedupe(flags: list[Flag]) -> list[Flag]:
    seen: set[tuple[object, ...]] = set()
    out = []
    for flag in flags:
        key = (flag.kind, flag.indicator_id, flag.span)
        if key in seen:
            continue
        seen.add(key)
        out.append(flag)
    order = list(FlagKind)
    return sorted(
        out,
        key=lambda f: (f.span[0] if f.span else 10**12, order.index(f.kind), f.indicator_id or ""),
    )
