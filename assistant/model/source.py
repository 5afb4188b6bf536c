"""Where each value came from: model paths mapped to file lines and field names.

YAML and JSON are composed into nodes (PyYAML keeps marks) so that every key
and item knows its line; tables record each row's line. The data built here
keeps every number as the text the user wrote, so that scoring reads exact
decimals and never a float YAML guessed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from assistant.fileio import YAML_LOADER
from assistant.model.errors import WHOLE_FILE, InputProblem, KaopingInputError, ModelPath


@dataclass
class SourceMap:
    """Model path -> (line, field name as the user sees it) for one document."""

    file: str
    lines: dict[ModelPath, int] = field(default_factory=dict)
    names: dict[ModelPath, str] = field(default_factory=dict)
    default_line: int | None = None

    def record(self, path: ModelPath, line: int, name: str | None = None) -> None:
        self.lines.setdefault(path, line)
        if name is not None:
            self.names.setdefault(path, name)

    def line_of(self, path: ModelPath) -> int | None:
        """Line of the longest recorded prefix of ``path``."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return self.default_line

    def name_of(self, path: ModelPath) -> str | None:
        for end in range(len(path), 0, -1):
            name = self.names.get(path[:end])
            if name is not None:
                return name
        return None

    def locate(self, problem: InputProblem) -> InputProblem:
        """Fill in the file, line and user-facing field name of a problem."""
        line = problem.line if problem.line is not None else self.line_of(problem.path)
        name = problem.field or self.name_of(problem.path)
        return replace(problem, file=problem.file or self.file, line=line, field=name)

    def locate_all(self, error: KaopingInputError) -> KaopingInputError:
        return KaopingInputError([self.locate(p) for p in error.problems])


def decode_utf8(data: bytes, file: str) -> str:
    """Decode UTF-8 (with or without BOM); a bad byte is reported with its line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise KaopingInputError.one("err.not_utf8", file=file, line=line, field="encoding") from exc


_BOOL_WORDS = {"true": True, "false": False}


def _build(node: yaml.Node, path: ModelPath, smap: SourceMap, file: str) -> Any:
    if isinstance(node, yaml.ScalarNode):
        if node.tag == "tag:yaml.org,2002:null":
            return None
        if node.tag == "tag:yaml.org,2002:bool" and node.value.lower() in _BOOL_WORDS:
            return _BOOL_WORDS[node.value.lower()]
        return str(node.value)
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            item_path = (*path, index)
            smap.record(item_path, item.start_mark.line + 1)
            items.append(_build(item, item_path, smap, file))
        return items
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise KaopingInputError.one(
                    "err.yaml_key", file=file, line=key_node.start_mark.line + 1, path=path
                )
            key = str(key_node.value)
            key_path = (*path, key)
            line = key_node.start_mark.line + 1
            if key in result:
                raise KaopingInputError.one(
                    "err.duplicate_key", file=file, line=line, path=key_path, key=key
                )
            smap.record(key_path, line)
            result[key] = _build(value_node, key_path, smap, file)
        return result
    raise KaopingInputError.one(
        "err.yaml_syntax", file=file, line=node.start_mark.line + 1, problem="?"
    )  # pragma: no cover


def load_yaml_text(text: str, file: str) -> tuple[Any, SourceMap]:
    """Parse YAML into plain data (numbers kept as text) and a source map."""
    smap = SourceMap(file=file, default_line=1)
    try:
        node = yaml.compose(text, Loader=YAML_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise KaopingInputError.one(
            "err.yaml_syntax",
            file=file,
            line=(mark.line + 1) if mark else None,
            problem=str(exc.problem or exc.context or "").strip(),
        ) from exc
    except yaml.YAMLError as exc:
        raise KaopingInputError.one("err.yaml_syntax", file=file, problem=str(exc)) from exc
    if node is None:
        raise KaopingInputError.one("err.empty_file", file=file, line=1, field=WHOLE_FILE)
    smap.record((), node.start_mark.line + 1)
    return _build(node, (), smap, file), smap


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise _DuplicateJsonKey(key)
        seen[key] = value
    return seen


class _DuplicateJsonKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def load_json_text(text: str, file: str) -> tuple[Any, SourceMap]:
    """Parse JSON with numbers kept as text; lines come from a YAML compose of the same text."""
    if not text.strip():
        raise KaopingInputError.one("err.empty_file", file=file, line=1, field=WHOLE_FILE)
    try:
        data = json.loads(
            text,
            parse_float=str,
            parse_int=str,
            parse_constant=_reject_constant,
            object_pairs_hook=_reject_duplicate_keys,
        )
    except json.JSONDecodeError as exc:
        raise KaopingInputError.one(
            "err.json_syntax", file=file, line=exc.lineno, problem=exc.msg
        ) from exc
    except _DuplicateJsonKey as exc:
        raise KaopingInputError.one("err.duplicate_key", file=file, key=exc.key) from exc
    try:
        _, smap = load_yaml_text(text, file)
    except KaopingInputError:
        smap = SourceMap(file=file, default_line=None)  # valid JSON that YAML cannot read: no lines
    return data, smap


def _reject_constant(name: str) -> Any:
    raise json.JSONDecodeError(f"{name} is not a number", name, 0)


def read_input_bytes(path: Path, file: str) -> bytes:
    """Read a user file; a missing or unreadable one is an input error, not a crash."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise KaopingInputError.one("err.file_not_found", file=file) from None
    except IsADirectoryError:
        raise KaopingInputError.one("err.is_directory", file=file) from None
    except OSError as exc:
        raise KaopingInputError.one(
            "err.file_unreadable", file=file, problem=exc.strerror
        ) from None
