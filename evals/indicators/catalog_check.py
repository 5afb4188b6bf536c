"""Validate a labelled indicator catalog (catalog.yaml + labels.yaml) of evals/indicators.

Each set's spec.yaml gives its own Spec (id prefix, sizes, minimum counts); main() prints OK
with the counts, or the problems and returns 1.

Usage: .venv/bin/python evals/indicators/catalog_check.py ministry-text-4 (or a set's check.py)
"""

import re
from dataclasses import dataclass
from itertools import combinations, product
from pathlib import Path

import yaml

REQUIRED = ("id", "agency_id", "name", "definition", "type", "goal", "unit", "direction")
OPTIONAL = ("weight", "values")
TYPES = {"input", "process", "output", "outcome"}
DIRECTIONS = {"higher", "lower"}
TRAP_KINDS = {"wording"}


@dataclass(frozen=True)
class Spec:
    id_prefix: str
    n_range: tuple[int, int]
    goal_range: tuple[int, int]
    n_agencies: int
    min_dup: int = 16
    min_triples: int = 2
    min_ovl: int = 6
    min_trap: int = 12
    agencies: frozenset[str] | None = None  # exactly these agency ids, when given
    goals_per_agency: tuple[int, int] | None = None


def check_catalog(cat, problems, spec):
    if not isinstance(cat, list):
        problems.append("catalog.yaml: top level must be a list")
        return set()
    if not spec.n_range[0] <= len(cat) <= spec.n_range[1]:
        problems.append(
            f"catalog: {len(cat)} indicators, expected {spec.n_range[0]}-{spec.n_range[1]}"
        )
    ids, names, agencies, goals = set(), set(), set(), {}
    for i, ind in enumerate(cat):
        where = f"catalog item {i + 1}"
        if not isinstance(ind, dict):
            problems.append(f"{where}: not a mapping")
            continue
        where = f"catalog {ind.get('id', f'item {i + 1}')}"
        for f in REQUIRED:
            v = ind.get(f)
            if not isinstance(v, str) or not v.strip():
                problems.append(f"{where}: field {f!r} missing or empty")
        extra = set(ind) - set(REQUIRED) - set(OPTIONAL)
        if extra:
            problems.append(f"{where}: unknown fields {sorted(extra)}")
        iid = ind.get("id")
        if isinstance(iid, str):
            if not re.fullmatch(spec.id_prefix + r"\d{2}", iid):
                problems.append(f"{where}: id must look like {spec.id_prefix}01")
            if iid in ids:
                problems.append(f"{where}: duplicate id")
            ids.add(iid)
        if ind.get("type") not in TYPES:
            problems.append(f"{where}: type {ind.get('type')!r} not in {sorted(TYPES)}")
        if ind.get("direction") not in DIRECTIONS:
            problems.append(
                f"{where}: direction {ind.get('direction')!r} not in {sorted(DIRECTIONS)}"
            )
        ag = ind.get("agency_id")
        if isinstance(ag, str):
            if not re.fullmatch(r"[A-Za-z0-9._-]+", ag):
                problems.append(f"{where}: agency_id {ag!r} has characters outside [A-Za-z0-9._-]")
            agencies.add(ag)
        name = ind.get("name")
        if isinstance(name, str):
            if name in names:
                problems.append(f"{where}: name {name!r} used twice")
            names.add(name)
        if isinstance(ind.get("goal"), str):
            goals.setdefault(ind["goal"], []).append(iid)
    expected = {f"{spec.id_prefix}{i:02d}" for i in range(1, len(cat) + 1)}
    if ids != expected:
        problems.append(
            f"catalog: ids are not exactly {spec.id_prefix}01..{spec.id_prefix}{len(cat):02d}"
        )
    if spec.agencies is not None and agencies != spec.agencies:
        problems.append(f"catalog: agencies {sorted(agencies)}, expected {sorted(spec.agencies)}")
    per_agency = {}
    for ind in cat:
        if isinstance(ind, dict):
            per_agency.setdefault(ind.get("agency_id"), set()).add(ind.get("goal"))
    for ag, gs in per_agency.items():
        low, high = spec.goals_per_agency or (0, len(cat))
        if not low <= len(gs) <= high:
            problems.append(f"catalog: agency {ag} has {len(gs)} goals")
    if len(agencies) != spec.n_agencies:
        problems.append(f"catalog: {len(agencies)} agencies, expected {spec.n_agencies}")
    if not spec.goal_range[0] <= len(goals) <= spec.goal_range[1]:
        problems.append(
            f"catalog: {len(goals)} goals, expected {spec.goal_range[0]}-{spec.goal_range[1]}"
        )
    return ids


