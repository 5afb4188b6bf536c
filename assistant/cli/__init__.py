"""The ``kaoping`` command: thin faces that parse, call a service and render.

Every command takes ``--format json`` and then prints exactly one JSON document
on stdout; messages go to stderr. Exit 0 on success, 2 on bad input (one line
naming file, line and field; no traceback), 1 when a command over many items
finished some and failed others. Commands live by area: scoring, review, library.
"""

import importlib

from assistant.cli.app import app

for _area in (
    "scoring",
    "drafting",
    "review",
    "library",
    "chat",
    "indicators",
    "batch",
    "server",
):  # importing registers the commands, in help order
    importlib.import_module(f"assistant.cli.{_area}")

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    app()
