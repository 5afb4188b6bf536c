"""Turn pydantic validation errors into located, translatable input problems."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from assistant.model.errors import InputProblem, KaopingInputError, ModelPath
from assistant.model.metrics import MetricsFile, consistency_problems
from assistant.model.source import SourceMap

_SIMPLE = {
    "missing": "err.missing",
    "number": "err.number",
    "string_too_short": "err.empty_text",
    "too_short": "err.empty_list",
    "string_pattern_mismatch": "err.id_pattern",
    "greater_than_equal": "err.negative",
    "dict_type": "err.expect_mapping",
    "model_type": "err.expect_mapping",
    "model_attributes_type": "err.expect_mapping",
    "list_type": "err.expect_list",
    "string_type": "err.expect_text",
}


def _choices(expected: str) -> str:
    """pydantic's "'higher' or 'lower'" as a language-neutral "higher, lower"."""
    found = re.findall(r"'([^']*)'", expected)
    return ", ".join(found) if found else expected


def _allowed_fields(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Field names valid at the parent of ``loc`` (for "did you mean" hints)."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields:
            return []
        match = next((f for n, f in fields.items() if (f.alias or n) == part), None)
        if match is None:
            return []
        annotation = match.annotation
        args = getattr(annotation, "__args__", ())
        current = next((a for a in (annotation, *args) if hasattr(a, "model_fields")), None)
        if current is None:
            return []
    fields = getattr(current, "model_fields", {})
    return [f.alias or n for n, f in fields.items()]


def problems_from_validation(
    exc: ValidationError, model: type[BaseModel] = MetricsFile
) -> list[InputProblem]:
    return problems_from_errors(exc.errors(include_url=False), model)


def problems_from_errors(
    errors: Sequence[Mapping[str, Any]], model: type[BaseModel] | None = None, skip: int = 0
) -> list[InputProblem]:
    """Pydantic's error dicts as problems (the API's request errors use this too); ``skip``
    drops leading location parts (``body``), ``model`` gives "did you mean" hints."""
    problems = []
    for err in errors:
        loc: ModelPath = tuple(p for p in err["loc"][skip:] if isinstance(p, str | int))
        kind = err["type"]
        ctx = err.get("ctx") or {}
        if kind == "extra_forbidden":
            name = str(loc[-1]) if loc else ""
            allowed = _allowed_fields(model, loc) if model is not None else []
            close = difflib.get_close_matches(name, allowed, n=1)
            if close:
                problems.append(
                    InputProblem(
                        "err.unknown_field_hint", {"name": name, "hint": close[0]}, path=loc
                    )
                )
            else:
                problems.append(InputProblem("err.unknown_field", {"name": name}, path=loc))
        elif kind == "literal_error":
            problems.append(
                InputProblem(
                    "err.choice",
                    {
                        "value": str(err.get("input")),
                        "expected": _choices(str(ctx.get("expected", ""))),
                    },
                    path=loc,
                )
            )
        elif kind in _SIMPLE:
            problems.append(
                InputProblem(_SIMPLE[kind], {"value": str(err.get("input"))[:60]}, path=loc)
            )
        else:
            problems.append(InputProblem("err.invalid", {"detail": err["msg"]}, path=loc))
    return problems


def validate_metrics(data: Any, smap: SourceMap) -> MetricsFile:
    """Validate plain data against the contract; problems carry file, line and field."""
    if not isinstance(data, dict):
        raise KaopingInputError.one("err.expect_mapping", file=smap.file, line=smap.line_of(()))
    try:
        metrics = MetricsFile.model_validate(data)
    except ValidationError as exc:
        raise KaopingInputError([smap.locate(p) for p in problems_from_validation(exc)]) from None
    problems = consistency_problems(metrics)
    if problems:
        raise KaopingInputError([smap.locate(p) for p in problems])
    return metrics
