"""審查 Review: metrics and a narrative in, every sentence that disagrees with the data flagged;
accept or dismiss each flag with a comment, reopen earlier reviews, download the memo."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

import streamlit as st

from assistant.i18n import localized
from assistant.model import KaopingInputError
from assistant.workspace.desk import Desk
from assistant.workspace.errors import DeskError
from ui.components import FLAG_COLORS, attempt, highlighted, metrics_input, problem_text
from ui.state import lang, require_desk, tr

Rating = Callable[[str], str]  # a rating id -> its label in the review's framework
SEVERITIES = ("high", "medium", "low")
SEVERITY_MARK = {"high": "🔴", "medium": "🟠", "low": "⚪"}
DECISION_MARK = {"accepted": "✅", "dismissed": "✖️"}
_MARKDOWN = re.compile(r"([\\`*_\[\]#<>|~$])")


def _md(text: str) -> str:
    """Text from a narrative, shown literally inside Markdown."""
    return _MARKDOWN.sub(r"\\\1", " ".join(text.split()))


def _when(moment: datetime | None) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC" if moment else "—"


def _chip(kind: str, label: str) -> str:
    return (
        f'<span style="background:{FLAG_COLORS.get(kind, "#eee")};padding:1px 8px;'
        f'border-radius:4px;margin-right:6px;white-space:nowrap">{html.escape(label)}</span>'
    )


def _agency(metrics: dict[str, Any]) -> str:
    agency = metrics.get("agency") or {}
    return localized(agency.get("name"), lang()) or str(agency.get("id", "—"))


def _narrative() -> str | None:
    """The narrative pasted or uploaded (None when a file cannot be read: its error is shown)."""
    from assistant.review import narrative_from_bytes
    from assistant.workspace.files import NARRATIVE_TYPES, display_name, suffix_for

    # labels bound now: a format_func that looks the language up later could see another one
    choices = {s: tr(f"ui.review.narrative_{s}_choice") for s in ("paste", "upload")}
    source = st.radio(tr("ui.review.narrative_source"), list(choices), horizontal=True,
                      key="review_narrative_source", format_func=choices.__getitem__)  # fmt: skip
    if source == "paste":
        text = st.text_area(tr("ui.review.narrative_text"), key="review_text", height=260,
                            placeholder=tr("ui.review.narrative_placeholder"))  # fmt: skip
        return text.replace("\r\n", "\n")
    upload = st.file_uploader(tr("ui.review.narrative_upload"), type=["md", "txt", "docx", "pdf"],
                              key="review_narrative_file")  # fmt: skip
    if upload is None:
        return ""
    data, name = upload.getvalue(), display_name(upload.name, "narrative")
    try:
        text = narrative_from_bytes(data, name, suffix_for(data, NARRATIVE_TYPES, "narrative")).text
    except DeskError as error:  # not a type a narrative can be (a binary, a spreadsheet…)
        st.error(tr("ui.review.narrative_bad", file=name, problem=problem_text(error)), icon="⚠️")
        return None
    except KaopingInputError as error:  # already names the file
        st.error(problem_text(error), icon="⚠️")
        return None
    st.caption(tr("ui.review.narrative_read", file=name, chars=len(text)))
    return text


def _earlier(desk: Desk) -> None:
    """Earlier reviews of the caller's agencies; picking one opens it."""
    reviews = desk.reviews()
    if not reviews:
        st.caption(tr("ui.review.earlier_none"))
        return
    labels = {
        r.id: tr("ui.review.earlier_label", id=r.id, agency=_agency(r.metrics), period=r.period,
                 flags=len(r.result.get("flags", [])), when=_when(r.created_at))
        for r in reviews
    }  # fmt: skip
    current = st.session_state.get("review_id")
    if current in labels and st.session_state.get("review_pick") != current:
        st.session_state["review_pick"] = current  # a review just run shows as the one picked

    def picked() -> None:
        st.session_state["review_id"] = st.session_state.get("review_pick")

    st.selectbox(tr("ui.review.earlier"), list(labels), format_func=labels.__getitem__,
                 index=None, placeholder=tr("ui.review.earlier_pick"), key="review_pick",
                 on_change=picked)  # fmt: skip


