"""Indicator rationalisation: duplicates, overlaps, quality and a smaller set (contract §4.3)."""

from assistant.indicators.catalog import Catalog, load_catalog
from assistant.indicators.service import Analysis, analyse, result_json

__all__ = ["Analysis", "Catalog", "analyse", "load_catalog", "result_json"]
