"""The auto-report batch (ESEM-style): a whole government's indicator table in, every report out."""

from assistant.batch.runner import FORMATS, BatchResult, run_batch

__all__ = ["FORMATS", "BatchResult", "run_batch"]