def _units(metrics: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Indicator id -> (name, unit), from the metrics the review kept."""
    found: dict[str, tuple[str, str]] = {}
    for goal in metrics.get("goals", []):
        for ind in goal.get("indicators", []):
            found[str(ind.get("id"))] = (
                localized(ind.get("name"), lang()),
                localized(ind.get("unit"), lang()),
            )
    return found


def _rating_label(desk: Desk, framework: str, rating: str) -> str:
    chosen = next((f for f in desk.frameworks() if f.id == framework), None)
    band = chosen.ratings.find(rating) if chosen is not None else None
    return localized(band.label, lang()) if band is not None else rating


def _data_says(flag: dict[str, Any], unit: str, rating: Rating) -> str:
    kind, value = flag["kind"], flag.get("objective")
    if kind == "unsupported_claim":
        return tr("ui.review.data.unsupported_claim")
    if value in (None, "") or (
        kind in ("status_overclaim", "omitted_shortfall") and not str(value).endswith("%")
    ):
        return tr("ui.review.data.no_actual")
    if kind in ("number_mismatch", "target_misstatement") and unit:
        value = f"{value}{'' if unit == '%' else ' '}{unit}"
    elif kind == "grade_inflation":
        value = rating(str(value))
    return tr(f"ui.review.data.{kind}", value=value)


def _claims(flag: dict[str, Any], rating: Rating) -> str:
    claimed = flag.get("claimed")
    if not claimed:
        return tr("ui.review.claimed_none")
    if flag["kind"] == "grade_inflation":
        key = "ui.review.claimed" if flag.get("span") else "ui.review.claimed_self"
        return tr(key, claimed=rating(str(claimed)))
    return tr("ui.review.claimed", claimed=claimed)


def _flag_card(desk: Desk, review: Any, index: int, flag: dict[str, Any], decision: Any,
               names: dict[str, tuple[str, str]], rating: Rating) -> None:  # fmt: skip
    kind, n = flag["kind"], index + 1
    severity = flag.get("severity", "low")
    with st.container(border=True):
        st.markdown(
            f"{_chip(kind, f'{n}. ' + tr('kind.' + kind))} {SEVERITY_MARK.get(severity, '')} "
            + html.escape(tr("ui.review.severity_label", severity=tr(f"severity.{severity}"))),
            unsafe_allow_html=True,
        )
        indicator = flag.get("indicator_id")
        name, unit = names.get(indicator or "", ("", ""))
        if indicator:
            st.caption(tr("ui.review.indicator", name=name or indicator, id=indicator))
        if flag.get("quote"):
            st.markdown(f"> {_md(flag['quote'])}")
        else:
            st.caption(tr("ui.review.no_quote"))
        st.markdown(f"- {_md(_claims(flag, rating))}\n- {_md(_data_says(flag, unit, rating))}")
        st.markdown(_md(flag.get("message", "")))
        ask = tr(f"ui.review.ask.{kind}", claimed=flag.get("claimed") or "")
        st.markdown(f"**{tr('ui.review.ask_label')}**：{_md(ask)}")
        if decision is None:
            st.markdown(f"⏳ {tr('ui.review.decision.none')}")
        else:
            status = tr(f"ui.review.decision.{decision.decision}")
            line = tr("ui.review.decision_by", decision=status, who=decision.decided_by,
                      when=_when(decision.decided_at))  # fmt: skip
            st.markdown(f"{DECISION_MARK.get(decision.decision, '')} {_md(line)}")
            if decision.comment:
                st.markdown(_md(tr("ui.review.decision_comment", comment=decision.comment)))
        with st.form(f"review_decide_{review.id}_{index}", clear_on_submit=True, border=False):
            comment = st.text_area(tr("ui.review.comment"), key=f"review_comment_{review.id}_{index}",
                                   height=68, placeholder=tr("ui.review.comment_placeholder"))  # fmt: skip
            left, right = st.columns(2)
            accept = left.form_submit_button(tr("ui.review.accept"), type="primary",
                                             key=f"review_accept_{review.id}_{index}")  # fmt: skip
            dismiss = right.form_submit_button(tr("ui.review.dismiss"),
                                               key=f"review_dismiss_{review.id}_{index}")  # fmt: skip
        if accept or dismiss:
            choice = "accepted" if accept else "dismissed"
            done = attempt(lambda: desk.decide(review.id, index, choice, comment.strip()))
            if done is not None:
                st.session_state["review_saved"] = tr("ui.review.saved", n=n)
                st.rerun()


def _show(desk: Desk, review_id: int) -> None:
    review = attempt(lambda: desk.review(review_id))
    if review is None:
        st.session_state.pop("review_id", None)
        return
    flags: list[dict[str, Any]] = review.result.get("flags", [])
    summary = review.result.get("summary", {})
    latest = {d.flag_index: d for d in desk.decisions(review)}  # oldest first: the last counts
    st.divider()
    st.subheader(tr("ui.review.header", id=review.id, agency=_agency(review.metrics),
                    period=review.period))  # fmt: skip
    st.caption(tr("ui.review.meta", who=review.created_by, when=_when(review.created_at)))
    memo = attempt(lambda: desk.memo(review.id, lang()))
    if memo is not None:
        st.download_button(tr("ui.review.memo"), memo.encode(), mime="text/markdown",
                           file_name=f"review-{review.agency_id}-{review.period}-{review.id}.md",
                           key="review_memo")  # fmt: skip
    saved = st.session_state.pop("review_saved", None)
    if saved:
        st.success(saved, icon="✅")
    if not flags:
        st.success(tr("ui.review.clean"), icon="✅")
        st.markdown(highlighted(review.narrative, []), unsafe_allow_html=True)
        return

    decided = sum(1 for i in range(len(flags)) if i in latest)
    st.warning(tr("ui.review.found", count=len(flags), decided=decided,
                  pending=len(flags) - decided))  # fmt: skip
    by_severity = summary.get("by_severity", {})
    columns = st.columns(len(SEVERITIES) + 2)
    columns[0].metric(tr("ui.review.total"), len(flags))
    for column, severity in zip(columns[1:], SEVERITIES, strict=False):
        label = tr("ui.review.severity_label", severity=tr(f"severity.{severity}"))
        column.metric(f"{SEVERITY_MARK[severity]} {label}", by_severity.get(severity, 0))
    columns[-1].metric(tr("ui.review.decided_count"), f"{decided} / {len(flags)}")
    by_kind = summary.get("by_kind") or {}
    legend = "".join(
        _chip(
            kind, tr("ui.review.legend_item", kind=tr(f"kind.{kind}"), count=by_kind.get(kind, 0))
        )
        for kind in FLAG_COLORS
    )
    st.markdown(f"**{html.escape(tr('ui.review.legend'))}**<br>{legend}", unsafe_allow_html=True)

    names = _units(review.metrics)
    framework = str(review.metrics.get("framework") or "tw-kpi")
    labels: dict[str, str] = {}

    def rating(rating_id: str) -> str:
        if rating_id not in labels:
            labels[rating_id] = _rating_label(desk, framework, rating_id)
        return labels[rating_id]

    text_side, flag_side = st.columns([3, 2], gap="medium")
    with text_side:
        st.markdown(f"#### {tr('ui.review.text')}", help=tr("ui.review.text_help"))
        st.markdown(highlighted(review.narrative, flags), unsafe_allow_html=True)
    with flag_side:
        st.markdown(f"#### {tr('ui.review.flags')}")
        panel = st.container(height=900 if len(flags) > 4 else "content")
        with panel:
            for index, flag in enumerate(flags):
                _flag_card(desk, review, index, flag, latest.get(index), names, rating)


st.title(tr("ui.review.title"))
st.caption(tr("ui.review.intro"))
desk: Desk = require_desk()
_earlier(desk)

metrics_side, narrative_side = st.columns(2, gap="large")
with metrics_side:
    st.markdown(f"#### {tr('ui.review.metrics_header')}")
    loaded = metrics_input("review")
with narrative_side:
    st.markdown(f"#### {tr('ui.review.narrative_header')}")
    narrative = _narrative()

if loaded is None and not narrative and st.session_state.get("review_id") is None:
    st.info(tr("ui.review.empty"))
if st.button(tr("ui.review.run"), type="primary", key="review_run"):
    if loaded is None:
        st.warning(tr("ui.review.need_metrics"))
    elif narrative is None:
        pass  # the file's problem is already shown beside it
    elif not re.search(r"\w", narrative):
        st.warning(tr("ui.review.need_narrative"))
    else:
        text: str = narrative
        with st.spinner(tr("ui.review.running")):
            record = attempt(lambda: desk.create_review(loaded, None, text, lang()))
        if record is not None:
            st.session_state["review_id"] = record.id
            st.rerun()

current = st.session_state.get("review_id")
if current is not None:
    _show(desk, int(current))
