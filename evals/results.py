"""Write an eval's RESULTS.md with the command and commit that produced it."""

from __future__ import annotations

import subprocess
from pathlib import Path


def write_results(path: Path, title: str, command: str, body: str, preface: str = "") -> None:
    root = Path(__file__).resolve().parents[1]
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        cwd=root,
        check=False,
    ).stdout.strip()
    text = f"# {title}\n\nCommand: `{command}` (code at commit {commit}).\n\n"
    if preface:
        text += preface.rstrip() + "\n\n"
    path.write_text(text + body.rstrip() + "\n", encoding="utf-8")