def read_pairs(labels, key, problems, ids):
    raw = labels.get(key)
    if not isinstance(raw, list):
        problems.append(f"labels: {key!r} must be a list")
        return []
    pairs = []
    for j, item in enumerate(raw):
        where = f"labels {key}[{j}]"
        if key == "traps":
            if not isinstance(item, dict) or set(item) != {"pair", "kind"}:
                problems.append(f"{where}: must be {{pair: [id, id], kind: ...}}")
                continue
            if item["kind"] not in TRAP_KINDS:
                problems.append(f"{where}: kind {item['kind']!r} not in {sorted(TRAP_KINDS)}")
            item = item["pair"]
        if not isinstance(item, list) or len(item) != 2:
            problems.append(f"{where}: pair must be a list of two ids")
            continue
        a, b = item
        if a == b:
            problems.append(f"{where}: pair repeats {a}")
            continue
        for x in (a, b):
            if x not in ids:
                problems.append(f"{where}: id {x!r} is not in the catalog")
        pairs.append(frozenset((a, b)))
    seen = set()
    for p in pairs:
        if p in seen:
            problems.append(f"labels {key}: pair {sorted(p)} listed twice")
        seen.add(p)
    return pairs


def components(pairs):
    parent = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        a, b = sorted(p)
        parent[find(a)] = find(b)
    groups = {}
    for x in list(parent):
        groups.setdefault(find(x), set()).add(x)
    return {x: frozenset(g) for g in groups.values() for x in g}


def check_labels(labels, ids, problems, spec):
    if not isinstance(labels, dict) or set(labels) != {"duplicates", "overlaps", "traps"}:
        problems.append("labels.yaml: must have exactly the keys duplicates, overlaps, traps")
        return
    dup = read_pairs(labels, "duplicates", problems, ids)
    ovl = read_pairs(labels, "overlaps", problems, ids)
    trap = read_pairs(labels, "traps", problems, ids)
    sets = {"duplicates": set(dup), "overlaps": set(ovl), "traps": set(trap)}
    for (k1, s1), (k2, s2) in combinations(sets.items(), 2):
        for p in sorted(s1 & s2, key=sorted):
            problems.append(f"labels: pair {sorted(p)} is in both {k1} and {k2}")

    comp = components(dup)
    groups = set(comp.values())
    for g in groups:
        for a, b in combinations(sorted(g), 2):
            if frozenset((a, b)) not in sets["duplicates"]:
                problems.append(f"labels: duplicate group {sorted(g)} lacks pair [{a}, {b}]")
    for p in ovl:
        a, b = sorted(p)
        ga, gb = comp.get(a, frozenset([a])), comp.get(b, frozenset([b]))
        if ga == gb:
            problems.append(f"labels: overlap [{a}, {b}] joins one duplicate group")
            continue
        for x, y in product(sorted(ga), sorted(gb)):
            if frozenset((x, y)) not in sets["overlaps"]:
                problems.append(
                    f"labels: overlap [{a}, {b}] implies overlap [{x}, {y}] (duplicates of its ends)"
                )
    for p in trap:
        a, b = sorted(p)
        if comp.get(a) is not None and comp.get(a) == comp.get(b):
            problems.append(f"labels: trap [{a}, {b}] lies inside a duplicate group")

    triples = sum(1 for g in groups if len(g) >= 3)
    if len(sets["duplicates"]) < spec.min_dup:
        problems.append(
            f"labels: {len(sets['duplicates'])} duplicate pairs, need >= {spec.min_dup}"
        )
    if triples < spec.min_triples:
        problems.append(f"labels: {triples} duplicate triples, need >= {spec.min_triples}")
    if len(sets["overlaps"]) < spec.min_ovl:
        problems.append(f"labels: {len(sets['overlaps'])} overlap pairs, need >= {spec.min_ovl}")
    if len(sets["traps"]) < spec.min_trap:
        problems.append(f"labels: {len(sets['traps'])} traps, need >= {spec.min_trap}")
    return len(sets["duplicates"]), triples, len(sets["overlaps"]), len(sets["traps"])


def load_spec(here: Path) -> Spec:
    """HERE/spec.yaml as a Spec (lists become tuples, agencies a frozenset)."""
    data = yaml.safe_load((here / "spec.yaml").read_text(encoding="utf-8"))
    for key in ("n_range", "goal_range", "goals_per_agency"):
        if key in data:
            data[key] = tuple(data[key])
    if "agencies" in data:
        data["agencies"] = frozenset(data["agencies"])
    return Spec(**data)


def main(here: Path, spec: Spec | None = None) -> int:
    spec = spec or load_spec(here)
    problems = []
    try:
        cat = yaml.safe_load((here / "catalog.yaml").read_text(encoding="utf-8"))
        labels = yaml.safe_load((here / "labels.yaml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        print(f"cannot read: {exc}")
        return 1
    ids = check_catalog(cat, problems, spec)
    counts = check_labels(labels, ids, problems, spec)
    if problems:
        print("\n".join(problems))
        return 1
    d, t, o, tr = counts
    print(
        f"OK: {len(cat)} indicators, {d} duplicate pairs ({t} groups of 3+), {o} overlaps, {tr} traps"
    )
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(Path(__file__).resolve().parent / sys.argv[1]))
