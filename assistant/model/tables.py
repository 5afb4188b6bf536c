"""Batch tables (contract §2): CSV or XLSX rows, one per indicator, into metrics files.

Rows of one ``agency_id`` + ``period`` form one metrics file. Every value keeps
the text the user wrote (an XLSX number is read from its shortest repr), and
every model path remembers its row and column, so a problem reads
``batch.csv, line 14, field target: …``. One bad agency never hides the others:
:func:`load_table` returns the good agencies and the failures side by side.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from assistant.model.errors import WHOLE_FILE, InputProblem, KaopingInputError, ModelPath
from assistant.model.metrics import MetricsFile
from assistant.model.source import SourceMap, decode_utf8, read_input_bytes
from assistant.model.validation import validate_metrics

REQUIRED_COLUMNS = (
    "agency_id", "agency_name", "level", "period", "goal_id", "goal_name",
    "indicator_id", "indicator_name", "direction", "target", "actual",
)  # fmt: skip
AGENCY_COLUMNS = {
    "agency_id": ("agency", "id"),
    "agency_name": ("agency", "name"),
    "level": ("agency", "level"),
    "period": ("period",),
    "framework": ("framework",),
}
GOAL_COLUMNS = {
    "goal_id": "id",
    "goal_name": "name",
    "goal_weight": "weight",
    "goal_section": "section",
}
INDICATOR_COLUMNS = {
    "indicator_id": "id", "indicator_name": "name", "definition": "definition", "type": "type",
    "unit": "unit", "direction": "direction", "baseline": "baseline", "target": "target",
    "actual": "actual", "weight": "weight", "self_rating": "self_rating",
    "data_source": "data_source", "explanation": "explanation", "method": "method",
    "criterion": "criterion",
}  # fmt: skip
HISTORY_PREFIX = "history_"

Row = tuple[int, dict[str, str]]


@dataclass
class LoadedMetrics:
    """A validated metrics file and where its values came from."""

    metrics: MetricsFile
    source: SourceMap


@dataclass
class AgencyFailure:
    """An agency whose rows could not become a valid metrics file."""

    agency_id: str
    period: str
    error: KaopingInputError


@dataclass
class TableLoad:
    file: str
    agencies: list[LoadedMetrics] = field(default_factory=list)
    failures: list[AgencyFailure] = field(default_factory=list)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value) if value != int(value) else str(int(value))
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def _normalize_header(header: list[str], file: str) -> list[str]:
    names = [h.strip().lstrip("\ufeff").lower() for h in header]
    seen: set[str] = set()
    for name in names:
        if name and name in seen:
            raise KaopingInputError.one("err.duplicate_column", file=file, line=1, field=name)
        seen.add(name)
    missing = [c for c in REQUIRED_COLUMNS if c not in seen]
    if missing:
        raise KaopingInputError.one(
            "err.missing_column", file=file, line=1, field=missing[0], columns=", ".join(missing)
        )
    return names


def read_csv_rows(data: bytes, file: str) -> list[Row]:
    text = decode_utf8(data, file)
    if not text.strip():
        raise KaopingInputError.one("err.empty_file", file=file, line=1, field=WHOLE_FILE)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
        names = _normalize_header(header, file)
        rows: list[Row] = []
        start = reader.line_num + 1
        for record in reader:
            if any(cell.strip() for cell in record):
                if len(record) > len(names):
                    raise KaopingInputError.one(
                        "err.row_too_long",
                        file=file,
                        line=start,
                        count=len(record),
                        expected=len(names),
                    )
                rows.append(
                    (start, {n: c.strip() for n, c in zip(names, record, strict=False) if n})
                )
            start = reader.line_num + 1
    except csv.Error as exc:
        raise KaopingInputError.one(
            "err.csv_syntax", file=file, line=reader.line_num, problem=str(exc)
        ) from exc
    return rows


def read_xlsx_rows(data: bytes, file: str) -> list[Row]:
    from openpyxl import load_workbook  # heavy import, only for spreadsheets

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise KaopingInputError.one("err.xlsx_unreadable", file=file, problem=str(exc)) from exc
    try:
        sheet = book.worksheets[0]
        rows_iter = sheet.iter_rows(values_only=True)
        header = next(rows_iter, None)
        if header is None:
            raise KaopingInputError.one("err.empty_file", file=file, line=1, field=WHOLE_FILE)
        names = _normalize_header([_cell_text(h) for h in header], file)
        rows: list[Row] = []
        for number, values in enumerate(rows_iter, start=2):
            cells = [_cell_text(v) for v in values]
            if any(cells):
                rows.append((number, {n: c for n, c in zip(names, cells, strict=False) if n}))
        return rows
    finally:
        book.close()


def read_table_rows(path: Path, file: str | None = None) -> list[Row]:
    """Rows of a CSV or XLSX batch table with their line numbers."""
    file = file or str(path)
    data = read_input_bytes(path, file)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return read_csv_rows(data, file)
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx_rows(data, file)
    raise KaopingInputError.one("err.table_type", file=file, suffix=suffix or "?")


def _set(target: dict[str, Any], key: str, value: str) -> None:
    if value != "":
        target[key] = value


def group_rows(
    rows: list[Row], file: str
) -> list[tuple[str, str, dict[str, Any], SourceMap, list[InputProblem]]]:
    """Group rows by agency and period into metrics-shaped data with source maps."""
    groups: dict[tuple[str, str], list[Row]] = {}
    for line, row in rows:
        groups.setdefault((row.get("agency_id", ""), row.get("period", "")), []).append((line, row))
    built = []
    for (agency_id, period), group in groups.items():
        data, smap, problems = _build_agency(group, file)
        built.append((agency_id, period, data, smap, problems))
    return built


def _build_agency(
    rows: list[Row], file: str
) -> tuple[dict[str, Any], SourceMap, list[InputProblem]]:
    smap = SourceMap(file=file, default_line=rows[0][0])
    problems: list[InputProblem] = []
    first_line, first = rows[0]
    data: dict[str, Any] = {"schema": "kaoping/metrics@1", "agency": {}, "goals": []}
    for column, path in AGENCY_COLUMNS.items():
        smap.record(path, first_line, column)
        target = data["agency"] if path[0] == "agency" else data
        _set(target, path[-1], first.get(column, ""))
    goals: dict[str, dict[str, Any]] = {}
    for line, row in rows:
        for column, path in AGENCY_COLUMNS.items():
            if column in first and row.get(column, "") != first.get(column, ""):
                problems.append(
                    InputProblem("err.row_conflict", {"column": column, "first": first_line},
                                 line=line, field=column, path=path)
                )  # fmt: skip
        goal_id = row.get("goal_id", "")
        goal = goals.get(goal_id)
        gi = list(goals).index(goal_id) if goal is not None else len(goals)
        if goal is None:
            goal = {"indicators": []}
            for column, key in GOAL_COLUMNS.items():
                smap.record(("goals", gi, key), line, column)
                _set(goal, key, row.get(column, ""))
            smap.record(("goals", gi), line)
            goals[goal_id] = goal
            data["goals"].append(goal)
        elif row.get("goal_name", "") != goal.get("name", ""):
            problems.append(
                InputProblem("err.row_conflict", {"column": "goal_name", "first": smap.line_of(("goals", gi))},
                             line=line, field="goal_name", path=("goals", gi, "name"))
            )  # fmt: skip
        ii = len(goal["indicators"])
        base: ModelPath = ("goals", gi, "indicators", ii)
        smap.record(base, line)
        indicator: dict[str, Any] = {}
        for column, key in INDICATOR_COLUMNS.items():
            smap.record((*base, key), line, column)
            _set(indicator, key, row.get(column, ""))
        history = {
            column[len(HISTORY_PREFIX) :]: value
            for column, value in row.items()
            if column.startswith(HISTORY_PREFIX) and value != ""
        }
        if history:
            indicator["history"] = history
            for period_key in history:
                smap.record((*base, "history", period_key), line, HISTORY_PREFIX + period_key)
        goal["indicators"].append(indicator)
    return data, smap, problems


def load_table(path: Path, file: str | None = None) -> TableLoad:
    """Load a batch table; a malformed table raises, a bad agency becomes a failure."""
    file = file or str(path)
    rows = read_table_rows(path, file)
    result = TableLoad(file=file)
    if not rows:
        raise KaopingInputError.one("err.no_rows", file=file)
    for agency_id, period, data, smap, problems in group_rows(rows, file):
        try:
            if problems:
                raise KaopingInputError([smap.locate(p) for p in problems])
            metrics = validate_metrics(data, smap)
        except KaopingInputError as exc:
            result.failures.append(AgencyFailure(agency_id, period, exc))
        else:
            result.agencies.append(LoadedMetrics(metrics, smap))
    return result
