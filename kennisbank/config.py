"""Kennisbank settings from the environment (prefix ``DLA_``); the API's Settings extend this class."""

from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


class KennisbankSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DLA_", env_file=".env", extra="ignore", populate_by_name=True)

    embedding_model: str = str(REPO_ROOT / "models" / "multilingual-e5-small")
    content_dir: Path = REPO_ROOT / "kennisbank" / "content"
    index_dir: Path = REPO_ROOT / "data" / "index"
    eval_file: Path = REPO_ROOT / "kennisbank" / "eval" / "vragen.yaml"
    # The runtime store of the content (seeded from content_dir on first start); PostgreSQL works too.
    database_url: str = Field(default=f"sqlite:///{REPO_ROOT / 'data' / 'app.db'}",
                              validation_alias=AliasChoices("DLA_DATABASE_URL", "DATABASE_URL"))
