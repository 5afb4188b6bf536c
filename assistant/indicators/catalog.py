"""The indicator catalog (contract §3): many agencies' indicators, optionally with values.

YAML or JSON (a list of indicators, or ``{units: [...], indicators: [...]}`` when the
catalog declares the units its values may be keyed to) or CSV (one row per indicator,
values in columns named ``v:<unit>|<period>``). Every problem names the file, the line and
the field: a duplicate id, a value that is not a number, a value keyed to a unit the catalog
does not declare or written without ``unit|period``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from assistant.model.errors import WHOLE_FILE, InputProblem, KaopingInputError
from assistant.model.metrics import Dec, Direction, IndicatorType, LocalId, Name, Text
from assistant.model.numbers import NumberFormatError, parse_decimal
from assistant.model.source import (
    SourceMap,
    decode_utf8,
    load_json_text,
    load_yaml_text,
    read_input_bytes,
)
from assistant.model.validation import problems_from_validation

SUFFIXES = (".yaml", ".yml", ".json", ".csv")


def _values(value: object) -> object:
    """Values as exact decimals; a value that is not a number stays for the checker to name."""
    if not isinstance(value, dict):
        return value
    out: dict[str, object] = {}
    for key, raw in value.items():
        if raw is None or raw == "":
            continue
        try:
            out[str(key)] = parse_decimal(raw)
        except NumberFormatError:
            out[str(key)] = raw
    return out


# the logic model's order, results first: how close two indicator types are, and which of a
# cluster says most about results
TYPE_RANK = {"outcome": 0, "output": 1, "process": 2, "input": 3}


class CatalogIndicator(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: LocalId
    agency_id: Text = ""
    name: Name
    definition: Text | None = None
    type: IndicatorType | None = None
    goal: Text = ""
    unit: Text = ""
    direction: Direction = "higher"
    weight: Dec | None = None
    target: Dec | None = None
    baseline: Dec | None = None
    last_actual: Dec | None = None
    data_source: Text | None = None
    values: Annotated[dict[str, Any], BeforeValidator(_values)] = Field(default_factory=dict)


class CatalogDocument(BaseModel):
    model_config = ConfigDict(extra="forbid")

    units: list[Text] | None = None
    indicators: list[CatalogIndicator] = Field(min_length=1)


@dataclass(frozen=True)
class Catalog:
    indicators: list[CatalogIndicator]
    units: list[str] | None
    source: SourceMap

    def series(self, indicator: CatalogIndicator) -> dict[str, Decimal]:
        return {k: v for k, v in indicator.values.items() if isinstance(v, Decimal)}


def _check(document: CatalogDocument, root: tuple[str | int, ...]) -> list[InputProblem]:
    problems: list[InputProblem] = []
    seen: dict[str, int] = {}
    units = set(document.units) if document.units is not None else None
    for i, ind in enumerate(document.indicators):
        path = (*root, i)
        if ind.id in seen:
            problems.append(InputProblem("err.duplicate_id", {"id": ind.id}, path=(*path, "id")))
        seen.setdefault(ind.id, i)
        for key, value in ind.values.items():
            where = (*path, "values", key)
            if not isinstance(value, Decimal):
                problems.append(InputProblem("err.number", {"value": str(value)[:60]}, path=where))
            unit, bar, period = key.partition("|")
            if not bar or not unit.strip() or not period.strip():
                problems.append(InputProblem("err.value_key", {"key": key}, path=where))
            elif units is not None and unit.strip() not in units:
                problems.append(
                    InputProblem("err.value_unit", {"key": key, "unit": unit, "known": ", ".join(sorted(units))}, path=where)
                )  # fmt: skip
    return problems


def _validate(data: Any, smap: SourceMap) -> Catalog:
    root: tuple[str | int, ...] = ("indicators",) if isinstance(data, dict) else ()
    wrapped = data if isinstance(data, dict) else {"indicators": data}
    if not isinstance(wrapped.get("indicators"), list):
        raise KaopingInputError.one("err.catalog_shape", file=smap.file, line=smap.line_of(()))
    try:
        document = CatalogDocument.model_validate(wrapped)
    except ValidationError as exc:
        problems = problems_from_validation(exc, CatalogDocument)
        if not root:  # a bare list: paths start at the item, not at "indicators"
            problems = [_strip_root(p) for p in problems]
        raise KaopingInputError([smap.locate(p) for p in problems]) from None
    problems = _check(document, root)
    if problems:
        raise KaopingInputError([smap.locate(p) for p in problems])
    return Catalog(document.indicators, document.units, smap)


def _strip_root(problem: InputProblem) -> InputProblem:
    from dataclasses import replace

    path = problem.path[1:] if problem.path[:1] == ("indicators",) else problem.path
    return replace(problem, path=path)


def _csv(text: str, file: str) -> tuple[Any, SourceMap]:
    """Rows as indicators; ``v:<key>`` columns become values; lines recorded per cell."""
    smap = SourceMap(file, default_line=1)
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    items = []
    for i, row in enumerate(reader):
        line = reader.line_num
        smap.record((i,), line)
        item: dict[str, Any] = {}
        values: dict[str, str] = {}
        for column, cell in row.items():
            if column is None:
                continue
            name = column.strip()
            if name.startswith("v:"):
                if cell is not None and cell.strip():
                    values[name[2:].strip()] = cell.strip()
                    smap.record((i, "values", name[2:].strip()), line, column)
            elif cell is not None and cell.strip():
                item[name] = cell.strip()
                smap.record((i, name), line, column)
        if values:
            item["values"] = values
        items.append(item)
    return items, smap


def load_catalog(path: Path, file: str | None = None) -> Catalog:
    """Load and validate a catalog; every problem names file, line and field."""
    file = file or str(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise KaopingInputError.one("err.catalog_type", file=file, suffix=suffix or "?")
    text = decode_utf8(read_input_bytes(path, file), file)
    if not text.strip():
        raise KaopingInputError.one("err.empty_file", file=file, line=1, field=WHOLE_FILE)
    if suffix == ".csv":
        data, smap = _csv(text, file)
    elif suffix == ".json":
        data, smap = load_json_text(text, file)
    else:
        data, smap = load_yaml_text(text, file)
    return _validate(data, smap)
