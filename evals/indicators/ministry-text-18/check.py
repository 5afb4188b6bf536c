"""Validate this catalog: the shared checks of evals/indicators/catalog_check.py, this spec.yaml."""

import sys
from pathlib import Path

sys.path.insert(0, "/work/main/evals/indicators")
from catalog_check import main

sys.exit(main(Path(__file__).resolve().parent))
