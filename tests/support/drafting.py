"""Model behaviours for drafting tests and evals, as stub responders.

A well-behaved model is simulated by rewording nothing: it returns the
verified statements the prompt hands it. Faulty models start from the same
text and break it the way real models do (a changed number, an overclaim, a
false trend, an invented citation), so a test knows exactly what was injected.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Responder = Callable[[dict[str, Any]], str]

_BLOCKS = (
    ("【已驗證之參考敘述】", "【撰寫指引】"),
    ("VERIFIED STATEMENTS", "GUIDELINES"),
)


def user_message(request: dict[str, Any]) -> str:
    return next(m["content"] for m in request["messages"] if m["role"] == "user")


def reference_text(request: dict[str, Any]) -> str:
    """The deterministic text the prompt offers as verified statements."""
    text = user_message(request)
    for start, end in _BLOCKS:
        if start in text:
            body = text.split(start, 1)[1].split(end, 1)[0]
            return body.split("\n", 1)[1].strip()  # drop the rest of the header line
    raise AssertionError("no verified statements in the prompt")


def faithful(request: dict[str, Any]) -> str:
    return reference_text(request)


def with_wrong_actual(request: dict[str, Any]) -> str:
    """The first stated actual value changed (a model that 'rounds' or misremembers)."""
    text = reference_text(request)
    return re.sub(r"(實際值為?|actual value was )([\d,]+(?:\.\d+)?)", _bump, text, count=1)


def _bump(match: re.Match[str]) -> str:
    raw = match.group(2).replace(",", "")
    value = float(raw) * 1.37 + 3
    return match.group(1) + (f"{value:.1f}" if "." in raw else f"{int(value):,}")


def overclaiming(request: dict[str, Any]) -> str:
    """Every shortfall turned into success."""
    text = reference_text(request)
    text = text.replace("未達目標值", "超越目標值").replace("未達目標", "已達成目標")
    return text.replace("未能達成目標", "順利達成目標").replace("did not meet", "met")


def first_then(first: Responder, then: Responder) -> Responder:
    """A responder that answers the first request with ``first`` and every later one with ``then``."""
    calls = {"n": 0}

    def respond(request: dict[str, Any]) -> str:
        calls["n"] += 1
        return (first if calls["n"] == 1 else then)(request)

    return respond


def is_section_prompt(request: dict[str, Any]) -> bool:
    return "【資料】" in user_message(request) or "DATA (computed" in user_message(request)
