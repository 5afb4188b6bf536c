"""問答 Ask: a chat with the guidance documents; every answer quotes its sources, or says the
documents do not answer it. Follow-ups continue the conversation until a new one is started."""

from __future__ import annotations

from typing import Any

import streamlit as st

from assistant.workspace.desk import Desk
from ui.components import attempt, citations
from ui.state import require_desk, tr

HISTORY = "ask_history"  # this session's turns: {"question", "answer", "conversation"}
CONVERSATION = "ask_conversation"  # the conversation follow-ups continue (None: a new one)


def answer_lines(text: str) -> str:
    """The answer as Markdown, one paragraph per line (the quotes arrive one per line)."""
    return "\n\n".join(line.strip() for line in str(text).splitlines() if line.strip())


def mode_caption(answer: dict[str, Any]) -> str:
    llm = answer.get("llm") or {}
    if llm.get("error"):
        return tr("ui.ask.mode.fallback", model=llm.get("model", ""), error=llm["error"])
    if answer.get("mode") == "llm":
        return tr("ui.ask.mode.llm", model=llm.get("model", ""))
    return tr("ui.ask.mode.extractive")


def show_answer(answer: dict[str, Any]) -> None:
    """One answer: its mode, the text with its sources, or the plain "not in the documents"."""
    if not answer.get("found"):
        if answer.get("out_of_scope"):
            st.warning(tr("ui.ask.out_of_scope"), icon="🚫")
        elif answer.get("see_also") or answer.get("mode") == "llm":
            st.warning(tr("ui.ask.not_found"), icon="📭")
        else:  # nothing to search: the library is empty for this caller
            st.warning(tr("ui.ask.nothing_searched"), icon="📭")
        citations(answer.get("see_also") or [], tr("ui.ask.see_also"))
        return
    st.caption(mode_caption(answer))
    st.markdown(answer_lines(answer.get("answer", "")))
    citations(answer.get("citations") or [], tr("ui.ask.sources"))


def show_history(turns: list[dict[str, Any]]) -> None:
    shown = None
    for turn in turns:
        if turn["conversation"] != shown:
            shown = turn["conversation"]
            st.caption(tr("ui.ask.conversation", id=shown or "—"))
        with st.chat_message("user"):
            st.markdown(turn["question"])
        with st.chat_message("assistant"):
            show_answer(turn["answer"])


st.title(tr("ui.ask.title"))
st.caption(tr("ui.ask.intro"))
desk: Desk = require_desk()
history: list[dict[str, Any]] = st.session_state.setdefault(HISTORY, [])

ready = [v for v in desk.documents() if v.row.state == "ready"]
if not ready:
    st.info(tr("ui.ask.empty"), icon="📚")
    st.page_link("views/library.py", label=tr("ui.ask.to_library"), icon="📚")
    show_history(history)
    st.stop()

model = desk.office.model
left, right = st.columns([4, 1], vertical_alignment="center")
left.caption(
    tr("ui.ask.documents", count=len(ready))
    + " · "
    + (tr("ui.ask.mode.llm", model=model.name) if model else tr("ui.ask.mode.extractive"))
)
current = st.session_state.get(CONVERSATION)
if right.button(tr("ui.ask.new"), key="ask_new", disabled=current is None, width="stretch"):
    st.session_state[CONVERSATION] = None
    st.rerun()

if not history:
    st.info(tr("ui.ask.hint"), icon="💬")
show_history(history)
if history and current is None:
    st.caption(tr("ui.ask.fresh"))

question = st.chat_input(tr("ui.ask.placeholder"), key="ask_input", max_chars=2000)
if question and question.strip():
    asked = question.strip()
    with st.chat_message("user"):
        st.markdown(asked)
    with st.chat_message("assistant"):
        live = st.empty()
        pieces: list[str] = []

        def on_event(event: dict[str, Any]) -> None:
            if event.get("event") == "token":
                pieces.append(str(event.get("text", "")))
                live.markdown("".join(pieces)[-3000:] + " ▌")

        with st.spinner(tr("ui.ask.thinking")):
            answer = attempt(lambda: desk.ask(asked, current, on_event=on_event))
        live.empty()
    if answer is not None:
        st.session_state[CONVERSATION] = answer.get("conversation_id")
        history.append(
            {"question": asked, "answer": answer, "conversation": answer.get("conversation_id")}
        )
        st.rerun()  # the turn joins the history above, under its conversation
