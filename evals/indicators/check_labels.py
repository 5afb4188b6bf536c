"""Check the indicator-rationalization eval sets: catalogs and their labels.

For each catalog directory (default: every directory here holding a ``catalog.yaml``):

- catalog: a YAML list; required fields present, known fields only, ``type`` and
  ``direction`` from their enums, ids unique;
- values: ``local-17x3`` keys are exactly 17 units x 3 periods (``"<unit>|<period>"``)
  on every indicator that has values; ``ministry-text`` has no values;
- labels: every labelled id exists, no self-pairs, no pair labelled twice (same or
  conflicting category), duplicate groups closed (every pair of a group of 3 listed),
  overlaps consistent across a duplicate group, trap kinds known, correlation traps only
  where both indicators have values, minimum counts met, duplicate/overlap pairs not on
  adjacent ids;
- values vs labels (catalogs with values): duplicates |r| > 0.95, overlaps
  0.75 <= |r| <= 0.90, wording traps |r| < 0.30, correlation traps |r| > 0.80, every
  unlabelled pair |r| < 0.75.

Run::

    .venv/bin/python evals/indicators/check_labels.py [DIR ...]

Exit status 1 if any check fails.
"""

from __future__ import annotations

import statistics
import sys
from collections import Counter
from itertools import combinations
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent

REQUIRED = ("id", "agency_id", "name", "type", "goal", "direction")
KNOWN = {*REQUIRED, "definition", "unit", "weight", "values"}
TYPES = {"input", "process", "output", "outcome"}
DIRECTIONS = {"higher", "lower"}
TRAP_KINDS = {"wording", "correlation"}

LOCAL_UNITS = [
    "taipei",
    "new-taipei",
    "taoyuan",
    "taichung",
    "tainan",
    "kaohsiung",
    "keelung",
    "hsinchu-city",
    "hsinchu-county",
    "miaoli",
    "changhua",
    "nantou",
    "yunlin",
    "chiayi-city",
    "chiayi-county",
    "pingtung",
    "yilan",
]
LOCAL_PERIODS = ["2021", "2022", "2023"]
# catalog directory -> expected value keys (None: a text-only catalog, no values allowed)
EXPECTED_KEYS: dict[str, set[str] | None] = {
    "local-17x3": {f"{u}|{p}" for u in LOCAL_UNITS for p in LOCAL_PERIODS},
    "ministry-text": None,
}
MINIMUM = {"duplicates": 10, "overlaps": 5, "wording": 4}
MINIMUM_WITH_VALUES = {"correlation": 4}

Pair = frozenset[str]


class Report:
    def __init__(self, name: str) -> None:
        self.name = name
        self.errors: list[str] = []
        self.info: list[str] = []

    def error(self, msg: str) -> None:
        self.errors.append(msg)

    def note(self, msg: str) -> None:
        self.info.append(msg)


def check_catalog(rows: Any, rep: Report, expected: set[str] | str | None) -> dict[str, dict]:
    if not isinstance(rows, list):
        rep.error("catalog.yaml is not a YAML list")
        return {}
    by_id: dict[str, dict] = {}
    for i, row in enumerate(rows):
        where = f"catalog[{i}]"
        if not isinstance(row, dict):
            rep.error(f"{where}: not a mapping")
            continue
        rid = row.get("id")
        where = f"{where} ({rid})"
        for f in REQUIRED:
            if row.get(f) in (None, ""):
                rep.error(f"{where}: missing {f}")
        for f in set(row) - KNOWN:
            rep.error(f"{where}: unknown field {f}")
        if row.get("type") not in TYPES:
            rep.error(f"{where}: type {row.get('type')!r} not in {sorted(TYPES)}")
        if row.get("direction") not in DIRECTIONS:
            rep.error(f"{where}: direction {row.get('direction')!r} not in {sorted(DIRECTIONS)}")
        if "weight" in row and not isinstance(row["weight"], int | float):
            rep.error(f"{where}: weight is not a number")
        if rid in by_id:
            rep.error(f"duplicate id {rid}")
        by_id[str(rid)] = row
        values = row.get("values")
        if values is None:
            continue
        if expected is None:
            rep.error(f"{where}: a text-only catalog must not carry values")
            continue
        if not isinstance(values, dict):
            rep.error(f"{where}: values is not a mapping")
            continue
        for k, v in values.items():
            if not isinstance(v, int | float) or isinstance(v, bool):
                rep.error(f"{where}: value {k} = {v!r} is not a number")
        if isinstance(expected, set) and set(values) != expected:
            missing, extra = expected - set(values), set(values) - expected
            rep.error(
                f"{where}: value keys differ from 17 units x 3 periods "
                f"(missing {sorted(missing)[:3]}…{len(missing)}, extra {sorted(extra)[:3]}…{len(extra)})"
            )
    if not by_id:
        rep.error("catalog is empty")
        return by_id
    with_values = sum("values" in r for r in by_id.values())
    goals = Counter(str(r.get("goal")) for r in by_id.values())
    types = Counter(str(r.get("type")) for r in by_id.values())
    rep.note(
        f"{len(by_id)} indicators ({with_values} with values), {len(goals)} goals "
        f"(indicators per goal {min(goals.values())}-{max(goals.values())}), "
        f"{len({r.get('agency_id') for r in by_id.values()})} agencies, types "
        + ", ".join(f"{t} {n}" for t, n in sorted(types.items()))
    )
    if isinstance(expected, set) and with_values:
        units = {k.split("|")[0] for r in by_id.values() for k in r.get("values", {})}
        periods = {k.split("|")[1] for r in by_id.values() for k in r.get("values", {})}
        rep.note(
            f"value keys: {len(units)} units x {len(periods)} periods on every indicator with values"
        )
    return by_id


