"""Drafting the self-evaluation narrative: deterministic text, or a model's text checked by the core."""

from assistant.drafting.deterministic import DraftOptions
from assistant.drafting.document import Draft, draft_json
from assistant.drafting.service import write_draft

__all__ = ["Draft", "DraftOptions", "draft_json", "write_draft"]
