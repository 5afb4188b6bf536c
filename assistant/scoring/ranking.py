"""Rank many agencies' score reports and grade them by a quota rule (or absolute bands)."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.i18n import localized, t
from assistant.model.numbers import format_decimal
from assistant.scoring.engine import ScoreReport
from assistant.scoring.framework import Framework, QuotaRule
from assistant.scoring.quotas import competition_ranks, grade_by_quota


def rank_reports(
    reports: Sequence[ScoreReport],
    framework: Framework,
    quota: QuotaRule | None,
    lang: str | None = None,
) -> dict[str, object]:
    """Ranking JSON: units best first with rank and grade, and the rule that decided them."""
    names = {r.agency_id: r.agency_name for r in reports}
    pairs = [(r.agency_id, r.overall_score) for r in reports]
    labels = {b.id: b.label for b in framework.grades.bands}
    labels[framework.grades.not_measurable.id] = framework.grades.not_measurable.label
    own_grades = {r.agency_id: r.grade for r in reports}
    if quota is not None:
        result = grade_by_quota(pairs, quota, framework)
        units = [
            {
                "agency_id": u.id, "agency_name": names[u.id],
                "score": None if u.score is None else format_decimal(u.score),
                "rank": u.rank, "grade": u.grade,
                "grade_label": localized(
                    next((g.label for g in quota.grades if g.id == u.grade and g.label), None)
                    or labels.get(u.grade) or {"en": u.grade}, lang),
            }
            for u in result.units
        ]  # fmt: skip
        return {
            "framework": framework.id,
            "quota": quota.id,
            "rule": result.rule,
            "rule_text": t(f"txt.rule.{result.rule}", lang),
            "seats": result.seats,
            "assigned": result.assigned,
            "ties_at_boundary": [list(group) for group in result.ties_at_boundary],
            "units": units,
        }
    scored = sorted(
        ((r, r.overall_score) for r in reports if r.overall_score is not None),
        key=lambda pair: (-pair[1], pair[0].agency_id),
    )
    ranks = competition_ranks([score for _, score in scored])
    ordered: list[tuple[ScoreReport, int | None]] = [
        (r, rank) for (r, _), rank in zip(scored, ranks, strict=True)
    ]
    ordered += [
        (r, None) for r in sorted(reports, key=lambda r: r.agency_id) if r.overall_score is None
    ]
    return {
        "framework": framework.id,
        "quota": None,
        "rule": "absolute",
        "rule_text": t("cli.no_quota", lang),
        "seats": {},
        "assigned": {},
        "ties_at_boundary": [],
        "units": [
            {
                "agency_id": r.agency_id, "agency_name": r.agency_name,
                "score": None if r.overall_score is None else format_decimal(r.overall_score),
                "rank": rank, "grade": own_grades[r.agency_id].id,
                "grade_label": localized(own_grades[r.agency_id].label, lang),
            }
            for r, rank in ordered
        ],
    }  # fmt: skip
