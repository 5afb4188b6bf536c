"""Kaoping (考評): drafting and checking government performance-evaluation reports.

The deterministic core lives in :mod:`assistant.model` (the data contract) and
:mod:`assistant.scoring` (frameworks as data, exact decimals); faces such as
:mod:`assistant.cli` only parse input, call a service and render.
"""

__version__ = "0.1.0"
