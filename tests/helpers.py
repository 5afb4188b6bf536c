"""Builders for small metrics files in tests."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from assistant.model.metrics import MetricsFile


def indicator(ind_id: str = "K1", **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": ind_id,
        "name": f"指標{ind_id}",
        "unit": "%",
        "direction": "higher",
        "target": "100",
    }
    data.update(fields)
    return data


def metrics(*goals: dict[str, Any], framework: str = "tw-kpi") -> MetricsFile:
    return MetricsFile.model_validate(
        {
            "schema": "kaoping/metrics@1",
            "agency": {"id": "demo", "name": "示範機關", "level": "central"},
            "period": "2023",
            "framework": framework,
            "goals": list(goals),
        }
    )


def goal(goal_id: str, *indicators: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"id": goal_id, "name": f"目標{goal_id}", "indicators": list(indicators), **fields}


def one(actual: Decimal | str | None, target: Decimal | str = "100", **fields: Any) -> MetricsFile:
    return metrics(goal("G1", indicator("K1", actual=actual, target=target, **fields)))
