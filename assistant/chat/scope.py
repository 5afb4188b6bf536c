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

from assistant.chat.terms import chat_data, fold


@functools.cache
def _names() -> list[tuple[tuple[re.Pattern[str], ...], tuple[re.Pattern[str], ...]]]:
    """(what a question says, what the fitting titles match), issuers then kinds, folded once."""
    data = chat_data("scope.yaml")
    names = [(tuple(re.compile(fold(w)) for w in i["asked"]),
              tuple(re.compile(w) for w in i["titled"]))
             for i in data["issuers"].values()]  # fmt: skip
    for kind in data["kinds"]:  # a kind is said and titled in the same words
        words = re.compile(re.escape(fold(kind)))
        names.append(((words,), (words,)))
    return names


def fitting(question: str, titles: list[str]) -> set[str] | None:
    """The titles the question's named issuers and kinds fit, or None when it names none that a
    title of the library carries (then every document may answer)."""
    asked = fold(question)
    folded = {title: fold(title) for title in titles}
    sets: list[set[str]] = []
    for said, titled in _names():
        if any(pattern.search(asked) for pattern in said):
            fit = {t for t, f in folded.items() if any(p.search(f) for p in titled)}
            if fit:
                sets.append(fit)
    if not sets:
        return None
    return set.intersection(*sets) or set.union(*sets)
