"""Why a document could not be read: a message id and parameters, rendered by the face."""

from __future__ import annotations

from typing import Any


class DocumentError(Exception):
    """A document that cannot be used (corrupt, encrypted, image-only, empty, unsupported)."""

    def __init__(self, message_id: str, file: str, **params: Any) -> None:
        super().__init__(f"{file}: {message_id} {params}")
        self.message_id = message_id
        self.file = file
        self.params = params
