"""Fixtures for the redactie tests: an app with its own Kennisbank (publishing reloads it), editors, logging in.

``client_with`` (tests/api/conftest.py) shares the session-wide Kennisbank with many other tests, so every
test that publishes uses ``redactie_app`` instead: same real app and fake (down) Rasa, but its own Kennisbank
built from the loaded model and the embedding cache (well under a second).
"""

import re

import httpx
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.rasa_client import RasaClient
from api.settings import Settings
from kennisbank.engine import Kennisbank
from tests.api.conftest import rasa_down

PASSWORD = "een-lang-wachtwoord-2025"
EDITORS = {"bea": "beheerder", "rik": "redacteur"}
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def own_kennisbank(kb, settings):
    """``own_kennisbank()`` -> a fresh Kennisbank over the shipped content, reusing the loaded model."""
    return lambda: Kennisbank(kb.embedder, kb.content, settings.index_dir)


@pytest.fixture
def redactie_app(own_kennisbank, tmp_path):
    """``redactie_app(**settings)`` -> a TestClient: own Kennisbank and database, Rasa down, editors bea and rik."""
    clients: list[TestClient] = []

    def make(**overrides) -> TestClient:
        number = len(clients)
        defaults = {"database_url": f"sqlite:///{tmp_path}/redactie-{number}.db",
                    "rasa_tracker_url": f"sqlite:///{tmp_path}/rasa-{number}.db"}
        settings = Settings(_env_file=None, **(defaults | overrides))
        client = TestClient(create_app(settings, kennisbank=own_kennisbank()))
        client.__enter__()
        clients.append(client)
        client.app.state.rasa = RasaClient("http://127.0.0.1:5005", 3.0, transport=httpx.MockTransport(rasa_down))
        add_editors(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


def add_editors(client: TestClient) -> TestClient:
    for username, role in EDITORS.items():
        client.app.state.accounts.create_user(username, PASSWORD, role)
    return client


def api_login(client: TestClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    """Log in through the JSON API; returns the CSRF header for changes."""
    response = client.post("/api/redactie/aanmelden", json={"gebruikersnaam": username, "wachtwoord": password})
    assert response.status_code == 200, response.text
    return {"X-CSRF-Token": response.json()["csrf_token"]}


def page_login(client: TestClient, username: str, password: str = PASSWORD,
               volgende: str | None = None) -> httpx.Response:
    """Log in through the login page (with its double-submit token); returns the 303 or the page with the error."""
    form = client.get("/redactie/aanmelden")
    data = {"csrf_token": page_csrf(form.text), "gebruikersnaam": username, "wachtwoord": password}
    if volgende is not None:
        data["volgende"] = volgende
    return client.post("/redactie/aanmelden", data=data, follow_redirects=False)


def logged_in(client: TestClient, username: str) -> TestClient:
    response = page_login(client, username)
    assert response.status_code == 303, response.text
    return client


def second_browser(client: TestClient, username: str) -> TestClient:
    """Another browser (own cookies) on the same running app, logged in as ``username``."""
    return logged_in(TestClient(client.app), username)


def page_csrf(html: str) -> str:
    return CSRF.search(html).group(1)
