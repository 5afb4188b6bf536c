"""Conversations: turns kept under the home, and follow-ups made standalone.

A follow-up (「那乙等呢？」) only makes sense with the turn before it. With a model the
question is rewritten as a standalone one; offline, the previous standalone question is
carried in front of an elliptical follow-up, so its terms steer retrieval. The store is
one JSON file per conversation, written atomically (the workspace database of the API
can replace it behind the same two methods).
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from assistant.chat.ranges import unit_of
from assistant.claims.quantities import find_quantities
from assistant.fileio import write_text_atomic

_ID = re.compile(r"^[a-f0-9]{12}$")
_ANAPHORA = re.compile(
    r"^(那|那麼|這|此|其|該|上述|前述|它|他們|至於|另外|還有|如果|要是|若)|呢[？?]?$|"
    r"\b(that|those|it|they|them|this|these|what about|how about|and for)\b",
    re.I,
)
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass
class Turn:
    question: str
    standalone: str
    answer: str
    found: bool


@dataclass
class Conversation:
    id: str
    turns: list[Turn] = field(default_factory=list)

    def last(self) -> Turn | None:
        return self.turns[-1] if self.turns else None


def is_conversation_id(value: str) -> bool:
    return bool(_ID.match(value))


def new_id() -> str:
    return uuid.uuid4().hex[:12]


def is_follow_up(question: str) -> bool:
    """Elliptical: opens or ends like a follow-up, or too short to stand alone."""
    text = question.strip()
    if _ANAPHORA.search(text):
        return True
    cjk = len(_CJK.findall(text))
    return cjk < 10 if cjk else len(text.split()) < 5


def carried(question: str, previous: Turn | None) -> str:
    """Offline condensation: the previous standalone question in front of a follow-up. A
    number the follow-up states replaces the previous question's last number of its kind
    (「那如果連六成都不到呢？」 after 「執行率84%…」 asks about under 60%, not 84%; after
    「目標80%、實際76%」, 「實際只做到70%呢？」 keeps the target)."""
    if previous is None or not is_follow_up(question):
        return question
    before = previous.standalone
    kept, replaced = find_quantities(before), []
    for new in find_quantities(question):
        same = [q for q in kept if unit_of(q) == unit_of(new)]
        if same:
            kept.remove(same[-1])
            replaced.append(same[-1])
    for quantity in sorted(replaced, key=lambda q: -q.start):
        before = before[: quantity.start] + before[quantity.end :]
    return f"{before} {question}"


class Conversations(Protocol):
    """Where conversations are kept: files under the home (CLI) or the workspace (API)."""

    def load(self, conversation_id: str) -> Conversation | None: ...
    def save(self, conversation: Conversation) -> None: ...


class ConversationStore:
    """One JSON file per conversation under ``<home>/conversations``."""

    def __init__(self, home: Path) -> None:
        self.folder = home / "conversations"

    def load(self, conversation_id: str) -> Conversation | None:
        if not _ID.match(conversation_id):
            return None  # never a path built from user input
        path = self.folder / f"{conversation_id}.json"
        if not path.is_file():
            return None
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return Conversation(data["id"], [Turn(**t) for t in data["turns"]])

    def save(self, conversation: Conversation) -> None:
        data = {"id": conversation.id, "turns": [asdict(t) for t in conversation.turns]}
        write_text_atomic(
            self.folder / f"{conversation.id}.json", json.dumps(data, ensure_ascii=False, indent=1)
        )
