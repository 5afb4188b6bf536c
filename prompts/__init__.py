"""Prompt and sentence templates as files, each with an id and a version.

A prompt file is YAML beside this module (``prompts/<group>/<name>.<lang>.yaml``)
with ``id``, ``version``, ``lang`` and its text fields. Drafts record the id and
version of every file they used, so a change of wording is visible in outputs.
Slots are ``$name`` (:class:`string.Template`), which leaves the braces of JSON
and of Chinese text alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from string import Template
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent


class PromptNotFoundError(LookupError):
    """No prompt file for this id and language."""


@dataclass(frozen=True)
class PromptFile:
    id: str
    version: str
    lang: str
    data: dict[str, Any]

    def text(self, field: str, **slots: object) -> str:
        """A text field with its ``$slots`` filled; a missing slot is an error, not a silent gap."""
        return Template(str(self.data[field])).substitute({k: str(v) for k, v in slots.items()})

    @staticmethod
    def text_of(template: str, **slots: object) -> str:
        """Fill one template (a variant picked from a list field)."""
        return Template(template).substitute({k: str(v) for k, v in slots.items()})

    def variants(self, field: str) -> list[str]:
        value = self.data[field]
        return [str(v) for v in value] if isinstance(value, list) else [str(value)]

    def meta(self) -> dict[str, str]:
        return {"id": self.id, "version": self.version, "lang": self.lang}


@cache
def load_prompt(prompt_id: str, lang: str) -> PromptFile:
    """The file ``<group>/<name>.<lang>.yaml`` for id ``group.name`` (zh-TW when ``lang`` has none)."""
    group, _, name = prompt_id.partition(".")
    for candidate in (lang, "zh-TW"):
        path = HERE / group / f"{name}.{candidate}.yaml"
        if path.is_file():
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            if data.get("id") != prompt_id:
                raise PromptNotFoundError(
                    f"{path.name}: id is {data.get('id')!r}, not {prompt_id!r}"
                )
            return PromptFile(prompt_id, str(data["version"]), str(data["lang"]), data)
    raise PromptNotFoundError(f"{prompt_id} ({lang})")
