"""Review: every gap between what a narrative claims and what the data says."""

from assistant.review.flags import Flag, FlagKind
from assistant.review.narrative import Narrative, load_narrative, narrative_from_bytes
from assistant.review.rules import review_text
from assistant.review.service import review, review_json

__all__ = [
    "Flag",
    "FlagKind",
    "Narrative",
    "load_narrative",
    "narrative_from_bytes",
    "review",
    "review_json",
    "review_text",
]
