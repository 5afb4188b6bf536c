"""The review memo (Markdown): flags grouped by goal, each with the quoted sentence,
what the data says and what to ask the agency — ready to paste into a memo."""

from __future__ import annotations

from typing import Any

from assistant.i18n import t
from assistant.model.metrics import MetricsFile


def review_memo(
    result: dict[str, Any],
    metrics: MetricsFile,
    lang: str | None = None,
    decisions: dict[int, dict[str, Any]] | None = None,
) -> str:
    """``decisions`` (flag index -> decision, comment, decided_by, decided_at) adds the
    reviewer's current decision under each flag, as the workspace keeps it."""
    out = [
        f"# {t('txt.review_title', lang, agency=metrics.agency.name, period=metrics.period)}",
        "",
    ]
    flags = result["flags"]
    if not flags:
        return "\n".join([*out, t("txt.review_none", lang), ""])
    out += [t("txt.review_summary", lang, count=len(flags)), ""]
    goal_of = {ind.id: goal for _, _, goal, ind in metrics.indicators()}
    groups: dict[str, list[dict[str, Any]]] = {}
    index_of = {id(flag): i for i, flag in enumerate(flags)}
    for flag in flags:
        goal = goal_of.get(flag["indicator_id"] or "")
        title = f"{goal.id} {goal.name}" if goal else t("txt.other_flags", lang)
        groups.setdefault(title, []).append(flag)
    ordered = [f"{g.id} {g.name}" for g in metrics.goals if f"{g.id} {g.name}" in groups]
    ordered += [k for k in groups if k not in ordered]
    for number, title in enumerate(ordered, start=1):
        out += [f"## {number}. {title}", ""]
        for flag in groups[title]:
            kind = t(f"kind.{flag['kind']}", lang)
            severity = t(f"severity.{flag['severity']}", lang)
            out.append(f"- **{kind}**（{severity}）{flag['message']}")
            if flag["quote"]:
                out.append(f"  - {t('txt.quote', lang)}：「{flag['quote']}」")
            if (
                flag["objective"] and flag["kind"] != "grade_inflation"
            ):  # its message names both lights
                out.append(f"  - {t('txt.data_says', lang)}：{flag['objective']}")
            out.append(f"  - {t('txt.ask', lang)}：{flag['ask']}")
            decided = (decisions or {}).get(index_of[id(flag)])
            if decided:
                line = t(f"txt.decision.{decided['decision']}", lang, by=decided["decided_by"],
                         at=decided["decided_at"])  # fmt: skip
                comment = f"：{decided['comment']}" if decided.get("comment") else ""
                out.append(f"  - {line}{comment}")
        out.append("")
    return "\n".join(out)
