"""The batch worker: runs submitted tables one after another in a background thread.

A run's state lives in the workspace (queued → running → done/failed, with progress), so a
client polls it and may disconnect at will. The table and the results stay under
``$KAOPING_HOME/batches/<id>``; a server restarted mid-run picks unfinished runs up again and
the batch's own manifest skips the agencies already done.
"""

from __future__ import annotations

import logging
import queue
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.workspace.office import Office

log = logging.getLogger("kaoping.batch")


def run_folder(home: Path, run_id: str) -> Path:
    return home / "batches" / run_id


class BatchWorker:
    def __init__(self, office: Office) -> None:
        self.office = office
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the thread and queue again every run a previous server left unfinished."""
        if self._thread is not None:
            return
        self.office.workspace.requeue_interrupted()
        for run in self.office.workspace.unfinished_batches():
            self._queue.put(run.id)
        self._thread = threading.Thread(target=self._loop, name="kaoping-batch", daemon=True)
        self._thread.start()

    def submit(self, run_id: str) -> None:
        self._queue.put(run_id)

    def stop(self) -> None:
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout=5)
            self._thread = None

    def _loop(self) -> None:
        while (run_id := self._queue.get()) is not None:
            try:
                self.run(run_id)
            except Exception:  # the worker outlives any one run
                log.exception("batch %s failed", run_id)

    def run(self, run_id: str) -> None:
        """One run, start to end (also called directly by tests)."""
        from assistant.batch import run_batch

        ws = self.office.workspace
        run = ws.batch(run_id)
        if run is None or not ws.claim_batch(run_id):
            return  # finished, gone, or another worker has it
        folder = run_folder(self.office.settings.home, run_id)
        options: dict[str, Any] = dict(run.options)
        table = folder / f"input{options.pop('suffix')}"

        def progress(agency: str, done: int, total: int) -> None:
            ws.update_batch(run_id, done=done, total=total)

        try:
            result = run_batch(table, folder / "out", formats=tuple(options["formats"]),
                               lang=options["lang"], roc_year=options["roc_year"], quota=options["quota"],
                               model=self.office.model, concurrency=self.office.settings.llm_concurrency,
                               progress=progress)  # fmt: skip
        except Exception as exc:
            from assistant.model import KaopingInputError

            message = (
                exc.render(options["lang"])
                if isinstance(exc, KaopingInputError)
                else type(exc).__name__
            )
            ws.update_batch(run_id, status="failed", error=message)
            return
        summary = result.summary
        ws.update_batch(run_id, status="done", summary=summary,
                        done=len(result.done) + len(result.skipped),
                        total=len(result.done) + len(result.skipped) + len(result.failures))  # fmt: skip
