"""Input errors that name the file, the line and the field at fault.

Loaders and the scoring core raise :class:`KaopingInputError` with one or more
:class:`InputProblem`; each carries a message id and parameters rather than a
sentence, so a face renders it in the user's language. ``path`` is the place in
the data model (``("goals", 0, "indicators", 2, "target")``); a loader's
:class:`~assistant.model.source.SourceMap` turns it into a line and a field
name the user sees in the file (a YAML key path or a CSV column).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from assistant.i18n import t

PathPart = str | int
WHOLE_FILE = "@field.whole_file"  # a problem with the file as a whole (empty, wrong format)
ModelPath = tuple[PathPart, ...]


def _field_text(field: str | None, path: ModelPath, lang: str | None) -> str | None:
    """The field as shown: a name from the file, ``@message.id`` for a localised one, or the path."""
    if field and field.startswith("@"):
        return t(field[1:], lang)
    return field or (format_path(path) if path else None)


def format_path(path: ModelPath) -> str:
    """``("goals", 0, "indicators", 2, "target")`` -> ``goals[0].indicators[2].target``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass(frozen=True)
class InputProblem:
    """One thing wrong with the user's input, with where it is."""

    message_id: str
    params: dict[str, Any] = field(default_factory=dict)
    file: str | None = None
    line: int | None = None
    field: str | None = None
    path: ModelPath = ()

    def render(self, lang: str | None = None) -> str:
        """One line: ``file, line N, field F: message`` in ``lang``."""
        where: list[str] = []
        if self.file:
            where.append(t("where.file", lang, file=self.file))
        if self.line is not None:
            where.append(t("where.line", lang, line=self.line))
        shown_field = _field_text(self.field, self.path, lang)
        if shown_field:
            where.append(t("where.field", lang, field=shown_field))
        message = t(self.message_id, lang, **self.params)
        if not where:
            return message
        return t("where.join", lang, where=t("where.sep", lang).join(where), message=message)

    def to_json(self, lang: str | None = None) -> dict[str, Any]:
        shown_field = _field_text(self.field, self.path, lang)
        return {
            "code": self.message_id,
            "message": t(self.message_id, lang, **self.params),
            "file": self.file,
            "line": self.line,
            "field": shown_field,
        }

    def with_file(self, file: str) -> InputProblem:
        return self if self.file else replace(self, file=file)


class KaopingInputError(Exception):
    """Bad input from the user: exit code 2, one clear line, no traceback."""

    def __init__(self, problems: list[InputProblem]) -> None:
        if not problems:
            raise ValueError("KaopingInputError needs at least one problem")
        self.problems = problems
        super().__init__(problems[0].render("en"))

    @classmethod
    def one(
        cls,
        message_id: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
        path: ModelPath = (),
        **params: Any,
    ) -> KaopingInputError:
        return cls([InputProblem(message_id, params, file, line, field, path)])

    def render(self, lang: str | None = None) -> str:
        """The one-line message for stderr: the first problem, and how many more."""
        first = self.problems[0].render(lang)
        more = len(self.problems) - 1
        if more:
            first += t("error.more", lang, count=more)
        return first

    def with_file(self, file: str) -> KaopingInputError:
        return KaopingInputError([p.with_file(file) for p in self.problems])
