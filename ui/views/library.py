"""文件庫 Library: the guidance documents the caller may see, with their ingestion state and
passages; administrators upload (PDF, DOCX, HTML, Markdown, text) and remove documents."""

from __future__ import annotations

import math
from typing import Any

import streamlit as st

from assistant.model import KaopingInputError
from assistant.workspace.desk import Desk, DocumentView
from assistant.workspace.errors import DeskError
from assistant.workspace.files import DOCUMENT_TYPES, display_name, suffix_for
from ui.components import attempt, problem_text
from ui.state import require_desk, tr

KINDS = ("guideline", "report")
STATE_ICONS = {"ready": "🟢", "ingesting": "⏳", "removing": "🗑️"}
FLASH = "library_flash"  # a message shown once, after the rerun that follows a removal


def visibility(view: DocumentView) -> str:
    if view.public:
        return tr("ui.library.public")
    return tr("ui.library.agencies_only", agencies="、".join(view.agencies) or "—")


def state_label(state: str) -> str:
    """The ingestion state with its icon (an unknown state shows as it is, with a warning)."""
    if state not in STATE_ICONS:
        return f"⚠️ {state}"
    return f"{STATE_ICONS[state]} {tr('ui.library.state.' + state)}"


def place(chunk: Any) -> str:
    """A passage's section path and heading, without saying the same thing twice."""
    section, heading = (chunk.section or "").strip(), (chunk.heading or "").strip()
    if not heading or heading in section:
        return section
    if not section or heading.startswith(section):
        return heading
    return f"{section} · {heading}"


def document_table(views: list[DocumentView]) -> None:
    rows = [
        {
            tr("ui.library.col.title"): v.row.title,
            tr("ui.library.col.file"): v.filename,
            tr("ui.library.col.kind"): tr(f"ui.library.kind.{v.row.kind}")
            if v.row.kind in KINDS
            else v.row.kind,
            tr("ui.library.col.year"): str(v.row.year) if v.row.year else "",
            tr("ui.library.col.pages"): v.row.pages,
            tr("ui.library.col.chunks"): v.row.chunks,
            tr("ui.library.col.state"): state_label(v.row.state),
            tr("ui.library.col.visibility"): visibility(v),
            tr("ui.library.col.id"): v.row.doc_id,
        }
        for v in views
    ]
    st.dataframe(rows, hide_index=True, width="stretch")


def upload_form(desk: Desk) -> None:
    """Upload, kind, year and who may see it; the result or the error naming the file."""
    st.subheader(tr("ui.library.upload_title"))
    upload = st.file_uploader(
        tr("ui.library.upload"),
        type=["pdf", "docx", "html", "htm", "md", "markdown", "txt"],
        key="library_file",
        max_upload_size=max(1, math.ceil(desk.office.settings.max_upload_mb)),
    )
    kind_col, year_col = st.columns(2)
    kind = kind_col.selectbox(tr("ui.library.kind"), KINDS, key="library_kind",
                              format_func=lambda k: tr(f"ui.library.kind.{k}"))  # fmt: skip
    year = year_col.number_input(tr("ui.library.year"), min_value=1900, max_value=2200, value=None,
                                 step=1, key="library_year", placeholder=tr("ui.library.year_none"))  # fmt: skip
    scope = st.radio(tr("ui.library.visibility"), ["public", "agencies"], horizontal=True,
                     key="library_scope", format_func=lambda s: tr(f"ui.library.scope.{s}"))  # fmt: skip
    agencies: list[str] = []
    if scope == "agencies":
        typed = st.text_input(tr("ui.library.agency_ids"), key="library_agencies",
                              placeholder=tr("ui.library.agency_ids_hint"))  # fmt: skip
        agencies = list(dict.fromkeys(a.strip() for a in typed.replace("、", ",").split(",") if a.strip()))  # fmt: skip
    if not st.button(
        tr("ui.library.add"), type="primary", key="library_add", disabled=upload is None
    ):
        return
    assert upload is not None
    name = display_name(upload.name, "document")
    data = upload.getvalue()
    limit = desk.office.settings.max_upload_mb
    if len(data) > limit * 1024 * 1024:
        st.error(tr("ui.library.too_large", name=name, mb=f"{limit:g}"), icon="⚠️")
        return
    if scope == "agencies" and not agencies:
        st.error(tr("ui.library.no_agencies"), icon="⚠️")
        return

    def ingest() -> tuple[str, DocumentView]:
        suffix = suffix_for(data, DOCUMENT_TYPES, "file", name)
        return desk.upload_document(data, name, suffix, kind=kind, year=int(year) if year else None,
                                    public=scope == "public", agencies=agencies)  # fmt: skip

    try:
        with st.spinner(tr("ui.library.ingesting", name=name)):
            status, view = ingest()
    except KaopingInputError as error:  # names the file and what is wrong with it
        st.error(problem_text(error), icon="⚠️")
        return
    except DeskError as error:  # a refusal, or a type not accepted: name the file here
        st.error(tr("ui.library.failed", name=name, problem=problem_text(error)), icon="⚠️")
        return
    st.success(
        tr(f"ui.library.status.{status}", name=name, title=view.row.title,
           chunks=view.row.chunks, pages=view.row.pages),
        icon="✅" if status != "unchanged" else "ℹ️",
    )  # fmt: skip


