"""The smaller set: one indicator per cluster of duplicates, and every other decision explained.

A cluster keeps the indicator that says most about results (outcome over output over process
over input), then the one with fewer quality flags, more values, from the agency that leads
the cluster. The others are merged into it. An indicator is dropped only with a reason (it
names an intention with nothing to count), reclassified when its words say it is another
type, and no goal is ever left without an indicator.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from assistant.indicators.analysis import Pair
from assistant.indicators.catalog import TYPE_RANK, Catalog, CatalogIndicator
from assistant.indicators.quality import Quality


@dataclass
class Recommendation:
    action: str
    indicators: list[str]
    keep: str | None
    reason: str
    params: dict[str, Any]


def clusters_of(pairs: list[Pair], order: dict[str, int]) -> list[list[str]]:
    """Connected components of the duplicate pairs (union-find), in catalog order."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        if p.verdict == "duplicate":
            parent[root(p.a)] = root(p.b)
    groups: dict[str, list[str]] = {}
    for x in parent:
        groups.setdefault(root(x), []).append(x)
    clusters = [sorted(g, key=order.__getitem__) for g in groups.values() if len(g) > 1]
    return sorted(clusters, key=lambda g: order[g[0]])


def _goal(ind: CatalogIndicator) -> tuple[str, str]:
    return (ind.agency_id, ind.goal)


def reduce(
    catalog: Catalog, pairs: list[Pair], quality: dict[str, Quality]
) -> tuple[list[list[str]], list[Recommendation], list[str]]:
    inds = {i.id: i for i in catalog.indicators}
    order = {i.id: n for n, i in enumerate(catalog.indicators)}
    clusters = clusters_of(pairs, order)

    def type_rank(i: str) -> int:
        """Outcome first: the given type, else the one the words say."""
        return TYPE_RANK.get(inds[i].type or quality[i].inferred_type or "", 4)

    removed: set[str] = set()
    recommendations: list[Recommendation] = []
    for cluster in clusters:
        lead = Counter(inds[i].agency_id for i in cluster).most_common(1)[0][0]

        def preference(i: str, lead: str = lead) -> tuple[int, int, int, int, int]:
            ind = inds[i]
            return (type_rank(i), -quality[i].score, -len(catalog.series(ind)),
                    0 if ind.agency_id == lead else 1, order[i])  # fmt: skip

        keep = min(cluster, key=preference)
        others = [i for i in cluster if i != keep]
        recommendations.append(
            Recommendation("keep", [keep], keep, "rec.keep_cluster", {"count": len(cluster)})
        )
        recommendations.append(
            Recommendation("merge", [keep, *others], keep, "rec.merge", {"keep": keep})
        )
        removed.update(others)
    for ind in catalog.indicators:
        q = quality[ind.id]
        if ind.id not in removed and "vague_no_measure" in q.flags:
            recommendations.append(Recommendation("drop", [ind.id], None, "rec.drop_vague", {}))
            removed.add(ind.id)
        if ind.type and q.inferred_type and ind.type != q.inferred_type:
            recommendations.append(Recommendation("reclassify", [ind.id], None, "rec.reclassify",
                                                  {"given": ind.type, "inferred": q.inferred_type}))  # fmt: skip
    # no goal may be left without an indicator: restore the best one of an emptied goal
    goals: dict[tuple[str, str], list[str]] = {}
    for ind in catalog.indicators:
        goals.setdefault(_goal(ind), []).append(ind.id)
    for goal, members in goals.items():
        if all(m in removed for m in members):
            back = min(members, key=lambda m: (type_rank(m), order[m]))
            removed.discard(back)
            for rec in recommendations:
                if rec.action == "merge" and back in rec.indicators:
                    rec.indicators = [i for i in rec.indicators if i != back]
            recommendations = [
                r for r in recommendations if not (r.action == "drop" and r.indicators == [back])
            ]
            recommendations.append(
                Recommendation("keep", [back], back, "rec.keep_goal", {"goal": goal[1] or goal[0]})
            )
    recommendations = [
        r for r in recommendations if not (r.action == "merge" and len(r.indicators) < 2)
    ]
    reduced = [i.id for i in catalog.indicators if i.id not in removed]
    return clusters, recommendations, reduced
