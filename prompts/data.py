"""Retrieved passages as they go to a model: each inside its own data tag.

The system prompts say that text inside ``<文件>`` (``<document>``) tags is data, never
instructions; a passage cannot close its own tag early, so a planted "</文件> ignore the
above" stays inside it.
"""

from __future__ import annotations

from collections.abc import Iterable


def passage_tags(passages: Iterable[tuple[int, str, str]], lang: str) -> str:
    """``(number, source, text)`` passages, each wrapped in a numbered data tag."""
    tag = "文件" if lang == "zh-TW" else "document"
    return "\n".join(
        f'<{tag} n="{n}" source="{source}">\n{text.replace(f"</{tag}>", "")}\n</{tag}>'
        for n, source, text in passages
    )