def check_labels(labels: Any, by_id: dict[str, dict], rep: Report) -> dict[str, list[Pair]]:
    out: dict[str, list[Pair]] = {
        "duplicates": [],
        "overlaps": [],
        "wording": [],
        "correlation": [],
    }
    if not isinstance(labels, dict):
        rep.error("labels.yaml is not a mapping")
        return out
    for k in set(labels) - {"duplicates", "overlaps", "traps"}:
        rep.error(f"labels: unknown key {k}")
    seen: dict[Pair, str] = {}

    def take(raw: Any, category: str, where: str) -> None:
        if not (isinstance(raw, list) and len(raw) == 2):
            rep.error(f"{where}: a pair must be a list of two ids, got {raw!r}")
            return
        a, b = (str(x) for x in raw)
        for x in (a, b):
            if x not in by_id:
                rep.error(f"{where}: unknown id {x}")
        if a == b:
            rep.error(f"{where}: self-pair [{a}, {b}]")
            return
        p = frozenset((a, b))
        if p in seen:
            how = "twice" if seen[p] == category else f"as {seen[p]} and as {category}"
            rep.error(f"pair [{a}, {b}] labelled {how}")
            return
        seen[p] = category
        out[category].append(p)

    for i, raw in enumerate(labels.get("duplicates") or []):
        take(raw, "duplicates", f"duplicates[{i}]")
    for i, raw in enumerate(labels.get("overlaps") or []):
        take(raw, "overlaps", f"overlaps[{i}]")
    for i, t in enumerate(labels.get("traps") or []):
        if not isinstance(t, dict) or t.get("kind") not in TRAP_KINDS:
            rep.error(f"traps[{i}]: needs pair and kind in {sorted(TRAP_KINDS)}, got {t!r}")
            continue
        take(t.get("pair"), str(t["kind"]), f"traps[{i}]")

    # duplicate groups must be closed: every pair inside a connected group is listed
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for p in out["duplicates"]:
        a, b = sorted(p)
        parent[find(a)] = find(b)
    groups: dict[str, set[str]] = {}
    for x in parent:
        groups.setdefault(find(x), set()).add(x)
    dup_set = set(out["duplicates"])
    for g in groups.values():
        for a, b in combinations(sorted(g), 2):
            if frozenset((a, b)) not in dup_set:
                rep.error(f"duplicate group {sorted(g)} is not closed: [{a}, {b}] not listed")
    sizes = Counter(len(g) for g in groups.values())
    rep.note("duplicate groups: " + ", ".join(f"{n} of size {s}" for s, n in sorted(sizes.items())))

    # an overlap with one member of a duplicate group holds for every member
    group_of = {x: frozenset(g) for g in groups.values() for x in g}
    overlap_set = set(out["overlaps"])
    for p in out["overlaps"]:
        a, b = sorted(p)
        for x, y in ((a, b), (b, a)):
            for twin in group_of.get(x, frozenset()) - {x}:
                if frozenset((twin, y)) not in overlap_set:
                    rep.error(f"overlap [{x}, {y}] but not [{twin}, {y}] though {x} = {twin}")

    # correlation traps need values on both sides
    for p in out["correlation"]:
        for x in p:
            if x in by_id and "values" not in by_id[x]:
                rep.error(f"correlation trap {sorted(p)}: {x} has no values")

    # duplicates and overlaps are not on adjacent ids (the catalog is shuffled)
    order = {rid: i for i, rid in enumerate(by_id)}
    for p in out["duplicates"] + out["overlaps"]:
        a, b = sorted(p)
        if a in order and b in order and abs(order[a] - order[b]) == 1:
            rep.error(f"related pair [{a}, {b}] sits on adjacent ids")

    has_values = any("values" in r for r in by_id.values())
    minimum = MINIMUM | (MINIMUM_WITH_VALUES if has_values else {})
    for cat, n in minimum.items():
        if len(out[cat]) < n:
            rep.error(f"only {len(out[cat])} {cat} (need at least {n})")
    rep.note(
        f"{len(out['duplicates'])} duplicate pairs, {len(out['overlaps'])} overlaps, traps: "
        f"{len(out['wording'])} wording, {len(out['correlation'])} correlation"
    )
    return out


