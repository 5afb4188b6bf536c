"""Claims in narrative text: numbers with units and qualifiers, status, trend and light
words, and links from text to the indicators of a metrics file (zh-TW first, en second)."""

from assistant.claims.linking import IndicatorIndex, Mention
from assistant.claims.quantities import Quantity, find_quantities
from assistant.claims.text import Sentence, normalize_same_length, split_sentences
from assistant.claims.units import in_indicator_unit, parse_unit
from assistant.claims.words import find_lights, find_status, find_trends

__all__ = [
    "IndicatorIndex",
    "Mention",
    "Quantity",
    "Sentence",
    "find_lights",
    "find_quantities",
    "find_status",
    "find_trends",
    "in_indicator_unit",
    "normalize_same_length",
    "parse_unit",
    "split_sentences",
]
