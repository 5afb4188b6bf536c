"""Check ``ministry-text-2``: catalog fields, unique ids, labelled ids exist, counts.

Self-contained (does not import the shared checker). Exit status 1 on any problem.

Run::

    .venv/bin/python evals/indicators/ministry-text-2/check.py
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from itertools import combinations
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REQUIRED = ("id", "agency_id", "name", "type", "goal", "direction")
KNOWN = {*REQUIRED, "definition", "unit"}
TYPES = {"input", "process", "output", "outcome"}
DIRECTIONS = {"higher", "lower"}
AGENCIES = {"moea", "moenv", "moa", "mohw", "moe", "moi", "motc", "mol"}
MINIMUM = {"duplicates": 14, "overlaps": 6, "wording": 10}


def main() -> int:
    errors: list[str] = []
    rows = yaml.safe_load((HERE / "catalog.yaml").read_text(encoding="utf-8"))
    labels = yaml.safe_load((HERE / "labels.yaml").read_text(encoding="utf-8"))

    ids: list[str] = []
    for row in rows:
        rid = str(row.get("id"))
        ids.append(rid)
        if not re.fullmatch(r"N\d{2,}", rid):
            errors.append(f"{rid}: id is not opaque N01…")
        errors += [f"{rid}: missing {f}" for f in REQUIRED if row.get(f) in (None, "")]
        errors += [f"{rid}: unknown field {f}" for f in set(row) - KNOWN]
        if row.get("type") not in TYPES:
            errors.append(f"{rid}: bad type {row.get('type')!r}")
        if row.get("direction") not in DIRECTIONS:
            errors.append(f"{rid}: bad direction {row.get('direction')!r}")
        if row.get("agency_id") not in AGENCIES:
            errors.append(f"{rid}: unknown agency {row.get('agency_id')!r}")
        if row.get("unit") == "%" and "÷" not in str(row.get("definition", "")):
            errors.append(f"{rid}: a rate without numerator ÷ denominator")
    errors += [f"duplicate id {i}" for i, n in Counter(ids).items() if n > 1]
    known = set(ids)

    pairs: dict[str, list[frozenset[str]]] = {"duplicates": [], "overlaps": [], "wording": []}
    seen: dict[frozenset[str], str] = {}

    def take(raw: object, cat: str) -> None:
        if not (isinstance(raw, list) and len(raw) == 2):
            errors.append(f"{cat}: bad pair {raw!r}")
            return
        a, b = (str(x) for x in raw)
        errors.extend(f"{cat} [{a}, {b}]: unknown id {x}" for x in (a, b) if x not in known)
        p = frozenset((a, b))
        if a == b or p in seen:
            errors.append(f"{cat} [{a}, {b}]: self-pair or labelled twice ({seen.get(p)})")
            return
        seen[p] = cat
        pairs[cat].append(p)

    for raw in labels.get("duplicates") or []:
        take(raw, "duplicates")
    for raw in labels.get("overlaps") or []:
        take(raw, "overlaps")
    for t in labels.get("traps") or []:
        if t.get("kind") != "wording":
            errors.append(f"trap {t!r}: kind must be wording")
            continue
        take(t.get("pair"), "wording")

    # duplicate groups closed (every pair of a triple listed)
    groups: list[set[str]] = []
    for p in pairs["duplicates"]:
        hit = [g for g in groups if g & p]
        merged = set(p).union(*hit)
        groups = [g for g in groups if g not in hit] + [merged]
    dup = set(pairs["duplicates"])
    for g in groups:
        for a, b in combinations(sorted(g), 2):
            if frozenset((a, b)) not in dup:
                errors.append(f"duplicate group {sorted(g)} not closed: [{a}, {b}] missing")

    # related pairs not on adjacent ids
    pos = {rid: i for i, rid in enumerate(ids)}
    for p in pairs["duplicates"] + pairs["overlaps"]:
        a, b = sorted(p)
        if a in pos and b in pos and abs(pos[a] - pos[b]) == 1:
            errors.append(f"related pair [{a}, {b}] on adjacent ids")

    for cat, n in MINIMUM.items():
        if len(pairs[cat]) < n:
            errors.append(f"only {len(pairs[cat])} {cat} (need {n})")

    agencies = Counter(str(r.get("agency_id")) for r in rows)
    cross = sum(
        1
        for p in pairs["duplicates"]
        if len({next(r["agency_id"] for r in rows if r["id"] == x) for x in p if x in known}) > 1
    )
    labelled_ids = {x for ps in pairs.values() for p in ps for x in p}
    print(
        f"{len(rows)} indicators ({len(known)} unique ids), agencies "
        + ", ".join(f"{a} {n}" for a, n in sorted(agencies.items()))
    )
    print(
        f"{len(pairs['duplicates'])} duplicate pairs ({cross} across agencies; groups: "
        + ", ".join(f"{n} of size {s}" for s, n in sorted(Counter(map(len, groups)).items()))
        + f"), {len(pairs['overlaps'])} overlaps, {len(pairs['wording'])} wording traps"
    )
    print(f"{len(labelled_ids)} labelled ids, {len(known - labelled_ids)} unlabelled")
    for e in errors:
        print(f"ERROR {e}")
    print("FAIL" if errors else "OK")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
