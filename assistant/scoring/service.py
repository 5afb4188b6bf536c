"""Scoring as a service for the faces (CLI now; API and batch later).

Wraps the pure engine with what every face needs: choosing the framework
(an override, or the file's own), locating scoring problems in the user's
file, and scoring-then-ranking many agencies while one bad agency never stops
the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant.i18n import localized
from assistant.model.errors import KaopingInputError
from assistant.model.tables import AgencyFailure, LoadedMetrics
from assistant.scoring.engine import ScoreReport, score_metrics
from assistant.scoring.framework import Framework, get_framework, get_quota
from assistant.scoring.ranking import rank_reports


def framework_for(loaded: LoadedMetrics, override: str | None, home: Path | None) -> Framework:
    """``--framework`` when given, else the file's ``framework`` (an unknown one is located)."""
    if override:
        return get_framework(override, home, field="--framework")
    try:
        return get_framework(loaded.metrics.framework, home, path=("framework",))
    except KaopingInputError as exc:
        raise loaded.source.locate_all(exc) from None


def score_loaded(loaded: LoadedMetrics, framework: Framework) -> ScoreReport:
    """Score a loaded file; a problem (say, a missing baseline) names its line."""
    try:
        return score_metrics(loaded.metrics, framework)
    except KaopingInputError as exc:
        raise loaded.source.locate_all(exc) from None


def score_and_rank(
    agencies: Sequence[LoadedMetrics],
    *,
    framework_id: str | None,
    quota_id: str | None,
    home: Path | None,
) -> tuple[dict[str, object], list[AgencyFailure]]:
    """Score every agency, rank them under one framework and grade by quota.

    The framework is ``framework_id`` or the first agency's; the quota is
    ``quota_id`` or the framework's own (none: absolute grades).
    """
    if not agencies:
        raise KaopingInputError.one("err.no_agencies")
    framework = (
        get_framework(framework_id, home, field="--framework")
        if framework_id
        else framework_for(agencies[0], None, home)
    )
    reports: list[ScoreReport] = []
    failures: list[AgencyFailure] = []
    for item in agencies:
        try:
            reports.append(score_loaded(item, framework))
        except KaopingInputError as exc:
            failures.append(AgencyFailure(item.metrics.agency.id, item.metrics.period, exc))
    rule_id = quota_id or framework.ranking.quota
    rule = get_quota(rule_id, home) if rule_id else None
    return rank_reports(reports, framework, rule), failures


def framework_json(f: Framework) -> dict[str, Any]:
    """A framework as the faces list it (CLI ``frameworks --format json``, ``GET /v1/frameworks``)."""
    return {
        "id": f.id,
        "name": f.title(),
        "description": localized(f.description),
        "sources": [s.model_dump(exclude_none=True) for s in f.sources],
        "conventions": [{"field": c.field, "note": localized(c.note)} for c in f.conventions],
        "sections": [
            {"id": s.id, "name": localized(s.name), "weight": str(s.weight)} for s in f.sections
        ],
        "ratings": [b.id for b in f.ratings.bands] + [f.ratings.not_measurable.id],
        "grades": [b.id for b in f.grades.bands] + [f.grades.not_measurable.id],
        "quota": f.ranking.quota,
    }
