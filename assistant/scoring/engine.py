"""Score one metrics file under one framework: indicators, goals, sections, overall.

Each step rounds half-up once, at the places the framework names, and the next
step reads the rounded value the report shows: achievement -> points (capped
achievement) -> goal score (weighted mean of points over measurable
indicators) -> section score (weighted mean of its goals) -> overall (weighted
mean of goals, or of sections when the framework has them). A rating is decided
on the rounded achievement, a grade on the rounded overall score.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, localcontext

from assistant.i18n import localized, t
from assistant.model.errors import InputProblem, KaopingInputError, ModelPath
from assistant.model.metrics import Goal, Indicator, MetricsFile
from assistant.model.numbers import format_decimal
from assistant.scoring.achievement import MissingBaselineError, achievement, capped, round_half_up
from assistant.scoring.framework import Band, Framework, Outcome, Section


@dataclass(frozen=True)
class IndicatorScore:
    id: str
    goal_id: str
    name: str
    unit: str
    direction: str
    method: str
    baseline: Decimal | None
    target: Decimal
    actual: Decimal | None
    weight: Decimal
    achievement: Decimal | None
    rating: Band | Outcome
    points: Decimal | None
    self_rating: str | None


@dataclass(frozen=True)
class GoalScore:
    id: str
    name: str
    weight: Decimal
    section: str | None
    score: Decimal | None
    rating: Band | Outcome
    measured: int
    total: int


@dataclass(frozen=True)
class SectionScore:
    section: Section
    score: Decimal | None
    goals: tuple[str, ...]


@dataclass(frozen=True)
class Note:
    code: str
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ScoreReport:
    """The deterministic result; :func:`report_json` renders contract §4.1."""

    agency_id: str
    agency_name: str
    period: str
    framework: Framework
    indicators: tuple[IndicatorScore, ...]
    goals: tuple[GoalScore, ...]
    sections: tuple[SectionScore, ...]
    overall_score: Decimal | None
    grade: Band | Outcome
    notes: tuple[Note, ...]


def _weighted_mean(pairs: list[tuple[Decimal, Decimal]]) -> Decimal | None:
    """Mean of values by weight over pairs with positive weight; None if there are none."""
    pairs = [(v, w) for v, w in pairs if w > 0]
    total = sum((w for _, w in pairs), Decimal(0))
    if not pairs or total == 0:
        return None
    with localcontext() as ctx:
        ctx.prec = 50
        return sum((v * w for v, w in pairs), Decimal(0)) / total


def _goal_sections(metrics: MetricsFile, fw: Framework) -> list[Section | None]:
    """Which framework section each goal is scored under (None without sections)."""
    if not fw.sections:
        return [None] * len(metrics.goals)
    found: list[Section | None] = []
    problems = []
    for gi, goal in enumerate(metrics.goals):
        keys = [goal.section] if goal.section else [goal.id, goal.name]
        section = next((s for k in keys if k and (s := fw.section_for(k))), None)
        if section is None:
            problems.append(
                InputProblem(
                    "err.unknown_section",
                    {
                        "goal": goal.id,
                        "framework": fw.id,
                        "known": ", ".join(s.id for s in fw.sections),
                    },
                    path=("goals", gi, "section"),
                )
            )
        found.append(section)
    if problems:
        raise KaopingInputError(problems)
    return found


def _indicator_weights(goal: Goal, gi: int, section: Section | None) -> list[Decimal]:
    """Weights inside a goal: from the section's sub-items when indicators name them."""
    if section is None or not section.items or not any(i.criterion for i in goal.indicators):
        return [i.weight if i.weight is not None else Decimal(1) for i in goal.indicators]
    items = []
    problems = []
    for ii, ind in enumerate(goal.indicators):
        item = section.item_for(ind.criterion) if ind.criterion else None
        if item is None:
            problems.append(
                InputProblem(
                    "err.unknown_criterion" if ind.criterion else "err.criterion_required",
                    {"value": ind.criterion or "", "section": section.id,
                     "known": ", ".join(i.id for i in section.items)},
                    path=("goals", gi, "indicators", ii, "criterion"),
                )
            )  # fmt: skip
        items.append(item)
    if problems:
        raise KaopingInputError(problems)
    counts: dict[str, int] = {}
    for item in items:
        assert item is not None
        counts[item.id] = counts.get(item.id, 0) + 1
    with localcontext() as ctx:
        ctx.prec = 50
        return [item.weight / counts[item.id] for item in items if item is not None]


def _score_indicator(
    ind: Indicator, goal: Goal, weight: Decimal, fw: Framework, path: ModelPath
) -> IndicatorScore:
    method = ind.method or fw.achievement.method_for(ind.direction)
    value: Decimal | None = None
    points: Decimal | None = None
    if ind.actual is not None:
        try:
            raw = achievement(
                method, ind.direction, ind.actual, ind.target, ind.baseline, fw.achievement.ceiling
            )
        except MissingBaselineError:
            raise KaopingInputError(
                [InputProblem("err.progress_baseline", {"id": ind.id}, path=(*path, "baseline"))]
            ) from None
        value = round_half_up(raw, fw.rounding.achievement)
        points = round_half_up(capped(value, fw.points.floor, fw.points.cap), fw.rounding.points)
    return IndicatorScore(
        id=ind.id, goal_id=goal.id, name=ind.name, unit=ind.unit, direction=ind.direction,
        method=method, baseline=ind.baseline, target=ind.target, actual=ind.actual, weight=weight,
        achievement=value, rating=fw.ratings.decide(value), points=points, self_rating=ind.self_rating,
    )  # fmt: skip


