"""Write a draft to a file whose extension picks the format (.md, .docx, .odt, .json).

Every file is written atomically, so a reader or a resumed batch never sees half a
report; Markdown gets its chart as a PNG beside it, linked by a relative name.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.export.charts import achievement_chart_png
from assistant.export.draft_docx import draft_docx
from assistant.export.draft_markdown import draft_markdown
from assistant.export.draft_odt import draft_odt
from assistant.fileio import write_bytes_atomic, write_text_atomic
from assistant.i18n import t

CHART_SUFFIX = ".achievement.png"


class OutSuffixError(ValueError):
    """An output path whose extension names no draft format; a face renders ``message_id``."""

    message_id = "export.err.out_suffix"

    def __init__(self, suffix: str) -> None:
        self.params = {"suffix": suffix, "allowed": ", ".join(SUFFIXES)}
        super().__init__(t(self.message_id, None, **self.params))

    def render(self, lang: str | None = None) -> str:
        return t(self.message_id, lang, **self.params)


def _markdown(draft: dict[str, Any], out: Path) -> list[Path]:
    chart = out.with_name(out.stem + CHART_SUFFIX)
    write_bytes_atomic(chart, achievement_chart_png(draft))  # first, so the link never dangles
    write_text_atomic(out, draft_markdown(draft, chart_name=chart.name))
    return [out, chart]


def _bytes(
    render: Callable[[dict[str, Any]], bytes],
) -> Callable[[dict[str, Any], Path], list[Path]]:
    def write(draft: dict[str, Any], out: Path) -> list[Path]:
        write_bytes_atomic(out, render(draft))
        return [out]

    return write


def _json(draft: dict[str, Any], out: Path) -> list[Path]:
    write_text_atomic(out, json.dumps(draft, ensure_ascii=False, indent=2, sort_keys=False) + "\n")
    return [out]


WRITERS: dict[str, Callable[[dict[str, Any], Path], list[Path]]] = {
    ".md": _markdown,
    ".docx": _bytes(draft_docx),
    ".odt": _bytes(draft_odt),
    ".json": _json,
}
SUFFIXES = tuple(WRITERS)


def write_draft(draft: dict[str, Any], out: Path) -> list[Path]:
    """Write ``draft`` in the format ``out``'s extension names; returns every file written."""
    writer = WRITERS.get(out.suffix.lower())
    if writer is None:
        raise OutSuffixError(out.suffix or out.name)
    return writer(draft, out)