BANDS = {
    "duplicates": (0.95, 1.0, "> 0.95"),
    "overlaps": (0.75, 0.90, "0.75-0.90"),
    "wording": (0.0, 0.30, "< 0.30"),
    "correlation": (0.80, 1.0, "> 0.80"),
}
UNLABELLED_MAX = 0.75


def check_values(by_id: dict[str, dict], pairs: dict[str, list[Pair]], rep: Report) -> None:
    series = {rid: r["values"] for rid, r in by_id.items() if isinstance(r.get("values"), dict)}
    if not series:
        return

    def r(p: Pair) -> float | None:
        a, b = sorted(p)
        if a not in series or b not in series:
            return None
        keys = sorted(set(series[a]) & set(series[b]))
        xs, ys = [series[a][k] for k in keys], [series[b][k] for k in keys]
        try:
            return abs(statistics.correlation(xs, ys))
        except statistics.StatisticsError:
            return None

    labelled: set[Pair] = set()
    for cat, (lo, hi, text) in BANDS.items():
        rs = []
        for p in pairs[cat]:
            labelled.add(p)
            v = r(p)
            if v is None:  # a pair without values on both sides is judged on text only
                continue
            rs.append(v)
            if not lo <= v <= hi:
                rep.error(f"{cat} {sorted(p)}: |r| = {v:.3f}, expected {text}")
        if rs:
            rep.note(f"|r| {cat}: {min(rs):.3f}-{max(rs):.3f} (expected {text})")
    worst, worst_pair = 0.0, None
    for a, b in combinations(sorted(series), 2):
        p = frozenset((a, b))
        if p in labelled:
            continue
        v = r(p)
        if v is not None and v > worst:
            worst, worst_pair = v, sorted(p)
    rep.note(f"|r| unlabelled pairs: max {worst:.3f} {worst_pair} (expected < {UNLABELLED_MAX})")
    if worst >= UNLABELLED_MAX:
        rep.error(f"unlabelled pair {worst_pair} has |r| = {worst:.3f}")


def check_dir(d: Path) -> Report:
    rep = Report(d.name)
    try:
        rows = yaml.safe_load((d / "catalog.yaml").read_text(encoding="utf-8"))
        labels = yaml.safe_load((d / "labels.yaml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        rep.error(f"cannot read: {exc}")
        return rep
    expected: set[str] | str | None = EXPECTED_KEYS.get(d.name, "any")
    by_id = check_catalog(rows, rep, expected)
    pairs = check_labels(labels, by_id, rep)
    check_values(by_id, pairs, rep)
    return rep


def main(argv: list[str]) -> int:
    dirs = [Path(a) for a in argv] or sorted(p.parent for p in HERE.glob("*/catalog.yaml"))
    failed = False
    for d in dirs:
        rep = check_dir(d)
        status = "FAIL" if rep.errors else "OK"
        print(f"{rep.name}: {status}")
        for line in rep.info:
            print(f"  {line}")
        for line in rep.errors:
            print(f"  ERROR {line}")
        failed = failed or bool(rep.errors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