def score_metrics(metrics: MetricsFile, fw: Framework) -> ScoreReport:
    """Score ``metrics`` under ``fw``; input problems carry model paths for the loader to locate."""
    sections_of_goals = _goal_sections(metrics, fw)
    notes: list[Note] = []
    indicator_scores: list[IndicatorScore] = []
    goal_scores: list[GoalScore] = []
    for gi, (goal, section) in enumerate(zip(metrics.goals, sections_of_goals, strict=True)):
        weights = _indicator_weights(goal, gi, section)
        scored = [
            _score_indicator(ind, goal, w, fw, ("goals", gi, "indicators", ii))
            for ii, (ind, w) in enumerate(zip(goal.indicators, weights, strict=True))
        ]
        indicator_scores += scored
        mean = _weighted_mean([(s.points, s.weight) for s in scored if s.points is not None])
        score = round_half_up(mean, fw.rounding.goal) if mean is not None else None
        goal_scores.append(
            GoalScore(
                id=goal.id, name=goal.name,
                weight=goal.weight if goal.weight is not None else Decimal(1),
                section=section.id if section else None, score=score,
                rating=fw.ratings.decide(score),
                measured=sum(1 for s in scored if s.points is not None), total=len(scored),
            )
        )  # fmt: skip
        if score is None:
            notes.append(Note("note.goal_not_measurable", {"goal": goal.id}))
    section_scores = _score_sections(fw, goal_scores, notes)
    if fw.sections:
        pairs = [(s.score, s.section.weight) for s in section_scores if s.score is not None]
    else:
        pairs = [(g.score, g.weight) for g in goal_scores if g.score is not None]
    overall_mean = _weighted_mean(pairs)
    overall = round_half_up(overall_mean, fw.rounding.overall) if overall_mean is not None else None
    grade = fw.grades.decide(overall)
    if fw.not_demonstrated and not _demonstrated(fw, indicator_scores, goal_scores):
        grade = fw.not_demonstrated.grade
        notes.append(Note("note.not_demonstrated", {"section": fw.not_demonstrated.section}))
    for ind in indicator_scores:
        if ind.self_rating and fw.ratings.find(ind.self_rating) is None:
            notes.append(Note("note.self_rating_unknown", {"id": ind.id, "value": ind.self_rating}))
    return ScoreReport(
        agency_id=metrics.agency.id, agency_name=metrics.agency.name, period=metrics.period,
        framework=fw, indicators=tuple(indicator_scores), goals=tuple(goal_scores),
        sections=tuple(section_scores), overall_score=overall, grade=grade, notes=tuple(notes),
    )  # fmt: skip


def _score_sections(fw: Framework, goals: list[GoalScore], notes: list[Note]) -> list[SectionScore]:
    results = []
    for section in fw.sections:
        members = [g for g in goals if g.section == section.id]
        mean = _weighted_mean([(g.score, g.weight) for g in members if g.score is not None])
        score = round_half_up(mean, fw.rounding.section) if mean is not None else None
        if not members:
            notes.append(Note("note.section_missing", {"section": section.id}))
        elif section.weight == 0:
            notes.append(Note("note.section_outside_total", {"section": section.id}))
        results.append(SectionScore(section, score, tuple(g.id for g in members)))
    return results


def _demonstrated(fw: Framework, indicators: list[IndicatorScore], goals: list[GoalScore]) -> bool:
    rule = fw.not_demonstrated
    assert rule is not None
    goal_ids = {g.id for g in goals if g.section == rule.section}
    for ind in indicators:
        if ind.goal_id in goal_ids and all(getattr(ind, f) is not None for f in rule.requires):
            return True
    return False


def _num(value: Decimal | None) -> str | None:
    return None if value is None else format_decimal(value)


def _weight(value: Decimal) -> str:
    return format_decimal(round_half_up(value, 4).normalize())


def report_json(report: ScoreReport, lang: str | None = None) -> dict[str, object]:
    """Contract §4.1 (plus labels, goals' lights and notes), stable in order and bytes."""
    fw = report.framework
    result: dict[str, object] = {
        "agency_id": report.agency_id,
        "agency_name": report.agency_name,
        "period": report.period,
        "framework": fw.id,
        "indicators": [
            {
                "id": s.id, "goal_id": s.goal_id, "name": s.name, "unit": s.unit,
                "direction": s.direction, "method": s.method, "baseline": _num(s.baseline),
                "target": _num(s.target), "actual": _num(s.actual),
                "achievement": _num(s.achievement), "rating": s.rating.id,
                "rating_label": localized(s.rating.label, lang), "points": _num(s.points),
                "weight": _weight(s.weight), "self_rating": s.self_rating,
            }
            for s in report.indicators
        ],
        "goals": [
            {
                "id": g.id, "name": g.name, "weight": _weight(g.weight), "section": g.section,
                "score": _num(g.score), "rating": g.rating.id,
                "rating_label": localized(g.rating.label, lang),
                "measured": g.measured, "indicators": g.total,
            }
            for g in report.goals
        ],
    }  # fmt: skip
    if report.sections:
        result["sections"] = [
            {
                "id": s.section.id,
                "name": localized(s.section.name, lang),
                "weight": _weight(s.section.weight),
                "score": _num(s.score),
                "goals": list(s.goals),
            }
            for s in report.sections
        ]
    overall: dict[str, object] = {
        "score": _num(report.overall_score),
        "grade": report.grade.id,
        "grade_label": localized(report.grade.label, lang),
    }
    if isinstance(report.grade, Band) and report.grade.consequence:
        overall["consequence"] = localized(report.grade.consequence, lang)
    result["overall"] = overall
    result["notes"] = [
        {"code": n.code, "message": t(n.code, lang, **n.params)} for n in report.notes
    ]
    return result
