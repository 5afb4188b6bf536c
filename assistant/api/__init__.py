"""The HTTP API (FastAPI): a thin face over the services, with keys, roles and the workspace."""

from assistant.api.app import create_app

__all__ = ["create_app"]
