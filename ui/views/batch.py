"""批次 Batch (administrators): a whole table in; every agency's score, draft and self-check out.

The office's batch worker runs a submitted table in a background thread, so the page only
submits, watches the progress (a fragment that reruns itself while the run is queued or
running) and shows what a finished run wrote: the ranking, the failures, a zip of everything
and any agency's report.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import streamlit as st

from assistant.batch import FORMATS
from assistant.i18n import t
from assistant.workspace.desk import Desk
from assistant.workspace.schema import BatchRun
from ui.components import LIGHT_EMOJI, attempt, example_files
from ui.state import lang, require_desk, tr

ACTIVE = ("queued", "running")
POLL_SECONDS = 1.0
IMAGE = re.compile(r"^!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)\)\s*$")
MEDIA = {
    "md": "text/markdown",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}

st.title(tr("ui.batch.title"))
st.caption(tr("ui.batch.intro"))
desk: Desk = require_desk()
HERE = lang()  # option labels are formatted later too, outside this run: in this language
if not desk.principal.is_admin:
    st.caption(tr("ui.batch.admin_only"))
    st.stop()


def when(moment: datetime) -> str:
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone().strftime("%Y-%m-%d %H:%M")


def status(run: BatchRun, here: str | None = None) -> str:
    return t(f"ui.batch.status.{run.status}", here or lang())


def table_input() -> tuple[str, bytes] | None:
    """(display name, bytes) of the chosen table; None until there is one."""
    from assistant.workspace.files import display_name

    source = st.radio(tr("ui.batch.source"), ["upload", "example"], horizontal=True, key="batch_source",
                      format_func=lambda s: t(f"ui.batch.{s}_choice", HERE))  # fmt: skip
    if source == "example":
        examples = example_files("batch-*.csv") + example_files("batch-*.xlsx")
        chosen: Path | None = st.selectbox(tr("ui.batch.example"), examples, index=None,
                                           format_func=lambda p: p.name, key="batch_example",
                                           placeholder=tr("ui.batch.pick"))  # fmt: skip
        return None if chosen is None else (chosen.name, chosen.read_bytes())
    upload = st.file_uploader(tr("ui.batch.upload"), type=["csv", "xlsx"], key="batch_file")
    return None if upload is None else (display_name(upload.name, "table"), upload.getvalue())


def submit(name: str, data: bytes, formats: list[str], quota: str, roc: bool) -> BatchRun:
    from assistant.workspace.files import TABLE_TYPES, suffix_for

    suffix = suffix_for(data, TABLE_TYPES, "table", name)
    return desk.submit_batch(data, name, suffix, formats=formats, lang=lang(), roc_year=roc,
                             quota=quota.strip() or None)  # fmt: skip


def progress(run: BatchRun) -> None:
    if run.total:
        text = tr("ui.batch.progress", status=status(run), done=run.done, total=run.total)
        st.progress(min(1.0, run.done / run.total), text=text)
    else:
        st.progress(0.0, text=tr("ui.batch.waiting", status=status(run)))


def watch(run_id: str) -> None:
    """The run's progress, refreshed on its own until the run ends; then the whole page."""
    run = attempt(lambda: desk.batch(run_id))
    if run is None:
        return
    progress(run)
    if run.status not in ACTIVE:
        st.rerun()


def inside(folder: Path, *parts: str) -> Path | None:
    """``folder / parts`` if it stays inside the run's folder (ids and links come from data)."""
    path = folder.joinpath(*parts).resolve()
    return path if path.is_relative_to(folder.resolve()) and path.is_file() else None


def archive(run_id: str) -> bytes:
    path = desk.batch_archive(run_id)
    try:
        return path.read_bytes()
    finally:
        shutil.rmtree(path.parent, ignore_errors=True)


