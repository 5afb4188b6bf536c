"""Validate this set: the shared checks of evals/chat/blind_check.py and this folder's spec.yaml."""

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from blind_check import main

sys.exit(main(pathlib.Path(__file__).resolve().parent))
