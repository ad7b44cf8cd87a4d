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
