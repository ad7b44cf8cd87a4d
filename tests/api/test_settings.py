import pytest
from pydantic import ValidationError

from api.settings import Settings


def test_defaults_are_loopback():
    settings = Settings(_env_file=None)
    assert settings.host == "127.0.0.1"
    assert settings.rasa_url == "http://127.0.0.1:5005"


@pytest.mark.parametrize("url", ["http://10.0.0.5:5005", "http://rasa.example.org", "http://0.0.0.0:5005"])
def test_rasa_must_listen_on_loopback(url):
    with pytest.raises(ValidationError, match="loopback"):
        Settings(_env_file=None, rasa_url=url)


def test_wildcard_cors_refused_in_production():
    with pytest.raises(ValidationError, match="CORS"):
        Settings(_env_file=None, environment="production", cors_origins=["*"])


def test_settings_come_from_environment(monkeypatch):
    monkeypatch.setenv("DLA_PORT", "8123")
    monkeypatch.setenv("DLA_RASA_TIMEOUT_SECONDS", "1.5")
    settings = Settings(_env_file=None)
    assert (settings.port, settings.rasa_timeout_seconds) == (8123, 1.5)


def test_database_url_is_read_from_database_url_or_dla_database_url(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://dla@db.example/app")
    assert Settings(_env_file=None).database_url == "postgresql+psycopg://dla@db.example/app"
    monkeypatch.setenv("DLA_DATABASE_URL", "sqlite:///data/ander.db")
    assert Settings(_env_file=None).database_url == "sqlite:///data/ander.db"
