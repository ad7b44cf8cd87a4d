import uuid

import pytest

from kennisbank.config import KennisbankSettings
from kennisbank.engine import Kennisbank


@pytest.fixture(scope="session")
def settings() -> KennisbankSettings:
    return KennisbankSettings(_env_file=None)


@pytest.fixture(scope="session")
def kb(settings) -> Kennisbank:
    """One real Kennisbank (real model, shipped content) shared by all tests."""
    return Kennisbank.from_settings(settings.content_dir, settings.embedding_model, settings.index_dir)


@pytest.fixture(scope="session")
def postgres():
    """One real PostgreSQL server on loopback for the whole run (Debian's package, installed by make test)."""
    from scripts.backends import PostgresServer  # noqa: PLC0415

    with PostgresServer() as server:
        yield server


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    """An empty database, once SQLite and once PostgreSQL: storage tests run against both."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/app.db"
    return request.getfixturevalue("postgres").create_database(f"test_{uuid.uuid4().hex[:12]}")
