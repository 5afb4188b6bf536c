"""The data contract (contract §1–§3) as pydantic models, and its loaders."""

from assistant.model.errors import InputProblem, KaopingInputError
from assistant.model.loaders import dump_metrics_yaml, load_metrics
from assistant.model.metrics import (
    SCHEMA_ID,
    Agency,
    Goal,
    Indicator,
    MetricsFile,
    metrics_json_schema,
)
from assistant.model.numbers import NumberFormatError, parse_decimal
from assistant.model.tables import LoadedMetrics, TableLoad, load_table

__all__ = [
    "SCHEMA_ID",
    "Agency",
    "Goal",
    "Indicator",
    "InputProblem",
    "KaopingInputError",
    "LoadedMetrics",
    "MetricsFile",
    "NumberFormatError",
    "TableLoad",
    "dump_metrics_yaml",
    "load_metrics",
    "load_table",
    "metrics_json_schema",
    "parse_decimal",
]
