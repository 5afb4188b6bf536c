"""起草 Draft: metrics in, the score and a grounded draft out; edit it, check it, save it."""

from __future__ import annotations

from typing import Any

import streamlit as st

from assistant.workspace.desk import Desk, draft_text
from ui.components import (
    achievement_chart,
    attempt,
    highlighted,
    metrics_input,
    score_table,
)
from ui.state import lang, require_desk, tr

st.title(tr("ui.draft.title"))
st.caption(tr("ui.draft.intro"))
desk: Desk = require_desk()

loaded = metrics_input("draft")
if loaded is None:
    st.info(tr("ui.draft.empty"))
    st.stop()

metrics = loaded.metrics
report = attempt(lambda: desk.score(loaded, None, lang()))
if report is None:
    st.stop()
assert report is not None
overall = report["overall"]
left, middle, right = st.columns([2, 1, 1])
left.metric(tr("ui.draft.agency"), metrics.agency.name)
middle.metric(tr("ui.draft.overall"), overall.get("score") or "—")
right.metric(tr("ui.draft.grade"), overall.get("grade_label") or overall.get("grade") or "—")
history = {i.id: dict(i.history or {}) for _, _, _, i in metrics.indicators()}
score_table(report, history)
achievement_chart(report)

st.divider()
model = desk.office.model
st.caption(tr("ui.mode.llm", model=model.name) if model else tr("ui.mode.offline"))
roc = st.toggle(tr("ui.draft.roc"), key="draft_roc")
if st.button(tr("ui.draft.generate"), type="primary", key="draft_generate"):
    shown = st.empty()
    pieces: list[str] = []

    def on_event(event: dict[str, Any]) -> None:
        if event.get("event") == "token":
            pieces.append(event["text"])
            shown.markdown("".join(pieces)[-1500:])

    with st.spinner(tr("ui.draft.writing")):
        record = attempt(
            lambda: desk.create_draft(
                desk.plan_draft(loaded, None), lang=lang(), roc_year=roc, on_event=on_event
            )
        )
    shown.empty()
    if record is not None:
        st.session_state["draft_id"] = record.id
        st.session_state.pop("draft_view", None)

draft_id = st.session_state.get("draft_id")
if draft_id is None:
    st.stop()
draft = attempt(lambda: desk.draft(draft_id))
if draft is None or draft.agency_id != metrics.agency.id:
    st.stop()
assert draft is not None
versions = desk.versions(draft)
numbers = [v.number for v in versions]
if "draft_goto" in st.session_state:  # a version just saved: open it
    st.session_state["draft_view"] = st.session_state.pop("draft_goto")
labels = {v.number: tr("ui.draft.version_label", number=v.number, mode=tr(f"ui.draft.mode.{v.mode}"))
          for v in versions}  # fmt: skip
number = st.selectbox(
    tr("ui.draft.version"), numbers[::-1], key="draft_view", format_func=labels.__getitem__
)
version = versions[numbers.index(number)]
body = version.body
st.caption(
    tr(f"ui.draft.mode.{body['mode']}")
    + ("" if body.get("llm") is None else f" · {body['llm']['model']}")
)

review = body.get("review")
if review is not None:
    flags = review["flags"]
    if flags:
        st.warning(tr("ui.draft.flags", count=len(flags)))
        st.markdown(highlighted(draft_text(body), flags), unsafe_allow_html=True)
        for i, flag in enumerate(flags, 1):
            st.markdown(f"**{i}.** {tr('kind.' + flag['kind'])}：{flag['message']}")
    else:
        st.success(tr("ui.draft.clean"))

with st.form(f"draft_edit_{draft.id}_{version.number}"):
    edits: dict[int, list[str]] = {}
    for index, section in enumerate(body["sections"]):
        text = st.text_area(section["title"], "\n\n".join(section["paragraphs"]), height=160,
                            key=f"draft_section_{draft.id}_{version.number}_{index}")  # fmt: skip
        paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
        if paragraphs != section["paragraphs"]:
            edits[index] = paragraphs
    saved = st.form_submit_button(tr("ui.draft.save"))
if saved:
    if not edits:
        st.info(tr("ui.draft.unchanged"))
    else:
        new = attempt(lambda: desk.save_version(draft.id, edits, lang()))
        if new is not None:
            st.session_state["draft_goto"] = new.number  # shown after the rerun
            st.rerun()

columns = st.columns(3)
for column, fmt in zip(columns, ("docx", "odt", "md"), strict=True):
    content, media, name = desk.export_draft(draft.id, fmt, version.number)
    column.download_button(tr(f"ui.draft.download.{fmt}"), content, file_name=name, mime=media,
                           key=f"draft_download_{fmt}")  # fmt: skip