def draft_markdown(text: str, folder: Path) -> None:
    """The draft's Markdown, with its (relative) images shown from the agency's folder."""
    chunk: list[str] = []
    for line in text.splitlines():
        found = IMAGE.match(line.strip())
        if found is None:
            chunk.append(line)
            continue
        image = inside(folder, found["src"])
        if image is None:
            continue  # a link the page cannot show (remote, or outside the agency's folder)
        if chunk:
            st.markdown("\n".join(chunk))
            chunk = []
        st.image(str(image), caption=found["alt"] or None)
    if chunk:
        st.markdown("\n".join(chunk))


def draft_from_json(body: dict[str, Any]) -> str:
    lines = [f"# {body.get('title', '')}"]
    for section in body.get("sections", []):
        lines += ["", f"## {section['title']}", "", *[p + "\n" for p in section["paragraphs"]]]
    return "\n".join(lines)


def agency_report(out: Path, summary: dict[str, Any]) -> None:
    names = {a["agency_id"]: a["agency_name"] for a in summary.get("agencies_detail", [])}
    completed = list(summary.get("completed", []))
    if not completed:
        return
    st.subheader(tr("ui.batch.report"))
    agency = st.selectbox(tr("ui.batch.agency"), completed, index=None, key=f"batch_agency_{out.parent.name}",
                          format_func=lambda a: f"{names[a]} · {a}" if a in names else a,
                          placeholder=tr("ui.batch.agency_pick"))  # fmt: skip
    if agency is None:
        return
    base = inside(out, "agencies", agency, "score.json")
    if base is None:
        st.caption(tr("ui.batch.no_draft"))
        return
    folder = base.parent
    review = inside(folder, "review.json")
    if review is not None:
        flags = json.loads(review.read_text(encoding="utf-8")).get("flags", [])
        if flags:
            st.warning(tr("ui.batch.flags", count=len(flags)))
            for i, flag in enumerate(flags, 1):
                st.markdown(f"**{i}.** {tr('kind.' + flag['kind'])}：{flag.get('message', '')}")
        else:
            st.success(tr("ui.batch.clean"))
    columns = st.columns(3)
    for column, fmt in zip(columns, ("md", "docx", "odt"), strict=True):
        path = inside(folder, f"draft.{fmt}")
        if path is not None:
            column.download_button(tr("ui.batch.download.agency", format=tr(f"ui.batch.format.{fmt}")),
                                   path.read_bytes, file_name=f"{agency}.{fmt}", mime=MEDIA[fmt],
                                   key=f"batch_agency_download_{fmt}", on_click="ignore")  # fmt: skip
    markdown, body = inside(folder, "draft.md"), inside(folder, "draft.json")
    with st.container(border=True):
        if markdown is not None:
            draft_markdown(markdown.read_text(encoding="utf-8"), folder)
        elif body is not None:
            st.markdown(draft_from_json(json.loads(body.read_text(encoding="utf-8"))))
        else:
            st.caption(tr("ui.batch.no_draft"))


