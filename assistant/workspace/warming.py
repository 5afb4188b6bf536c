"""Warming the shared library while the server is quiet (the API and the UI).

A new library's first questions embed the openings of their quote windows (about 45 ms each on
a slow machine, up to two dozen a question) and keep them (retrieval.library.opening_vectors).
The server embeds the ones no question has needed yet in a background thread, a few at a time
and only when no search has started for a second, so a question rarely embeds one itself. It
starts once a request has opened the library (opening loads the embedding model), and picks
up a library that an upload changed. The ``kaoping ask`` resident does the same while it waits
(assistant/cli/resident.py).
"""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING

from assistant.documents import WARM_STEP, warms_locally

if TYPE_CHECKING:
    from assistant.workspace.office import Office

log = logging.getLogger(__name__)
QUIET = 1.0  # seconds without a search before a step
IDLE = 5.0  # seconds between looks once nothing is left (an upload may add openings)


class OpeningWarmer:
    """One background thread per office; stopped before the library closes."""

    def __init__(self, office: Office) -> None:
        self.office = office
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="kaoping-warm", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _loop(self) -> None:
        pause = QUIET
        while not self._stop.wait(pause):
            pause = self.step()

    def step(self) -> float:
        """One step: embed a few openings if the library is open and the server quiet; how
        long to wait before the next."""
        library = self.office.opened_library()
        if library is None or not warms_locally(library):
            return IDLE
        quiet_for = time.monotonic() - self.office.last_search
        if quiet_for < QUIET:
            return QUIET - quiet_for
        try:
            done = library.warm_openings(WARM_STEP)
        except Exception:  # a cache: answers embed what they need themselves
            log.exception("warming window openings failed")
            return IDLE
        return 0.0 if done else IDLE
