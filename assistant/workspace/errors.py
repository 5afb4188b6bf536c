"""What a desk refuses: a face turns each into its own answer (HTTP status, a UI message)."""

from __future__ import annotations

from typing import Any


class DeskError(Exception):
    """A refusal with a message id, the field at fault and the message's parameters."""

    status = 400

    def __init__(self, message_id: str, field: str | None = None, **params: Any) -> None:
        super().__init__(message_id)
        self.message_id, self.field, self.params = message_id, field, params


class Forbidden(DeskError):
    """The caller's role or agencies do not allow this."""

    status = 403

    def __init__(self) -> None:
        super().__init__("api.err.forbidden")


class NotFound(DeskError):
    """No such thing, or one the caller may not see (the same answer, so nothing leaks)."""

    status = 404


class Conflict(DeskError):
    """Not possible in the current state (a batch still running)."""

    status = 409


class Unsupported(DeskError):
    """A file whose content is not a type accepted here."""

    status = 415


class Invalid(DeskError):
    """Input that passed the schema but not the desk (a section that does not exist)."""

    status = 422
