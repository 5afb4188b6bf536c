"""Read a metrics file (YAML, JSON, or a one-agency CSV/XLSX table) and write one back."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from assistant.model.errors import WHOLE_FILE, KaopingInputError
from assistant.model.metrics import MetricsFile
from assistant.model.numbers import format_decimal
from assistant.model.source import decode_utf8, load_json_text, load_yaml_text, read_input_bytes
from assistant.model.tables import LoadedMetrics, load_table
from assistant.model.validation import validate_metrics

YAML_SUFFIXES = (".yaml", ".yml")
TABLE_SUFFIXES = (".csv", ".xlsx", ".xlsm")


def load_metrics(path: Path, file: str | None = None) -> LoadedMetrics:
    """Load and validate one metrics file; every problem names file, line and field."""
    file = file or str(path)
    suffix = path.suffix.lower()
    if suffix in TABLE_SUFFIXES:
        table = load_table(path, file)
        if table.failures:
            raise table.failures[0].error
        if len(table.agencies) != 1:
            raise KaopingInputError.one(
                "err.table_many_agencies", file=file, count=len(table.agencies)
            )
        return table.agencies[0]
    if suffix not in (*YAML_SUFFIXES, ".json"):
        raise KaopingInputError.one("err.metrics_type", file=file, suffix=suffix or "?")
    text = decode_utf8(read_input_bytes(path, file), file)
    if not text.strip():
        raise KaopingInputError.one("err.empty_file", file=file, line=1, field=WHOLE_FILE)
    data, smap = load_json_text(text, file) if suffix == ".json" else load_yaml_text(text, file)
    return LoadedMetrics(validate_metrics(data, smap), smap)


class _MetricsDumper(yaml.SafeDumper):
    """Writes decimals as plain YAML numbers, exactly as stored."""


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:float", format_decimal(value))


_MetricsDumper.add_representer(Decimal, _represent_decimal)


def metrics_to_data(metrics: MetricsFile) -> dict[str, Any]:
    """Plain data in contract order, without empty optional fields."""
    data = metrics.model_dump(mode="python", by_alias=True, exclude_none=True)
    for goal in data["goals"]:
        for ind in goal["indicators"]:
            if not ind.get("history"):
                ind.pop("history", None)
            if not ind.get("aliases"):
                ind.pop("aliases", None)
            if ind.get("unit") == "":
                ind.pop("unit")
    # An indicator without an actual value is explicitly "not yet measurable".
    for goal, model_goal in zip(data["goals"], metrics.goals, strict=True):
        for ind, model_ind in zip(goal["indicators"], model_goal.indicators, strict=True):
            if model_ind.actual is None:
                ind["actual"] = None
    return data


def dump_metrics_yaml(metrics: MetricsFile) -> str:
    return yaml.dump(
        metrics_to_data(metrics),
        Dumper=_MetricsDumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100,
    )
