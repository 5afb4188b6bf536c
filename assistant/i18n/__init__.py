"""Message catalogs (zh-TW first, en second) for every user-visible string.

Messages live in ``<lang>.yaml`` beside this file and are looked up by id, so a
face never carries a literal sentence. The current language is a context
variable, set once by a face (``use_lang``) and read by ``t``.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from assistant.fileio import read_yaml

LANGS: tuple[str, ...] = ("zh-TW", "en")
DEFAULT_LANG = "zh-TW"

_current: contextvars.ContextVar[str] = contextvars.ContextVar("kaoping_lang", default=DEFAULT_LANG)

_ALIASES = {
    "zh": "zh-TW",
    "zh-tw": "zh-TW",
    "zh_tw": "zh-TW",
    "zh-hant": "zh-TW",
    "zh-hant-tw": "zh-TW",
    "tw": "zh-TW",
    "en": "en",
    "en-us": "en",
    "en_us": "en",
    "en-gb": "en",
}


class UnknownLanguageError(ValueError):
    """Raised for a language tag that has no catalog."""


def normalize_lang(tag: str | None) -> str:
    """Map a loose language tag (``zh``, ``zh_TW``, ``en-US``) to a catalog name."""
    if tag is None or not tag.strip():
        return DEFAULT_LANG
    key = tag.strip().lower()
    if key in _ALIASES:
        return _ALIASES[key]
    head = key.split("-")[0].split("_")[0]
    if head in _ALIASES:
        return _ALIASES[head]
    raise UnknownLanguageError(tag)


@cache
def catalog(lang: str) -> dict[str, str]:
    """Load one language's catalog (flat ``id -> template``): ``<lang>.yaml`` plus ``<lang>.<part>.yaml``."""
    here = Path(__file__).parent
    merged: dict[str, str] = {}
    for path in [here / f"{lang}.yaml", *sorted(here.glob(f"{lang}.*.yaml"))]:
        data = read_yaml(path) or {}
        for key, value in data.items():
            if str(key) in merged:
                raise ValueError(f"{path.name}: message id {key} is defined twice")
            merged[str(key)] = str(value)
    return merged


def current_lang() -> str:
    return _current.get()


def set_lang(lang: str | None) -> str:
    """Set the language for the rest of this context; returns the normalised tag."""
    norm = normalize_lang(lang)
    _current.set(norm)
    return norm


@contextlib.contextmanager
def use_lang(lang: str | None) -> Iterator[str]:
    """Temporarily render messages in ``lang``."""
    token = _current.set(normalize_lang(lang))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def t(msg_id: str, lang: str | None = None, /, **params: Any) -> str:
    """Render message ``msg_id`` in ``lang`` (default: the current language).

    A missing id falls back to English, then to the id itself, so a gap in a
    catalog shows up as a readable id instead of a crash; the catalog test
    keeps both catalogs complete.
    """
    lang = normalize_lang(lang) if lang else current_lang()
    template = catalog(lang).get(msg_id) or catalog("en").get(msg_id) or msg_id
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


def localized(value: dict[str, str] | str | None, lang: str | None = None) -> str:
    """Pick the right language from a ``{zh-TW: ..., en: ...}`` mapping in data files."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    lang = normalize_lang(lang) if lang else current_lang()
    return (
        value.get(lang)
        or value.get(DEFAULT_LANG)
        or value.get("en")
        or next(iter(value.values()), "")
    )
