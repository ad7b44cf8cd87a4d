"""The real app with a fake Rasa behind it (httpx MockTransport) and a throw-away database."""

import httpx
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.rasa_client import RasaClient
from api.settings import Settings

SESSION = "test-sessie-0001"


def rasa_reply(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json=[
        {"recipient_id": SESSION, "text": "Duaal leren is leren op school en op de werkplek.",
         "buttons": [{"title": "Krijg ik een diploma?", "payload": "/vraag"}]},
        {"recipient_id": SESSION, "custom": {"sources": [{"title": "Actieplan Duaal Leren 2025", "reference": "1.1"}],
                                             "article_id": "wat-is-duaal-leren"}},
    ])


def rasa_down(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("connection refused", request=request)


@pytest.fixture
def client_with(kb, tmp_path):
    """``client_with(handler, **settings)`` -> a TestClient whose Rasa is ``handler``."""
    clients = []

    def make(handler, **settings) -> TestClient:
        databases = {"database_url": f"sqlite:///{tmp_path}/app-{len(clients)}.db",
                     "rasa_tracker_url": f"sqlite:///{tmp_path}/rasa-{len(clients)}.db"}
        app = create_app(Settings(_env_file=None, **databases, **settings), kennisbank=kb)
        client = TestClient(app)
        client.__enter__()
        clients.append(client)
        app.state.rasa = RasaClient("http://127.0.0.1:5005", 3.0, transport=httpx.MockTransport(handler))
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)
