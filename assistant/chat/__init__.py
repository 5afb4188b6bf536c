"""Chat with the guidance documents: cited answers, an honest "not in the documents"."""

from assistant.chat.conversation import ConversationStore
from assistant.chat.service import Answer, answer_json, ask

__all__ = ["Answer", "ConversationStore", "answer_json", "ask"]