def results(run: BatchRun) -> None:
    out = attempt(lambda: desk.batch_folder(run.id))
    if out is None:
        return
    summary_file = inside(out, "summary.json")
    summary: dict[str, Any] = run.summary or (
        json.loads(summary_file.read_text(encoding="utf-8")) if summary_file else {}
    )
    failures = summary.get("failures", [])
    left, middle, right = st.columns(3)
    left.metric(tr("ui.batch.agencies"), summary.get("agencies", 0))
    middle.metric(tr("ui.batch.completed"), len(summary.get("completed", [])))
    right.metric(tr("ui.batch.failures_count"), len(failures))

    first, second, third = st.columns(3)
    first.download_button(tr("ui.batch.download.zip"), lambda: archive(run.id), file_name=f"batch-{run.id}.zip",
                          mime="application/zip", key="batch_download_zip", type="primary",
                          on_click="ignore")  # fmt: skip
    ranking_csv, dashboard = inside(out, "ranking.csv"), inside(out, "index.html")
    if ranking_csv is not None:
        second.download_button(tr("ui.batch.download.csv"), ranking_csv.read_bytes, file_name="ranking.csv",
                               mime="text/csv", key="batch_download_csv", on_click="ignore")  # fmt: skip
    if dashboard is not None:
        third.download_button(tr("ui.batch.download.html"), dashboard.read_bytes, file_name="index.html",
                              mime="text/html", key="batch_download_html", on_click="ignore")  # fmt: skip

    st.subheader(tr("ui.batch.ranking"))
    ranking = summary.get("ranking") or {}
    units = ranking.get("units", [])
    if units:
        if ranking.get("rule_text"):
            st.caption(ranking["rule_text"])
        colors = summary.get("colors", {})
        st.dataframe(
            [{tr("ui.batch.col.rank"): u.get("rank"), tr("ui.batch.col.agency"): u.get("agency_name"),
              tr("ui.batch.col.agency_id"): u.get("agency_id"), tr("ui.batch.col.score"): u.get("score"),
              tr("ui.batch.col.grade"): f"{LIGHT_EMOJI.get(colors.get(u.get('grade'), u.get('grade')), '▫️')} "
                                        f"{u.get('grade_label') or u.get('grade') or '—'}"}
             for u in units],
            hide_index=True, width="stretch",
        )  # fmt: skip
    else:
        st.caption(tr("ui.batch.no_ranking"))
    lights = inside(out, "charts", "lights.png")
    if lights is not None and units:
        with st.expander(tr("ui.batch.lights")):
            st.image(str(lights))

    if failures:
        st.subheader(tr("ui.batch.failures"))
        st.dataframe([{tr("ui.batch.col.agency_id"): f["agency_id"], tr("ui.batch.col.error"): f["error"]}
                      for f in failures], hide_index=True, width="stretch")  # fmt: skip

    agency_report(out, summary)


# --- a new run ------------------------------------------------------------------------

st.subheader(tr("ui.batch.new"))
table = table_input()
left, right = st.columns(2)
formats = left.multiselect(tr("ui.batch.formats"), list(FORMATS), default=["md", "docx"], key="batch_formats",
                           format_func=lambda f: t(f"ui.batch.format.{f}", HERE))  # fmt: skip
quota = right.text_input(tr("ui.batch.quota"), key="batch_quota", help=tr("ui.batch.quota_help"))
roc = st.toggle(tr("ui.batch.roc"), key="batch_roc")
if st.button(tr("ui.batch.start"), type="primary", key="batch_start"):
    if table is None:
        st.warning(tr("ui.batch.need_table"))
    elif not formats:
        st.warning(tr("ui.batch.need_format"))
    else:
        name, data = table
        run = attempt(lambda: submit(name, data, formats, quota, roc))
        if run is not None:
            st.session_state["batch_pick"] = run.id
            st.success(tr("ui.batch.submitted", table=run.table_name))

# --- earlier runs and the chosen one ----------------------------------------------------

st.divider()
st.subheader(tr("ui.batch.runs"))
runs = desk.batches()
if not runs:
    st.caption(tr("ui.batch.no_runs"))
    st.stop()
by_id = {r.id: r for r in runs}
if st.session_state.get("batch_pick") not in by_id:
    st.session_state["batch_pick"] = runs[0].id
picked = st.selectbox(tr("ui.batch.run"), list(by_id), key="batch_pick",
                      format_func=lambda i: t("ui.batch.run_label", HERE, when=when(by_id[i].created_at),
                                              table=by_id[i].table_name, status=status(by_id[i], HERE)))  # fmt: skip
with st.expander(tr("ui.batch.all_runs", count=len(runs))):
    st.dataframe(
        [{tr("ui.batch.col.when"): when(r.created_at), tr("ui.batch.col.table"): r.table_name,
          tr("ui.batch.col.status"): status(r),
          tr("ui.batch.col.progress"): f"{r.done}/{r.total}" if r.total else "—",
          tr("ui.batch.col.by"): r.created_by} for r in runs],
        hide_index=True, width="stretch",
    )  # fmt: skip

chosen = by_id[picked]
if chosen.status in ACTIVE:
    st.fragment(watch, run_every=POLL_SECONDS)(chosen.id)
elif chosen.status == "failed":
    st.error(tr("ui.batch.failed", error=chosen.error or "—"), icon="⚠️")
else:
    results(chosen)