def passages(desk: Desk, views: list[DocumentView]) -> None:
    """A document's passages with page and section; administrators may remove it here."""
    st.subheader(tr("ui.library.passages_title"))
    by_id = {v.row.doc_id: v for v in views}
    chosen = st.selectbox(tr("ui.library.pick"), list(by_id), index=None, key="library_doc",
                          placeholder=tr("ui.library.pick_hint"),
                          format_func=lambda d: f"{by_id[d].row.title} ({by_id[d].filename})")  # fmt: skip
    if chosen is None:
        return
    view = by_id[chosen]
    chunks: list[Any] | None = attempt(lambda: desk.chunks(chosen))
    if chunks is None:
        return
    st.caption(tr("ui.library.passage_count", count=len(chunks), title=view.row.title))
    for chunk in chunks:
        where = " · ".join(
            x
            for x in (tr("ui.library.page", page=chunk.page) if chunk.page else "", place(chunk))
            if x
        )
        with st.expander(f"{chunk.ord + 1}. {where or tr('ui.library.no_section')}"):
            st.markdown(" ".join(str(chunk.text).split()))
    if desk.principal.is_admin:
        st.divider()
        confirm = st.checkbox(tr("ui.library.remove_confirm", title=view.row.title),
                              key=f"library_confirm_{chosen}")  # fmt: skip
        if st.button(tr("ui.library.remove"), disabled=not confirm, key="library_remove"):
            removed = attempt(lambda: desk.remove_document(chosen))
            if removed is not None:
                st.session_state[FLASH] = tr("ui.library.removed", title=removed.row.title)
                st.session_state.pop("library_doc", None)
                st.rerun()


st.title(tr("ui.library.title"))
st.caption(tr("ui.library.intro"))
desk: Desk = require_desk()
admin = desk.principal.is_admin

flash = st.session_state.pop(FLASH, None)
if flash:
    st.success(flash, icon="🗑️")

if admin:
    upload_form(desk)
    st.divider()
else:
    st.caption(tr("ui.library.admins_only"))

st.subheader(tr("ui.library.list_title"))
views = attempt(desk.documents) or []
if not views:
    st.info(tr("ui.library.empty_admin" if admin else "ui.library.empty"), icon="📭")
    st.stop()
waiting = [v for v in views if v.row.state != "ready"]
if waiting:
    st.warning(tr("ui.library.not_ready", count=len(waiting)), icon="⏳")
st.caption(tr("ui.library.count", count=len(views)))
document_table(views)
st.divider()
passages(desk, views)
