"""Which documents a question is about, when it names them.

Officers ask 「市府的要點有沒有規定…」 or 「依部裡的手冊…」: the answer must come from that
body of rules, not from another document that happens to say something alike (a ministry's
handbook does not answer a question about the city's rules). The names are data
(scope.yaml): the words a question uses for an issuer and the words its documents' titles
carry, and the kinds of document (手冊, 要點). A question that names nothing has no scope.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import yaml

from assistant.chat.terms import fold


@functools.cache
def _data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(
        Path(__file__).with_name("scope.yaml").read_text(encoding="utf-8")
    )
    return data


def fitting(question: str, titles: list[str]) -> set[str] | None:
    """The titles the question's named issuers and kinds fit, or None when it names none that a
    title of the library carries (then every document may answer)."""
    asked = fold(question)
    folded = {title: fold(title) for title in titles}
    sets: list[set[str]] = []
    for issuer in _data()["issuers"].values():
        if any(fold(word) in asked for word in issuer["asked"]):
            fit = {t for t, f in folded.items() if any(re.search(w, f) for w in issuer["titled"])}
            if fit:
                sets.append(fit)
    for kind in _data()["kinds"]:
        if fold(kind) in asked:
            fit = {t for t, f in folded.items() if fold(kind) in f}
            if fit:
                sets.append(fit)
    if not sets:
        return None
    return set.intersection(*sets) or set.union(*sets)
