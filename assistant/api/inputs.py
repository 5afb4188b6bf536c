"""Limits on what requests carry."""

from __future__ import annotations

MAX_ID = 2**31 - 1
"""The largest id the workspace stores (its integer columns are 32-bit on PostgreSQL): an id
beyond it in a request answers 422 instead of overflowing the database driver (a 500)."""
