"""The ``kaoping`` command: thin faces that parse, call a service and render.

Every command takes ``--format json`` and then prints exactly one JSON document
on stdout; messages go to stderr. Exit 0 on success, 2 on bad input (one line
naming file, line and field; no traceback), 1 when a command over many items
finished some and failed others. Commands live by area: scoring, review, library.

``kaoping ask`` is first offered to the resident answering process
(``assistant/cli/resident.py``) before anything heavy is imported; the Typer app
is built only when a command runs here.
"""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer

_AREAS = ("scoring", "drafting", "review", "library", "chat", "indicators", "batch", "server")

__all__ = ["build_app", "main"]


def build_app() -> typer.Typer:
    """The Typer app with every command registered (``assistant.cli.app.app``)."""
    from assistant.cli.app import app

    for area in _AREAS:  # importing registers the commands, in help order
        importlib.import_module(f"assistant.cli.{area}")
    return app


def main() -> None:
    """Console-script entry point."""
    if sys.argv[1:2] == ["ask"]:
        from assistant.cli.resident import forward

        code = forward(sys.argv[1:])
        if code is not None:
            raise SystemExit(code)
    build_app()()
