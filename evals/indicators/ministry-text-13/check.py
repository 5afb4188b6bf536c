"""Validate this catalog: the shared checks of evals/indicators/catalog_check.py, this spec.yaml."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from catalog_check import main

sys.exit(main(Path(__file__).resolve().parent))
