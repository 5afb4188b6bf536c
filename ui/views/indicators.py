"""指標精簡 Indicators: a catalog in; duplicates, overlaps and a smaller set out, decided by you.

The analysis runs once per catalog and language (kept in the session); accepting or rejecting a
recommendation only changes the set you end up with, never the analysis.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import streamlit as st

from assistant.i18n import t
from assistant.workspace.desk import Desk
from ui.components import attempt, example_files
from ui.state import lang, require_desk, tr

st.title(tr("ui.indicators.title"))
st.caption(tr("ui.indicators.intro"))
desk: Desk = require_desk()


def catalog_input() -> tuple[str, bytes, str] | None:
    """(display name, bytes, how to read them) of the chosen catalog; None until there is one."""
    from assistant.workspace.files import CATALOG_TYPES, display_name, suffix_for

    here = lang()  # option labels are formatted later too, outside this run
    source = st.radio(tr("ui.indicators.source"), ["upload", "example"], horizontal=True,
                      key="ind_source", format_func=lambda s: t(f"ui.indicators.{s}_choice", here))  # fmt: skip
    if source == "example":
        examples = example_files("catalogs/*.yaml") + example_files("catalogs/*.json")
        examples += example_files("catalogs/*.csv")
        chosen: Path | None = st.selectbox(tr("ui.indicators.example"), examples, index=None,
                                           format_func=lambda p: p.name, key="ind_example",
                                           placeholder=tr("ui.indicators.pick"))  # fmt: skip
        if chosen is None:
            return None
        return chosen.name, chosen.read_bytes(), chosen.suffix.lower()
    upload = st.file_uploader(tr("ui.indicators.upload"), type=["yaml", "yml", "json", "csv"],
                              key="ind_file")  # fmt: skip
    if upload is None:
        return None
    data, name = upload.getvalue(), display_name(upload.name, "catalog")
    suffix = attempt(lambda: suffix_for(data, CATALOG_TYPES, "catalog", name))
    return None if suffix is None else (name, data, suffix)


def analysed(name: str, data: bytes, suffix: str) -> dict[str, Any] | None:
    """The analysis of this catalog in this language: computed once, then kept in the session."""
    from assistant.indicators import load_catalog
    from assistant.indicators.report import heatmap_png
    from assistant.workspace.files import staged

    digest = hashlib.sha256(data + suffix.encode()).hexdigest()[:16]
    kept = st.session_state.get("ind_analysis")
    if kept is not None and kept["digest"] == digest and kept["lang"] == lang():
        return kept  # type: ignore[no-any-return]

    def work() -> dict[str, Any]:
        with staged(data, suffix) as path:
            catalog = load_catalog(path, file=name)
        analysis, result = desk.indicators(catalog, lang())
        return {"digest": digest, "lang": lang(), "name": name, "result": result,
                "heatmap": heatmap_png(analysis, result, lang()),
                "indicators": {i.id: {"name": i.name, "agency": i.agency_id, "goal": i.goal,
                                      "type": i.type} for i in catalog.indicators}}  # fmt: skip

    with st.spinner(tr("ui.indicators.analysing")):
        found = attempt(work)
    if found is not None:
        st.session_state["ind_analysis"] = found
    return found


def label(ind_id: str, names: dict[str, dict[str, Any]]) -> str:
    return f"{ind_id} {names.get(ind_id, {}).get('name', '')}".strip()


def restored(rec: dict[str, Any]) -> list[str]:
    """The indicators a rejected recommendation keeps that the accepted one would remove."""
    if rec["action"] == "drop":
        return list(rec["indicators"])
    if rec["action"] == "merge":
        return [i for i in rec["indicators"] if i != rec["keep"]]
    return []


def chosen_set(result: dict[str, Any], order: list[str], accepted: list[bool]) -> list[str]:
    """The proposed smaller set, with what each rejected recommendation would have removed."""
    keep = set(result["reduced_set"])
    for rec, ok in zip(result["recommendations"], accepted, strict=True):
        if not ok:
            keep.update(restored(rec))
    return [i for i in order if i in keep]


picked = catalog_input()
if picked is None:
    st.info(tr("ui.indicators.empty"))
    st.stop()
found = analysed(*picked)
if found is None:
    st.stop()
assert found is not None
result: dict[str, Any] = found["result"]
names: dict[str, dict[str, Any]] = found["indicators"]
order = list(names)

left, middle, right, last = st.columns(4)
left.metric(tr("ui.indicators.before"), result["before"])
middle.metric(tr("ui.indicators.after"), result["after"], delta=result["after"] - result["before"],
              delta_color="inverse")  # fmt: skip
burden = result["burden"]
right.metric(tr("ui.indicators.burden"), burden["removed"],
             help=tr("ui.indicators.burden_help", before=burden["before"], after=burden["after"]))  # fmt: skip
last.metric(tr("ui.indicators.outcome_share"), f"{result['outcome_share']['by_count']:.0%}")

st.subheader(tr("ui.indicators.heatmap"))
st.image(found["heatmap"], caption=tr("ui.indicators.heatmap_caption"))

st.subheader(tr("ui.indicators.clusters"))
if result["clusters"]:
    kept_by = {r["keep"]: r for r in result["recommendations"] if r["action"] == "keep"}
    st.dataframe(
        [{tr("ui.indicators.col.cluster"): n,
          tr("ui.indicators.col.members"): "、".join(label(i, names) for i in cluster),
          tr("ui.indicators.col.keep"): next((label(i, names) for i in cluster if i in kept_by), "—")}
         for n, cluster in enumerate(result["clusters"], 1)],
        hide_index=True, width="stretch",
    )  # fmt: skip
else:
    st.caption(tr("ui.indicators.no_clusters"))

st.subheader(tr("ui.indicators.recommendations"))
recommendations = result["recommendations"]
choices: dict[str, list[bool]] = st.session_state.setdefault("ind_choices", {})
accepted = choices.get(found["digest"])
if accepted is None or len(accepted) != len(recommendations):
    accepted = [True] * len(recommendations)
if recommendations:
    st.caption(tr("ui.indicators.recommendations_hint"))
    rows = [{"accept": ok, "action": tr(f"ui.indicators.action.{r['action']}"),
             "indicators": "、".join(label(i, names) for i in r["indicators"]),
             "keep": label(r["keep"], names) if r["keep"] else "—", "reason": r["reason"]}
            for r, ok in zip(recommendations, accepted, strict=True)]  # fmt: skip
    edited = st.data_editor(
        rows,
        key=f"ind_recs_{found['digest']}",
        num_rows="fixed",
        hide_index=True,
        width="stretch",
        disabled=["action", "indicators", "keep", "reason"],
        column_config={
            "accept": st.column_config.CheckboxColumn(tr("ui.indicators.col.accept")),
            "action": st.column_config.TextColumn(tr("ui.indicators.col.action")),
            "indicators": st.column_config.TextColumn(tr("ui.indicators.col.indicators")),
            "keep": st.column_config.TextColumn(tr("ui.indicators.col.keep")),
            "reason": st.column_config.TextColumn(tr("ui.indicators.col.reason")),
        },
    )
    accepted = [bool(row["accept"]) for row in edited]
    choices[found["digest"]] = accepted
else:
    st.caption(tr("ui.indicators.no_recommendations"))

final = chosen_set(result, order, accepted)
rejected = accepted.count(False)
st.subheader(tr("ui.indicators.final", count=len(final)))
if rejected:
    st.caption(tr("ui.indicators.final_changed", rejected=rejected,
                  extra=len(final) - len(result["reduced_set"])))  # fmt: skip
st.dataframe(
    [{tr("ui.indicators.col.id"): i, tr("ui.indicators.col.name"): names[i]["name"],
      tr("ui.indicators.col.agency"): names[i]["agency"], tr("ui.indicators.col.goal"): names[i]["goal"]}
     for i in final],
    hide_index=True, width="stretch",
)  # fmt: skip
removed = [i for i in order if i not in final]
if removed:
    st.caption(tr("ui.indicators.removed", ids="、".join(label(i, names) for i in removed)))

st.subheader(tr("ui.indicators.pairs"))
if result["pairs"]:
    st.dataframe(
        [{tr("ui.indicators.col.a"): label(p["a"], names), tr("ui.indicators.col.b"): label(p["b"], names),
          tr("ui.indicators.col.verdict"): tr("ui.indicators.verdict." + p["verdict"]),
          tr("ui.indicators.col.similarity"): p["text_similarity"],
          tr("ui.indicators.col.correlation"): "—" if p["correlation"] is None else f"{p['correlation']:.2f}",
          tr("ui.indicators.col.reason"): p["reason"]} for p in result["pairs"]],
        hide_index=True, width="stretch",
        column_config={tr("ui.indicators.col.similarity"): st.column_config.ProgressColumn(
            min_value=0.0, max_value=1.0, format="%.2f")},
    )  # fmt: skip
else:
    st.caption(tr("ui.indicators.no_pairs"))

flagged = [q for q in result.get("quality", []) if q["messages"]]
if flagged:
    with st.expander(tr("ui.indicators.quality", count=len(flagged))):
        st.dataframe(
            [{tr("ui.indicators.col.id"): label(q["id"], names),
              tr("ui.indicators.col.flags"): "；".join(q["messages"]),
              tr("ui.indicators.col.inferred"): tr(f"ui.indicators.type.{q['inferred_type']}")
              if q["inferred_type"] else "—"} for q in flagged],
            hide_index=True, width="stretch",
        )  # fmt: skip


def exported_json() -> str:
    decisions = [{"action": r["action"], "indicators": r["indicators"], "keep": r["keep"],
                  "accepted": ok} for r, ok in zip(recommendations, accepted, strict=True)]  # fmt: skip
    return json.dumps({**result, "decisions": decisions, "chosen_set": final},
                      ensure_ascii=False, indent=2) + "\n"  # fmt: skip


def exported_markdown() -> str:
    from assistant.indicators.report import report_markdown

    text = report_markdown(result, {i: v["name"] for i, v in names.items()}, lang())
    lines = ["", f"## {tr('ui.indicators.md.decisions')}", ""]
    for rec, ok in zip(recommendations, accepted, strict=True):
        verdict = tr("ui.indicators.md.accepted" if ok else "ui.indicators.md.rejected")
        lines.append(f"- {verdict}：{tr('ui.indicators.action.' + rec['action'])} "
                     f"{'、'.join(rec['indicators'])}（{rec['reason']}）")  # fmt: skip
    lines += ["", f"## {tr('ui.indicators.md.final', count=len(final))}", ""]
    lines += [f"- {i} {names[i]['name']}" for i in final]
    return text.rstrip("\n") + "\n" + "\n".join(lines) + "\n"


stem = Path(found["name"]).stem or "catalog"
first, second = st.columns(2)
first.download_button(tr("ui.indicators.download.json"), exported_json(), file_name=f"{stem}-indicators.json",
                      mime="application/json", key="ind_download_json")  # fmt: skip
second.download_button(tr("ui.indicators.download.md"), exported_markdown(),
                       file_name=f"{stem}-indicators.md", mime="text/markdown",
                       key="ind_download_md")  # fmt: skip
