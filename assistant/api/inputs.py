"""Request bodies that carry the contract's documents (metrics), checked like a file is."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assistant.api.context import Services
from assistant.model import KaopingInputError, MetricsFile
from assistant.model.metrics import consistency_problems
from assistant.model.source import SourceMap
from assistant.model.tables import LoadedMetrics
from assistant.scoring.framework import Framework
from assistant.scoring.service import framework_for, score_loaded

MAX_ID = 2**31 - 1
"""The largest id the workspace stores (its integer columns are 32-bit on PostgreSQL): an id
beyond it in a request answers 422 instead of overflowing the database driver (a 500)."""


def loaded_metrics(metrics: MetricsFile, field: str = "metrics") -> LoadedMetrics:
    """The request's metrics with the checks a file gets beyond its schema (unique ids, …)."""
    source = SourceMap(field)
    problems = consistency_problems(metrics)
    if problems:
        raise KaopingInputError([source.locate(p) for p in problems])
    return LoadedMetrics(metrics, source)


def frameworks_home(svc: Services) -> Path | None:
    return svc.settings.home if svc.settings.frameworks_dir.is_dir() else None


def framework_of(svc: Services, loaded: LoadedMetrics, override: str | None) -> Framework:
    """The framework asked for, or the metrics' own; scoring problems are raised here, first."""
    fw = framework_for(loaded, override, frameworks_home(svc))
    score_loaded(loaded, fw)
    return fw


def metrics_data(metrics: MetricsFile) -> dict[str, Any]:
    """JSON-safe plain data of the metrics (decimals as strings), to keep with a draft or review."""
    return metrics.model_dump(mode="json", by_alias=True, exclude_none=True)
