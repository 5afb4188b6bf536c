"""All configuration in one place: ``KAOPING_*`` environment variables, ``--home`` per command."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Read once per command; faces pass it down instead of reading the environment."""

    model_config = SettingsConfigDict(env_prefix="KAOPING_", extra="ignore")

    home: Path = Field(default_factory=lambda: Path.home() / ".kaoping")
    lang: str = "zh-TW"
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: SecretStr | None = None
    llm_timeout: float = 60.0  # seconds per request
    llm_max_attempts: int = 4  # per request, retrying 429, 5xx, timeouts and refused connections
    llm_backoff: float = 1.0  # first wait between attempts in seconds (exponential, with jitter)
    llm_temperature: float = 0.2
    llm_concurrency: int = 4  # requests in flight at once (batch)
    llm_rate: float = 0.0  # at most this many requests per second (0: no limit)
    database_url: str | None = None
    max_upload_mb: float = 20.0  # largest request body the API accepts (413 above it)
    request_timeout: float = (
        120.0  # seconds before the API answers 504 (streams and batches excepted)
    )
    chroma_url: str | None = None
    embedding_base_url: str | None = None
    embedding_model: str | None = None
    embedding_api_key: SecretStr | None = None

    @property
    def frameworks_dir(self) -> Path:
        """User frameworks that add to or override the built-in ones."""
        return self.home / "frameworks"

    @property
    def frameworks_home(self) -> Path | None:
        """The home to look for user frameworks in, or None when it has none (built-ins only)."""
        return self.home if self.frameworks_dir.is_dir() else None


def load_settings(*, home: Path | None = None, lang: str | None = None) -> Settings:
    """Settings from the environment, with per-command overrides."""
    overrides: dict[str, object] = {}
    if home is not None:
        overrides["home"] = home
    if lang is not None:
        overrides["lang"] = lang
    return Settings(**overrides)  # type: ignore[arg-type]
