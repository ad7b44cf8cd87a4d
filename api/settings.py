"""All configuration, read once from the environment (prefix ``DLA_``).

Usage::

    from api.settings import get_settings
    settings = get_settings()
    settings.rasa_url  # "http://127.0.0.1:5005"
"""

from functools import lru_cache
from ipaddress import ip_address
from typing import Literal
from urllib.parse import urlparse

from pydantic import Field, field_validator, model_validator

from kennisbank.config import REPO_ROOT, KennisbankSettings


class Settings(KennisbankSettings):
    """Settings for the API and the Rasa bridge, plus the kennisbank's own (inherited)."""

    environment: Literal["development", "test", "production"] = "development"
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)

    rasa_url: str = "http://127.0.0.1:5005"
    rasa_timeout_seconds: float = Field(default=3.0, gt=0, le=60)

    rasa_tracker_url: str = f"sqlite:///{REPO_ROOT / 'data' / 'rasa-tracker.db'}"
    cors_origins: list[str] = Field(default_factory=list)

    retention_days: int = Field(default=30, ge=1, le=3650)
    rate_limit_client: str = "60/minute"
    rate_limit_session: str = "20/minute"
    rate_limit_storage_url: str = "memory://"  # redis://host:port/0 to share counts between replicas
    max_body_bytes: int = Field(default=16_384, ge=1024)

    content_poll_seconds: float = Field(default=1.0, gt=0, le=60)  # how soon another replica serves an edit
    login_session_hours: float = Field(default=8.0, gt=0, le=24 * 14)
    login_failures_per_user: str = "5/15 minutes"
    login_failures_per_client: str = "20/15 minutes"

    @property
    def secure_cookies(self) -> bool:
        """Cookies only over HTTPS in production (a local http:// run could not log in otherwise)."""
        return self.environment == "production"

    @field_validator("rasa_url")
    @classmethod
    def rasa_on_loopback(cls, value: str) -> str:
        """Rasa has no authentication of its own: it must only be reachable on this machine."""
        host = urlparse(value).hostname or ""
        if host != "localhost" and not _is_loopback(host):
            raise ValueError("DLA_RASA_URL must point to a loopback address (127.0.0.1, ::1, localhost)")
        return value.rstrip("/")

    @model_validator(mode="after")
    def refuse_unsafe_production(self) -> "Settings":
        if self.environment == "production" and "*" in self.cors_origins:
            raise ValueError("DLA_CORS_ORIGINS may not contain '*' in production")
        return self


def _is_loopback(host: str) -> bool:
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False


@lru_cache
def get_settings() -> Settings:
    return Settings()
