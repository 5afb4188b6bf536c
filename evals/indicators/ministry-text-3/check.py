"""Validate catalog.yaml and labels.yaml of the ministry-text-3 blind set (the shared checks:
evals/indicators/catalog_check.py).

Usage: python check.py  (prints OK, or the problems and exits 1)
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from catalog_check import Spec, main  # noqa: E402

SPEC = Spec(
    id_prefix="M",
    n_range=(55, 65),
    goal_range=(10, 14),
    n_agencies=6,
)

if __name__ == "__main__":
    sys.exit(main(HERE, SPEC))
