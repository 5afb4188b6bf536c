"""The office a request works in (one per server process, built at start-up)."""

from __future__ import annotations

from fastapi import Request

from assistant.workspace.office import Office


def office(request: Request) -> Office:
    found: Office = request.app.state.office
    return found
